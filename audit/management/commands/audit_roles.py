import os

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from audit.roles import create_app_role


class Command(BaseCommand):
    help = (
        "Create (or reset) the PostgreSQL role the application connects as: it owns nothing and may only "
        "SELECT and INSERT on history, chain and access-log tables. Run as the owner, after migrate "
        "(migrate re-grants by itself when DJANGO_AUDIT_APP_ROLE names the role). "
        "The password is read from DJANGO_APP_DB_PASSWORD, if set."
    )

    def add_arguments(self, parser):
        parser.add_argument("--app-role", default=os.environ.get("DJANGO_AUDIT_APP_ROLE", "registry_app"))

    def handle(self, *args, app_role, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Database roles exist on PostgreSQL only.", returncode=2)
        with transaction.atomic(), connection.cursor() as cursor:
            create_app_role(cursor, app_role, os.environ.get("DJANGO_APP_DB_PASSWORD") or None)
        self.stdout.write(self.style.SUCCESS(f"Role {app_role}: owns nothing; history is SELECT and INSERT only."))
