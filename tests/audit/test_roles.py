"""The application's database role owns nothing: history can be added to, never rewritten."""

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, connections, transaction

from audit.models import AccessEvent, ChainLink
from audit.verification import verify
from documents.models import Document
from tests.db_roles import APP_ROLE, owner_rights
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db



@pytest.fixture
def as_app_role(chain_now):
    """The whole suite runs as the application role (tests/db_roles.py); these tests only need links written now."""


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


def test_the_suite_connects_as_the_application_role_which_owns_nothing():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_user, session_user, rolsuper, rolcreaterole, rolcreatedb, rolbypassrls FROM pg_roles "
            "WHERE rolname = current_user"
        )
        assert cursor.fetchone() == (APP_ROLE, APP_ROLE, False, False, False, False)
        cursor.execute(
            "SELECT count(*) FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)"
        )
        assert cursor.fetchone() == (0,)
    # The registry-number allocator's connection (documents/services/numbering.py) too.
    with connections["allocator"].cursor() as cursor:
        cursor.execute("SELECT current_user")
        assert cursor.fetchone() == (APP_ROLE,)


def test_update_on_a_history_table_is_refused_for_want_of_the_right(office, as_app_role):
    DocumentFactory(registry=office.registry, by=office.clerk)

    # The privilege check, before the append-only trigger is even reached.
    with pytest.raises(DatabaseError, match="permission denied for table documents_historicaldocument"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE documents_historicaldocument SET title = 'x'")


def test_the_application_role_changes_and_deletes_ordinary_rows(office, as_app_role):
    document = DocumentFactory(registry=office.registry, by=office.clerk)

    with connection.cursor() as cursor:
        cursor.execute("UPDATE documents_document SET pages = 99 WHERE id = %s", [document.pk])
        cursor.execute("DELETE FROM django_session")

    document.refresh_from_db()
    assert document.pages == 99


def test_audit_roles_grants_a_new_role_exactly_its_rights():
    role = "registry_app_second"
    with owner_rights():
        call_command("audit_roles", "--app-role", role)
    with connection.cursor() as cursor:
        def rights(table):
            cursor.execute(
                "SELECT array_agg(p ORDER BY p) FROM unnest(ARRAY['SELECT','INSERT','UPDATE','DELETE','TRUNCATE',"
                "'REFERENCES','TRIGGER']) AS p WHERE has_table_privilege(%s, %s, p)",
                [role, table],
            )
            return cursor.fetchone()[0]

        assert rights("documents_historicaldocument") == ["INSERT", "SELECT"]
        assert rights("audit_accessevent") == ["INSERT", "SELECT"]
        assert rights("audit_chainlink") == ["SELECT"]
        assert rights("documents_document") == ["DELETE", "INSERT", "SELECT", "UPDATE"]
