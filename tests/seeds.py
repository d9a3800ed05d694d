"""The rows data migrations seed, written again by a test that needs them.

A fresh test database has them, but a transactional test's flush empties
every table, and `--reuse-db` keeps a database some earlier run flushed: a
test that reads the default self-inspection standard or the loan policies
asks for them here instead of trusting that no flush came first. The rows
are written by the migrations' own functions (with their own history rows,
so simple-history is kept from writing a second one), and only when missing.
"""

from importlib import import_module

from django.apps import apps
from django.test import override_settings


def _run(*functions):
    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        for function in functions:
            function(apps, None)


def default_checklist():
    from inspections.models import ChecklistTemplate

    if not ChecklistTemplate.objects.filter(is_default=True).exists():
        _run(
            import_module("inspections.migrations.0002_default_template").create,
            import_module("inspections.migrations.0004_special_inspections_evidence_device_checks").tie_items_to_evidence,
        )
    return ChecklistTemplate.objects.get(is_default=True)


def default_loan_policies():
    from documents.models import LoanPolicy

    migration = import_module("documents.migrations.0003_borrowing")
    if LoanPolicy.objects.count() < len(migration.DEFAULT_POLICIES):
        _run(migration.create_default_policies)
    return LoanPolicy.objects.all()
