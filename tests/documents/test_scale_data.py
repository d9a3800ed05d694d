"""generate_scale_data: a small registry, written with COPY, that the application reads like its own."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import Count
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from documents.levels import Level
from documents.models import (
    Circulation,
    CirculationEntry,
    Copy,
    DestructionItem,
    DestructionList,
    Document,
    DocumentGroupObjectPermission,
    DocumentUserObjectPermission,
    Loan,
    Recovery,
    RecoveryItem,
    Registry,
)
from documents.models.copy import HELD_BY_PERSON
from documents.selectors import may_know, visible_copies, visible_documents
from documents.services.borrowing import request_loan
from documents.services.circulation import propose_circulation
from people.models import Membership
from people.roles import Role
from people.selectors import has_role
from tests.db_roles import owner_rights

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
SIZE = {"copies": 2000, "users": 50, "years": 3}
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _generate(**options):
    # An owner's command: it switches the chain triggers off while it loads (audit/bulk.py).
    with owner_rights():
        call_command("generate_scale_data", **SIZE, verbosity=0, **options)


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker):
    """One registry for the whole module, in a transaction rolled back after it; each test is rolled back to it.

    Generating takes seconds; these tests only read it or add to it. Without the
    VACUUM that cannot run in a transaction (test_scale_data_committed.py runs the command whole).
    """
    # The generated accounts' password is hashed as the tests check it (tests/conftest.py hashes fast).
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            _generate(no_vacuum=True)
            # The deferred checks once here, not again at the end of every test (which rolls them back);
            # then deferred again, as in every transaction (the loader had made them immediate).
            connection.check_constraints()
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def test_it_writes_the_asked_number_of_copies_and_people(generated):
    from django.contrib.auth import get_user_model

    assert Copy.objects.count() == 2000
    assert get_user_model().objects.count() == 50
    assert Document.objects.aggregate(n=Count("id"))["n"] == Registry.objects.aggregate(
        n=Count("documents")
    )["n"]
    assert set(Document.objects.values_list("copies_count", flat=True)) <= set(range(1, 31))
    assert all(d.copies.count() == d.copies_count for d in Document.objects.all()[:50])


def test_every_tracked_row_has_a_history_row_with_actor_and_reason(generated):
    assert Document.history.filter(history_type="+").count() == Document.objects.count()
    assert Copy.history.filter(history_type="+").count() == Copy.objects.count()
    assert DocumentUserObjectPermission.history.filter(history_type="+").count() >= DocumentUserObjectPermission.objects.count()
    for model in (Document, Copy, DocumentUserObjectPermission, DocumentGroupObjectPermission, Membership):
        assert not model.history.filter(history_change_reason__isnull=True).exists()
        assert not model.history.filter(history_change_reason="").exists()
    assert not Copy.history.filter(history_user__isnull=True).exists()


def test_copies_have_lives_and_end_where_their_history_ends(generated):
    statuses = set(Copy.objects.values_list("status", flat=True))
    assert {"in_registry", "destroyed"} <= statuses
    assert Copy.history.filter(status="out").exists() and Copy.history.filter(status="on_loan").exists()
    for copy in Copy.objects.order_by("?")[:100]:
        last = copy.history.order_by("-history_id").first()
        assert (last.status, last.holder_id) == (copy.status, copy.holder_id)
        assert (copy.holder_id is not None) == (copy.status in HELD_BY_PERSON)
    dates = list(Copy.history.order_by("history_id").values_list("history_date", flat=True))
    assert dates == sorted(dates)


def test_people_see_what_their_scope_and_roles_give_them(generated):
    clerk = Membership.objects.filter(role="clerk").select_related("user", "unit").first()
    registry = Registry.objects.get(unit=clerk.unit)
    assert set(visible_documents(clerk.user).filter(registry=registry)) == set(registry.documents.all())
    grant = DocumentUserObjectPermission.objects.select_related("user", "content_object").first()
    assert grant.content_object in visible_documents(grant.user)
    assert visible_copies(grant.user).filter(document=grant.content_object).count() == grant.content_object.copies_count


def test_it_refuses_a_database_that_already_holds_documents(generated):
    with pytest.raises(CommandError, match="already holds documents"):
        with owner_rights():
            call_command("generate_scale_data", copies=10, users=20, verbosity=0)


# --- the procedure records behind the copy history ---------------------------


def _clerk_client(client, document):
    from documents.scale.loader import SCALE_PASSWORD

    assert client.login(username=document.created_by.username, password=SCALE_PASSWORD)
    return client


def test_a_circulation_round_is_a_completed_list_with_its_readers_in_order(generated, client):
    circulation = Circulation.objects.filter(status="completed", entries__position=3).select_related("copy__document").first()
    entries = list(circulation.entries.order_by("position"))
    handed = [(e.handed_out_at, e.reader_id) for e in entries]
    copy_moves = list(
        circulation.copy.history.filter(status="out").order_by("history_id").values_list("history_date", "holder_id")
    )
    assert handed == copy_moves[: len(handed)]
    assert all(e.returned_at > e.read_at > e.handed_out_at and e.handed_out_by_id == e.received_by_id for e in entries)
    assert circulation.proposed_by_id == circulation.copy.document.created_by_id
    assert has_role(circulation.decided_by, Role.LEADER, circulation.copy.document.registry.unit)
    assert circulation.ended_at == entries[-1].returned_at

    page = _clerk_client(client, circulation.copy.document).get(reverse("documents:circulation_detail", args=[circulation.pk]))

    text = page.content.decode()
    rows = [text.index(f"<td>{e.position}</td>\n  <td>{e.reader.get_full_name()}</td>") for e in entries]
    assert page.status_code == 200 and rows == sorted(rows)


def test_a_copy_out_in_circulation_has_its_list_in_progress(generated):
    for copy in Copy.objects.filter(status="out"):
        circulation = copy.circulations.get()
        holding = circulation.entries.get(returned_at__isnull=True)
        assert circulation.status == "in_progress" and holding.reader_id == copy.holder_id
        assert holding.handed_out_at == copy.held_since


def test_a_lent_copy_has_its_open_loan(generated):
    lent = Copy.objects.filter(status="on_loan")
    assert lent.exists()
    for copy in lent:
        loan = copy.loans.get(status="out")
        assert (loan.borrower_id, loan.handed_out_at) == (copy.holder_id, copy.held_since)
        assert loan.handed_out_by_id == copy.document.created_by_id and loan.due_on >= loan.handed_out_at.date()


def test_a_returned_loan_was_checked_and_approved_as_its_policy_asks(generated):
    secret = Loan.objects.filter(status="returned", copy__document__level=Level.SECRET).first()
    confidential_in_unit = Loan.objects.filter(
        status="returned", copy__document__level=Level.CONFIDENTIAL, outside_unit=""
    ).first()
    assert secret.approved_by_id and secret.pages_complete and secret.attachments_complete
    assert secret.received_by_id == secret.copy.document.created_by_id and secret.returned_at > secret.handed_out_at
    assert confidential_in_unit.approved_by_id is None and confidential_in_unit.decided_at == confidential_in_unit.requested_at
    assert not Loan.objects.filter(copy__document__level=Level.TOP_SECRET).exclude(mode="reading_room").exists()
    assert not Loan.objects.exclude(outside_unit="").filter(approved_by__isnull=True).exists()


def test_a_destroyed_copy_is_on_an_executed_list_with_two_witnesses(generated):
    copy = Copy.objects.filter(status="destroyed").select_related("document__registry").first()
    dlist = copy.destruction_items.get().list

    assert dlist.status == "executed" and dlist.registry == copy.document.registry
    assert None not in (dlist.witness_1_id, dlist.witness_2_id) and dlist.witness_1_id != dlist.witness_2_id
    assert dlist.approved_by_id not in (None, dlist.prepared_by_id, dlist.executed_by_id)
    assert dlist.prepared_at < dlist.submitted_at < dlist.decided_at < dlist.executed_at
    assert dlist.place and dlist.method
    assert set(dlist.items.values_list("copy_id", flat=True)) == set(copy.document.copies.values_list("id", flat=True))
    assert not dlist.items.filter(is_open=True).exists()
    assert copy.history.order_by("-history_id").first().history_change_reason.startswith(
        f"Destroyed under destruction list {dlist.label}"
    )
    assert list(dlist.history.order_by("history_id").values_list("history_type", "status")) == [
        ("+", "draft"), ("~", "submitted"), ("~", "approved"), ("~", "executed")
    ]


def test_procedure_rows_match_the_copy_history_events(generated):
    hand_outs = Copy.history.filter(status="out").count()
    loans_out = Copy.history.filter(status="on_loan").count()
    assert CirculationEntry.objects.filter(handed_out_at__isnull=False).count() == hand_outs
    assert Circulation.objects.count() == Copy.history.filter(status="out").values("id").distinct().count()
    assert Loan.objects.count() == loans_out
    assert DestructionItem.objects.count() == Copy.objects.filter(status="destroyed").count()
    assert RecoveryItem.objects.count() == Copy.objects.filter(status="returned_to_issuer").count()
    assert Recovery.objects.count() == Document.objects.filter(copies__status="returned_to_issuer").distinct().count()
    for model in (Circulation, CirculationEntry, Loan, DestructionList, DestructionItem, Recovery, RecoveryItem):
        assert model.history.filter(history_type="+").count() == model.objects.count()
        assert not model.history.filter(history_user__isnull=True).exists()
        assert not model.history.filter(history_change_reason="").exists()


def test_the_audit_chain_verifies_on_the_generated_registry(generated):
    from audit.models import ChainLink
    from audit.tracked import history_models

    out = io.StringIO()
    call_command("verify_audit", stdout=out, stderr=io.StringIO())
    assert "chain main" in out.getvalue()
    # Every history row linked once, the generated ones in bulk (audit/bulk.py) like those the triggers link.
    assert ChainLink.objects.count() == sum(model.objects.count() for model in history_models())


def test_the_services_carry_on_after_the_generated_procedures(generated):
    copy = Copy.objects.filter(status="in_registry").exclude(circulations__status="in_progress").select_related("document").first()
    clerk = copy.document.created_by
    reader = next(u for u in get_user_model().objects.exclude(pk=clerk.pk) if may_know(u, copy.document))

    circulation = propose_circulation(copy=copy, readers=[reader], by=clerk, reason="Another round")
    loan = request_loan(
        copy=copy, borrower=clerk, by=clerk, purpose="Reference", mode="reading_room", due_on=timezone.localdate()
    )

    assert circulation.pk > Circulation.objects.exclude(pk=circulation.pk).order_by("-pk").first().pk
    assert loan.pk > Loan.objects.exclude(pk=loan.pk).order_by("-pk").first().pk
