"""The application's database role owns nothing: history can be added to, never rewritten."""

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from audit.models import AccessEvent, ChainLink
from audit.verification import verify
from documents.models import Document
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db

APP_ROLE = "registry_app_test"


@pytest.fixture
def as_app_role(chain_now):
    """The test's connection becomes the application role (created in the test's transaction, rolled back with it)."""
    call_command("audit_roles", "--app-role", APP_ROLE)
    with connection.cursor() as cursor:
        cursor.execute(f"SET ROLE {APP_ROLE}")
    yield
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")


def refused(statement):
    with pytest.raises(DatabaseError, match="permission denied|must be owner"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)


def test_registration_works_as_the_application_role_and_is_chained(office, as_app_role):
    document = DocumentFactory(registry=office.registry, by=office.clerk, copies_count=2)

    history_ids = set(Document.history.filter(id=document.pk).values_list("history_id", flat=True))
    linked = set(ChainLink.objects.filter(table_name="documents_historicaldocument").values_list("history_id", flat=True))
    assert history_ids and history_ids <= linked
    assert verify().ok


@pytest.mark.parametrize(
    "statement",
    [
        "TRUNCATE documents_historicaldocument",
        "TRUNCATE audit_accessevent",
        "ALTER TABLE documents_historicaldocument DISABLE TRIGGER audit_append_only",
        "ALTER TABLE documents_historicaldocument DISABLE TRIGGER audit_chain_link",
        "DROP TRIGGER audit_append_only ON documents_historicaldocument",
        "CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN OLD; END $$",
        "SET session_replication_role = replica",
        "INSERT INTO audit_chainlink (chain, seq, table_name, history_id, shape_id, row_hash, prev_hash, link_hash) "
        "VALUES ('main', 999999, 'x', 1, 1, 'a', 'b', 'c')",
        "DELETE FROM audit_pendinglink",
        "UPDATE documents_historicaldocument SET title = 'x'",
        "DELETE FROM audit_accessevent",
    ],
)
def test_the_application_role_cannot_rewrite_history(office, as_app_role, statement):
    DocumentFactory(registry=office.registry, by=office.clerk)
    AccessEvent.objects.create(kind="denied", username="clerk")
    before = (Document.history.count(), ChainLink.objects.count(), AccessEvent.objects.count())

    refused(statement)

    # Refused and nothing changed: the history, its chain and the access log are as they were, and still verify.
    assert (Document.history.count(), ChainLink.objects.count(), AccessEvent.objects.count()) == before
    assert verify().ok
