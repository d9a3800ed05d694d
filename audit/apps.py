from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Audit trail")

    def ready(self):
        from audit import signals  # noqa: F401  (records sign-ins, failures and sign-outs)
        from audit.database import install_after_migrate
        from audit.sqlite import register_functions

        # After every migrate, so history tables created by later migrations
        # (of any app) are chained and made append-only without their authors
        # doing anything.
        post_migrate.connect(install_after_migrate, sender=self, dispatch_uid="audit.install_triggers")
        # SQLite's chain triggers call hash functions that live in Python (audit/sqlite.py).
        connection_created.connect(register_functions, dispatch_uid="audit.sqlite_functions")
