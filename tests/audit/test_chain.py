"""The hash chain over every history row, and verify_audit catching tampering."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from audit.database import APPEND_ONLY_TRIGGER, CHAIN_TRIGGER, install, installed_triggers
from audit.models import ChainCheckpoint, ChainLink, CheckpointSource
from audit.models.chain import GENESIS_HASH
from audit.tracked import audit_record_models, history_models
from audit.verification import verify
from documents.models import Copy, CopyStatus, Document
from documents.services.editing import update_document
from documents.services.scope import change_scope
from people.roles import Role
from people.services.membership import add_membership, remove_membership
from tests.audit.conftest import tamper
from tests.db_roles import owner_rights
from tests.factories import DocumentFactory, RegistryFactory, proved

pytestmark = pytest.mark.django_db

HistoricalDocument = Document.history.model
HistoricalCopy = Copy.history.model


def verify_command():
    out, err = io.StringIO(), io.StringIO()
    call_command("verify_audit", stdout=out, stderr=err)
    return out.getvalue()


def failing_verify_command():
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("verify_audit", stdout=out, stderr=err)
    return str(raised.value), err.getvalue()


@pytest.fixture
def registry_work(office, chain_now):
    """A little of everything an office does: registrations, a scope change, a correction, a role change."""
    first = DocumentFactory(registry=office.registry, by=office.clerk, scope_users=[office.leader], copies_count=3)
    second = DocumentFactory(registry=office.registry, by=office.clerk, reference_number="BGS [2026] No. 2")
    change_scope(document=first, by=office.clerk, reason="Reader needs it", add_users=[office.reader], proof=proved(office.clerk))
    update_document(document=second, by=office.clerk, reason="Page count corrected", pages=14)
    membership = add_membership(user=office.reader2, unit=office.unit, role=Role.LEADER, by=office.administrator, reason="Acting")
    remove_membership(membership=membership, by=office.administrator, reason="Acting period over")
    return type("Work", (), {"first": first, "second": second})


def test_every_history_table_is_chained_and_append_only():
    present = installed_triggers()
    tables = [model._meta.db_table for model in history_models()]

    assert "documents_historicaldocument" in tables and "people_historicalmembership" in tables
    for table in tables:
        assert (table, CHAIN_TRIGGER) in present, table
        assert (table, APPEND_ONLY_TRIGGER) in present, table
    for model in audit_record_models():
        assert (model._meta.db_table, APPEND_ONLY_TRIGGER) in present


def test_bulk_created_copy_history_rows_are_each_linked(office, chain_now):
    document = DocumentFactory(registry=office.registry, by=office.clerk, copies_count=4)

    copy_rows = set(HistoricalCopy.objects.filter(document_id=document.pk).values_list("history_id", flat=True))
    linked = set(ChainLink.objects.filter(table_name="documents_historicalcopy").values_list("history_id", flat=True))
    assert len(copy_rows) == 4
    assert copy_rows <= linked


def test_links_are_numbered_without_gaps_and_each_names_the_previous_hash(registry_work):
    links = list(ChainLink.objects.order_by("seq"))

    assert [link.seq for link in links] == list(range(1, len(links) + 1))
    assert links[0].prev_hash == GENESIS_HASH
    assert all(later.prev_hash == earlier.link_hash for earlier, later in zip(links, links[1:]))


def test_verify_audit_passes_on_registry_work_and_records_a_checkpoint(registry_work):
    output = verify_command()

    links = ChainLink.objects.count()
    assert f"{links} history rows in 1 chain(s) verified" in output
    assert "rows/s" in output
    checkpoint = ChainCheckpoint.objects.get()
    assert (checkpoint.seq, checkpoint.source) == (links, CheckpointSource.VERIFY)
    assert checkpoint.last_hash == ChainLink.objects.get(seq=links).link_hash


def test_an_altered_history_row_is_named(registry_work):
    row = HistoricalDocument.objects.filter(id=registry_work.second.pk).order_by("history_id").first()
    tamper("UPDATE documents_historicaldocument SET title = 'nothing to see' WHERE history_id = %s", [row.history_id])

    message, details = failing_verify_command()

    assert f"documents_historicaldocument history row {row.history_id}" in message
    assert "altered" in message
    assert "[altered]" in details


def test_a_change_reason_rewritten_afterwards_is_caught(registry_work):
    row = HistoricalCopy.objects.order_by("history_id").first()
    tamper("UPDATE documents_historicalcopy SET history_change_reason = 'routine' WHERE history_id = %s", [row.history_id])

    message, _details = failing_verify_command()

    assert f"documents_historicalcopy history row {row.history_id}" in message


def test_a_removed_history_row_in_the_middle_is_named(registry_work):
    link = ChainLink.objects.filter(table_name="documents_historicalcopy").order_by("seq")[1]
    tamper("DELETE FROM documents_historicalcopy WHERE history_id = %s", [link.history_id])

    message, _details = failing_verify_command()

    assert f"documents_historicalcopy history row {link.history_id} (link #{link.seq}) was removed" in message


def test_a_row_removed_with_its_link_breaks_the_chain_at_the_next_link(registry_work):
    link = ChainLink.objects.filter(table_name="documents_historicalcopy").order_by("seq")[1]
    tamper("DELETE FROM documents_historicalcopy WHERE history_id = %s", [link.history_id])
    tamper("DELETE FROM audit_chainlink WHERE id = %s", [link.pk])

    message, _details = failing_verify_command()

    assert f"link #{link.seq + 1}" in message
    assert f"follows link #{link.seq - 1}" in message


def test_a_deleted_tail_is_caught_by_the_last_checkpoint(registry_work):
    verify_command()  # records the checkpoint
    last = ChainLink.objects.order_by("-seq")[:2]
    for link in last:
        tamper(f"DELETE FROM {link.table_name} WHERE history_id = %s", [link.history_id])
        tamper("DELETE FROM audit_chainlink WHERE id = %s", [link.pk])
    head = ChainLink.objects.order_by("-seq").first().seq

    message, _details = failing_verify_command()

    assert f"link #{head + 1} onward" in message
    assert "the last rows were removed" in message


def test_a_rewritten_chain_is_caught_by_the_checkpoint(registry_work):
    verify_command()
    link = ChainLink.objects.order_by("-seq").first()
    tamper("UPDATE audit_chainlink SET link_hash = %s WHERE id = %s", ["f" * 64, link.pk])

    message, details = failing_verify_command()

    assert f"link #{link.seq}" in message
    assert "checkpoint" in details


def test_a_history_row_inserted_behind_the_applications_back_is_named(registry_work):
    tamper(
        """
        INSERT INTO documents_historicalcopy (id, document_id, number, status, history_date, history_type, history_change_reason)
        SELECT id, document_id, number, 'destroyed', now(), '~', 'destroyed as planned' FROM documents_copy ORDER BY id LIMIT 1
        """
    )
    forged = HistoricalCopy.objects.order_by("-history_id").first()

    _message, details = failing_verify_command()

    assert f"documents_historicalcopy history row {forged.history_id} is not in the chain" in details


def test_a_change_without_history_is_reported(registry_work):
    copy = registry_work.first.copies.order_by("number").first()
    Copy.objects.filter(pk=copy.pk).update(status=CopyStatus.LOST)

    _message, details = failing_verify_command()

    assert f"documents_copy row {copy.pk} differs from its latest history row" in details


def test_a_column_added_to_a_tracked_model_keeps_older_rows_verifiable(registry_work):
    with owner_rights(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE refuses pending deferred checks
        cursor.execute("ALTER TABLE documents_historicaldocument ADD COLUMN shelf integer NOT NULL DEFAULT 7")

    report = verify()

    assert report.ok, report.problems


@pytest.mark.parametrize("table", ["documents_historicaldocument", "documents_historicalcopy", "audit_chainlink"])
def test_raw_update_and_delete_on_history_are_refused_even_to_the_owner(registry_work, table):
    # The application's role lacks the right (test_roles.py); the append-only trigger stops the owner as well.
    for statement in (f"UPDATE {table} SET id = id", f"DELETE FROM {table}"):
        with owner_rights(), pytest.raises(DatabaseError, match="append-only"):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(statement)


def test_orm_update_and_delete_of_history_rows_are_refused(registry_work):
    # As the application: no right to (the privilege check comes before the trigger).
    with pytest.raises(DatabaseError, match="permission denied"):
        with transaction.atomic():
            HistoricalDocument.objects.update(title="rewritten")
    # As the owner: the append-only trigger.
    with owner_rights():
        with pytest.raises(DatabaseError, match="append-only"):
            with transaction.atomic():
                HistoricalDocument.objects.update(title="rewritten")
        with pytest.raises(DatabaseError, match="append-only"):
            with transaction.atomic():
                HistoricalCopy.objects.all().delete()
        with pytest.raises(DatabaseError, match="append-only"):
            with transaction.atomic():
                ChainCheckpoint.objects.create(chain="main", seq=0, last_hash=GENESIS_HASH, source="manual")
                ChainCheckpoint.objects.all().delete()


def test_audit_checkpoint_records_the_head(registry_work):
    out = io.StringIO()
    call_command("audit_checkpoint", stdout=out)

    checkpoint = ChainCheckpoint.objects.get()
    head = ChainLink.objects.order_by("-seq").first()
    assert (checkpoint.seq, checkpoint.last_hash, checkpoint.source) == (head.seq, head.link_hash, CheckpointSource.DAILY)
    assert head.link_hash in out.getvalue()


def test_a_rolled_back_savepoint_leaves_the_chain_contiguous(office, chain_now):
    DocumentFactory(registry=office.registry, by=office.clerk)
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            DocumentFactory(registry=office.registry, by=office.clerk)
            raise RuntimeError("the clerk's session died")
    DocumentFactory(registry=office.registry, by=office.clerk)

    seqs = list(ChainLink.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))
    assert verify().ok


def test_a_history_table_that_gets_its_triggers_later_has_its_rows_adopted(registry_work):
    """As for a history table created by a later migration and filled before post_migrate ran."""
    with owner_rights(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # DROP TRIGGER refuses pending deferred checks
        cursor.execute(f"DROP TRIGGER {CHAIN_TRIGGER} ON documents_historicalregistry")
        cursor.execute(f"DROP TRIGGER {APPEND_ONLY_TRIGGER} ON documents_historicalregistry")
    RegistryFactory(unit=registry_work.first.registry.unit, code="LATE")
    assert not verify().ok  # the new row is not in the chain yet

    with owner_rights():  # as the next migrate would
        install()

    assert {("documents_historicalregistry", CHAIN_TRIGGER), ("documents_historicalregistry", APPEND_ONLY_TRIGGER)} <= installed_triggers()
    assert verify().ok


def test_a_dropped_append_only_trigger_is_named(registry_work):
    with owner_rights(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # DROP TRIGGER refuses pending deferred checks
        cursor.execute(f"DROP TRIGGER {APPEND_ONLY_TRIGGER} ON documents_historicaldocument")

    _message, details = failing_verify_command()

    assert "documents_historicaldocument has lost its audit_append_only trigger" in details


def test_a_disabled_chain_trigger_is_named(registry_work):
    with owner_rights(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"ALTER TABLE documents_historicalcopy DISABLE TRIGGER {CHAIN_TRIGGER}")

    _message, details = failing_verify_command()

    assert "documents_historicalcopy has its audit_chain_link trigger switched off" in details


@pytest.fixture
def access_log(registry_work, office):
    from audit.models import AccessEvent, AccessKind

    events = [
        AccessEvent.objects.create(user=office.clerk, username="clerk", kind=kind, object_description="documents.Document #1")
        for kind in (AccessKind.SIGN_IN, AccessKind.DENIED, AccessKind.DENIED, AccessKind.EXPORT)
    ]
    assert verify().ok
    return events


def test_access_events_are_linked_into_the_chain(access_log):
    linked = set(ChainLink.objects.filter(table_name="audit_accessevent").values_list("history_id", flat=True))

    assert {event.pk for event in access_log} <= linked


def test_a_truncated_access_log_is_caught(access_log):
    with owner_rights(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("TRUNCATE audit_accessevent")

    message, details = failing_verify_command()

    first = ChainLink.objects.get(table_name="audit_accessevent", history_id=access_log[0].pk)
    assert f"audit_accessevent history row {access_log[0].pk} (link #{first.seq}) was removed" in message
    assert details.count("[removed] audit_accessevent") == len(access_log)


def test_deleted_denials_are_caught(access_log):
    tamper("DELETE FROM audit_accessevent WHERE kind = 'denied'")

    _message, details = failing_verify_command()

    for event in access_log[1:3]:
        assert f"audit_accessevent history row {event.pk}" in details
    assert f"audit_accessevent history row {access_log[0].pk}" not in details
