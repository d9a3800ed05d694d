"""generate_scale_data run whole and committed, as on a benchmark database: what comes after it goes on from it.

Registry numbers come from a connection of their own (documents/services/numbering.py), which sees
only committed counters, and history rows are linked into the chain at commit: these tests cannot
share test_scale_data.py's registry, which lives in a transaction rolled back after the module.
"""

import io

import pytest
from django.core.management import call_command

from documents.models import Registry
from documents.services.registration import register_document
from people.models import Membership
from tests.documents.test_scale_data import _generate
from tests.factories import document_fields

pytestmark = pytest.mark.slow


@pytest.fixture
def generated_and_committed():
    _generate()


@pytest.mark.django_db(transaction=True)
def test_registration_numbers_go_on_after_the_generated_ones(generated_and_committed):
    clerk = Membership.objects.filter(role="clerk").select_related("user", "unit").first()
    registry = Registry.objects.get(unit=clerk.unit)
    newest = registry.documents.order_by("-year", "-serial").first()

    document = register_document(registry=registry, by=clerk.user, reason="Registered on receipt", **document_fields())

    if document.year == newest.year:
        assert document.serial == newest.serial + 1
    assert document.pk > newest.pk


@pytest.mark.django_db(transaction=True)
def test_history_written_after_the_generation_goes_on_linking_one_row_at_a_time(generated_and_committed):
    from audit.models import ChainLink

    clerk = Membership.objects.filter(role="clerk").select_related("user", "unit").first()
    last = ChainLink.objects.order_by("-seq").first()
    register_document(
        registry=Registry.objects.get(unit=clerk.unit), by=clerk.user, reason="After the generation", **document_fields()
    )

    newer = ChainLink.objects.filter(seq__gt=last.seq).order_by("seq")
    assert newer.exists() and newer.first().prev_hash == last.link_hash
    out = io.StringIO()
    call_command("verify_audit", stdout=out, stderr=io.StringIO())
    assert "chain main" in out.getvalue()
