"""Borrowing (借阅): approval by level and unit, reading-room policy, checked return, overdue lists."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from documents.levels import Level
from documents.models import CopyStatus, Loan, LoanMode, LoanPolicy, LoanStatus
from documents.services.borrowing import (
    approve_loan,
    cancel_loan,
    hand_out_loan,
    reject_loan,
    request_loan,
    return_loan,
)
from documents.services.copies import lock_copy, move
from documents.services.errors import Conflict, InvalidInput, InvalidState, NotPermitted, SeparationOfDuties
from documents.services.recording import stamp
from tests.factories import PASSWORD, DocumentFactory, member, proved

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def in_days(days):
    return TODAY() + datetime.timedelta(days=days)


LETTER = {
    "outside_unit": "Finance Division",
    "letter_issuing_unit": "Finance Division",
    "letter_number": "CW [2026] No. 3",
    "identity_document_type": "officer_card",
    "identity_document_number": "A-1234",
}


@pytest.fixture
def document_of(office):
    def make(level=Level.SECRET, **fields):
        fields.setdefault("scope_users", [office.leader, office.reader, office.reader2])
        return DocumentFactory(registry=office.registry, by=office.clerk, level=level, **fields)

    return make


def ask(copy, borrower, *, by=None, mode=LoanMode.TAKE_OUT, days=3, purpose="Drafting the annual summary", **letter):
    return request_loan(
        copy=copy, borrower=borrower, by=by or borrower, purpose=purpose, mode=mode, due_on=in_days(days), **letter
    )


def lend(loan, office):
    if loan.status == LoanStatus.REQUESTED:
        approve_loan(loan=loan, by=office.leader, reason="Needed for the summary")
    return hand_out_loan(loan=loan, by=office.clerk, reason="Handed over against signature")


def first_copy(document):
    return document.copies.order_by("number").first()


@pytest.mark.parametrize(
    "level, mode, days, needs_approval",
    [
        (Level.TOP_SECRET, LoanMode.READING_ROOM, 0, True),
        (Level.SECRET, LoanMode.TAKE_OUT, 7, True),
        (Level.CONFIDENTIAL, LoanMode.TAKE_OUT, 14, False),
        (Level.INTERNAL, LoanMode.TAKE_OUT, 30, False),
    ],
)
def test_leader_approval_is_required_for_secret_and_top_secret_only(office, document_of, level, mode, days, needs_approval):
    loan = ask(first_copy(document_of(level)), office.reader, mode=mode, days=days)

    assert loan.status == (LoanStatus.REQUESTED if needs_approval else LoanStatus.APPROVED)


def test_a_secret_copy_is_not_handed_out_before_a_leader_approves(office, document_of):
    loan = ask(first_copy(document_of(Level.SECRET)), office.reader)

    with pytest.raises(InvalidState, match="leader must approve"):
        hand_out_loan(loan=loan, by=office.clerk, reason="x")
    assert first_copy(loan.copy.document).status == CopyStatus.IN_REGISTRY

    approve_loan(loan=loan, by=office.leader, reason="Needed for the summary")
    hand_out_loan(loan=loan, by=office.clerk, reason="Handed over")

    copy = first_copy(loan.copy.document)
    assert (copy.status, copy.holder) == (CopyStatus.ON_LOAN, office.reader)
    loan.refresh_from_db()
    assert (loan.status, loan.approved_by, loan.handed_out_by) == (LoanStatus.OUT, office.leader, office.clerk)


def test_a_borrower_of_another_unit_always_needs_approval_and_an_introduction_letter(office, other_unit, document_of):
    document = document_of(Level.INTERNAL, scope_users=[office.reader, other_unit.reader])
    copy = first_copy(document)

    with pytest.raises(InvalidInput) as refused:
        ask(copy, other_unit.reader)
    assert {"letter_issuing_unit", "letter_number", "identity_document_type", "identity_document_number"} <= set(
        refused.value.errors
    )

    loan = ask(copy, other_unit.reader, **LETTER)
    assert loan.status == LoanStatus.REQUESTED
    saved = Loan.objects.get(pk=loan.pk)
    assert (saved.letter_number, saved.identity_document_number) == ("CW [2026] No. 3", "A-1234")


def test_own_unit_borrower_needs_no_letter_and_none_is_kept(office, document_of):
    loan = ask(first_copy(document_of(Level.INTERNAL)), office.reader, **LETTER)

    assert Loan.objects.get(pk=loan.pk).letter_number == ""


def test_top_secret_never_leaves_the_reading_room(office, document_of):
    copy = first_copy(document_of(Level.TOP_SECRET))

    with pytest.raises(InvalidInput) as refused:
        ask(copy, office.reader, mode=LoanMode.TAKE_OUT, days=0)
    assert "mode" in refused.value.errors

    loan = lend(ask(copy, office.reader, mode=LoanMode.READING_ROOM, days=0), office)
    assert loan.status == LoanStatus.OUT


def test_top_secret_reading_room_consultation_ends_the_same_day(office, document_of):
    with pytest.raises(InvalidInput) as refused:
        ask(first_copy(document_of(Level.TOP_SECRET)), office.reader, mode=LoanMode.READING_ROOM, days=1)
    assert "same day" in refused.value.errors["due_on"][0]


def test_due_date_beyond_the_policy_is_refused(office, document_of):
    with pytest.raises(InvalidInput) as refused:
        ask(first_copy(document_of(Level.SECRET)), office.reader, days=8)
    assert "at most 7 days" in refused.value.errors["due_on"][0]


def test_a_policy_that_forbids_taking_out_stops_an_approved_loan_at_hand_out(office, document_of, loan_policies):
    loan = ask(first_copy(document_of(Level.INTERNAL)), office.reader)
    policy = LoanPolicy.objects.get(level=Level.INTERNAL)
    policy.may_take_out = False
    stamp(policy, by=office.administrator, reason="Tightened after the inspection").save()

    with pytest.raises(InvalidState, match="reading room"):
        hand_out_loan(loan=loan, by=office.clerk, reason="Handed over")
    assert first_copy(loan.copy.document).status == CopyStatus.IN_REGISTRY


def test_the_borrower_must_be_in_the_knowledge_scope(office, other_unit, document_of):
    copy = first_copy(document_of(Level.CONFIDENTIAL))

    with pytest.raises(InvalidInput) as refused:
        ask(copy, other_unit.reader, by=office.clerk, **LETTER)
    assert "knowledge scope" in refused.value.errors["borrower"][0]
    assert Loan.objects.count() == 0


def test_only_a_clerk_asks_on_someone_elses_behalf(office, document_of):
    copy = first_copy(document_of(Level.INTERNAL))

    with pytest.raises(NotPermitted):
        ask(copy, office.reader2, by=office.reader)
    assert ask(copy, office.reader2, by=office.clerk).requested_by == office.clerk


def test_whoever_asks_cannot_approve(office, document_of):
    loan = ask(first_copy(document_of(Level.SECRET)), office.leader)

    with pytest.raises(SeparationOfDuties):
        approve_loan(loan=loan, by=office.leader, reason="I need it")

    other_leader = member(office.unit, "leader", username="leader_b")
    from documents.services.scope import change_scope

    change_scope(document=loan.copy.document, by=office.clerk, reason="Second leader decides", add_users=[other_leader], proof=proved(office.clerk))
    assert approve_loan(loan=loan, by=other_leader, reason="Approved").status == LoanStatus.APPROVED


def test_only_a_leader_of_the_registrys_unit_decides(office, document_of):
    loan = ask(first_copy(document_of(Level.SECRET)), office.reader)

    with pytest.raises(NotPermitted):
        approve_loan(loan=loan, by=office.clerk, reason="Fine")
    assert Loan.objects.get(pk=loan.pk).status == LoanStatus.REQUESTED


def test_a_rejected_loan_frees_the_copy_for_another_request(office, document_of):
    copy = first_copy(document_of(Level.SECRET))
    loan = ask(copy, office.reader)
    reject_loan(loan=loan, by=office.leader, reason="Not needed for this task")

    with pytest.raises(InvalidState):
        hand_out_loan(loan=loan, by=office.clerk, reason="x")
    assert ask(copy, office.reader2).status == LoanStatus.REQUESTED


def test_a_copy_has_one_open_loan_at_a_time(office, document_of):
    copy = first_copy(document_of(Level.INTERNAL))
    ask(copy, office.reader)

    with pytest.raises(Conflict) as refused:
        ask(copy, office.reader2)
    assert refused.value.status == 409
    assert Loan.objects.filter(copy=copy).count() == 1


def test_a_cancelled_request_leaves_the_copy_free(office, document_of):
    copy = first_copy(document_of(Level.INTERNAL))
    cancel_loan(loan=ask(copy, office.reader), by=office.reader, reason="No longer needed")

    assert ask(copy, office.reader2).status == LoanStatus.APPROVED


@pytest.mark.parametrize("terminal", [CopyStatus.LOST, CopyStatus.DESTROYED, CopyStatus.RETURNED_TO_ISSUER])
def test_a_lost_or_destroyed_copy_can_never_be_lent(office, document_of, terminal):
    copy = first_copy(document_of(Level.INTERNAL))
    move(lock_copy(copy), to=terminal, by=office.clerk, reason="set-up")

    with pytest.raises(InvalidState, match="only a copy in the registry"):
        ask(copy, office.reader)
    assert Loan.objects.count() == 0


def test_a_copy_lost_after_approval_is_not_handed_out(office, document_of):
    loan = ask(first_copy(document_of(Level.INTERNAL)), office.reader)
    move(lock_copy(loan.copy), to=CopyStatus.LOST, by=office.clerk, reason="Reported lost")

    with pytest.raises(InvalidState):
        hand_out_loan(loan=loan, by=office.clerk, reason="Handed over")
    assert Loan.objects.get(pk=loan.pk).status == LoanStatus.APPROVED


def test_a_clerk_does_not_hand_a_copy_to_themselves(office, document_of):
    loan = ask(first_copy(document_of(Level.INTERNAL)), office.clerk)

    with pytest.raises(SeparationOfDuties):
        hand_out_loan(loan=loan, by=office.clerk, reason="Mine")


def test_return_with_missing_pages_records_the_discrepancy(office, document_of):
    loan = lend(ask(first_copy(document_of(Level.SECRET)), office.reader), office)

    with pytest.raises(InvalidInput) as refused:
        return_loan(loan=loan, by=office.clerk, reason="Returned", pages_complete=False, attachments_complete=True)
    assert "discrepancy" in refused.value.errors

    return_loan(
        loan=loan, by=office.clerk, reason="Returned", pages_complete=False, attachments_complete=True,
        discrepancy="Pages 7-8 missing",
    )
    loan.refresh_from_db()
    assert (loan.status, loan.pages_complete, loan.discrepancy) == (LoanStatus.RETURNED, False, "Pages 7-8 missing")
    copy = first_copy(loan.copy.document)
    assert (copy.status, copy.holder) == (CopyStatus.IN_REGISTRY, None)
    assert "Pages 7-8 missing" in copy.history.first().history_change_reason


def test_the_borrower_cannot_receive_their_own_copy_back(office, document_of):
    second_clerk = member(office.unit, "clerk", username="clerk_b")
    loan = ask(first_copy(document_of(Level.INTERNAL)), office.clerk)
    hand_out_loan(loan=loan, by=second_clerk, reason="Handed over")

    with pytest.raises(SeparationOfDuties):
        return_loan(loan=loan, by=office.clerk, reason="Back", pages_complete=True, attachments_complete=True)
    assert return_loan(
        loan=loan, by=second_clerk, reason="Back", pages_complete=True, attachments_complete=True
    ).received_by == second_clerk


def test_every_step_of_a_loan_is_in_its_history(office, document_of):
    loan = lend(ask(first_copy(document_of(Level.SECRET)), office.reader), office)
    return_loan(loan=loan, by=office.clerk, reason="Back, checked", pages_complete=True, attachments_complete=True)

    rows = list(Loan.history.filter(id=loan.pk).order_by("history_id"))
    assert [row.status for row in rows] == ["requested", "approved", "out", "returned"]
    assert [row.history_user for row in rows] == [office.reader, office.leader, office.clerk, office.clerk]
    assert all(row.history_change_reason for row in rows)


# Pages -----------------------------------------------------------------------


def signed_in(client, user):
    client.logout()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def make_overdue(loan, office):
    """Time passes: the loan's due date is now yesterday."""
    loan.refresh_from_db()
    loan.due_on = in_days(-1)
    stamp(loan, by=office.clerk, reason="test: the due date passes").save()


def test_overdue_loan_is_on_the_clerk_and_leader_home_pages_until_returned(client, office, document_of):
    loan = lend(ask(first_copy(document_of(Level.SECRET, title="出借的文件")), office.reader), office)
    make_overdue(loan, office)

    for user, section in ((office.clerk, 'id="out"'), (office.leader, 'id="overdue"')):
        page = signed_in(client, user).get(reverse("home")).content.decode()
        assert section in page and loan.copy.label in page and "overdue since" in page

    return_loan(loan=loan, by=office.clerk, reason="Back", pages_complete=True, attachments_complete=True)
    for user in (office.clerk, office.leader):
        page = signed_in(client, user).get(reverse("home")).content.decode()
        assert "overdue since" not in page


def test_a_loan_due_today_is_not_overdue(client, office, document_of):
    lend(ask(first_copy(document_of(Level.INTERNAL)), office.reader, days=0), office)

    page = signed_in(client, office.clerk).get(reverse("home")).content.decode()
    assert "overdue since" not in page


def test_loans_list_filters_open_overdue_and_returned(client, office, document_of):
    out = lend(ask(first_copy(document_of(Level.INTERNAL)), office.reader), office)
    make_overdue(out, office)
    back = lend(ask(first_copy(document_of(Level.INTERNAL)), office.reader2), office)
    return_loan(loan=back, by=office.clerk, reason="Back", pages_complete=True, attachments_complete=True)
    signed_in(client, office.clerk)

    def shown(show):
        return {loan.pk for loan in client.get(reverse("documents:loans"), {"show": show}).context["page"].rows}

    assert shown("open") == {out.pk}
    assert shown("overdue") == {out.pk}
    assert shown("returned") == {back.pk}


def test_a_reader_sees_only_their_own_loans_in_the_list(client, office, document_of):
    document = document_of(Level.INTERNAL)
    mine = ask(document.copies.get(number=1), office.reader)
    ask(document.copies.get(number=2), office.reader2)

    rows = signed_in(client, office.reader).get(reverse("documents:loans")).context["page"].rows
    assert [loan.pk for loan in rows] == [mine.pk]


def test_request_approve_hand_out_and_return_through_the_pages(client, office, document_of):
    document = document_of(Level.SECRET)
    copy = first_copy(document)

    response = signed_in(client, office.reader).post(
        reverse("documents:loan_request", args=[document.pk]),
        {"copy": copy.pk, "mode": "take_out", "due_on": in_days(3).isoformat(), "purpose": "Preparing the briefing"},
    )
    assert response.status_code == 302
    loan = Loan.objects.get()

    queue = signed_in(client, office.leader).get(reverse("home")).content.decode()
    assert f'value="loan-{loan.pk}"' in queue
    assert "Preparing the briefing" in client.get(reverse("documents:approvals")).content.decode()
    client.post(reverse("documents:loan_decide", args=[loan.pk]), {"decision": "approve", "reason": "For the briefing"})

    signed_in(client, office.clerk)
    client.post(reverse("documents:loan_hand_out", args=[loan.pk]), {"reason": "Handed over against signature"})
    assert first_copy(document).status == CopyStatus.ON_LOAN

    response = client.post(
        reverse("documents:loan_return", args=[loan.pk]),
        {"pages_complete": "on", "discrepancy": "Attachment 1 missing", "reason": "Returned and checked"},
    )
    assert response.status_code == 302
    loan.refresh_from_db()
    assert (loan.status, loan.attachments_complete, loan.discrepancy) == (
        LoanStatus.RETURNED, False, "Attachment 1 missing"
    )
    detail = client.get(reverse("documents:detail", args=[document.pk])).content.decode()
    assert "Attachment 1 missing" in detail


def test_the_request_page_asks_an_outside_borrower_for_the_introduction_letter(client, office, other_unit, document_of):
    document = document_of(Level.INTERNAL, scope_users=[other_unit.reader])
    url = reverse("documents:loan_request", args=[document.pk])

    page = signed_in(client, other_unit.reader).get(url).content.decode()
    assert "Introduction letter number" in page

    response = client.post(
        url,
        {"copy": first_copy(document).pk, "mode": "reading_room", "due_on": TODAY().isoformat(), "purpose": "Audit",
         "outside_unit": "Finance Division"},
    )
    assert response.status_code == 200
    assert "Required for a borrower from another unit" in response.content.decode()
    assert Loan.objects.count() == 0


def test_a_refusal_is_shown_as_a_message_not_an_error_page(client, office, document_of):
    loan = ask(first_copy(document_of(Level.SECRET)), office.reader)

    response = signed_in(client, office.clerk).post(
        reverse("documents:loan_hand_out", args=[loan.pk]), {"reason": "Handed over"}, follow=True
    )
    assert response.status_code == 200
    assert "A leader must approve this loan" in response.content.decode()


def test_loan_pages_are_404_outside_scope(client, office, other_unit, document_of):
    loan = ask(first_copy(document_of(Level.INTERNAL)), office.reader)
    signed_in(client, other_unit.clerk)

    assert client.get(reverse("documents:loan_request", args=[loan.copy.document_id])).status_code == 404
    assert client.get(reverse("documents:loan_return", args=[loan.pk])).status_code == 404
    assert client.post(reverse("documents:loan_hand_out", args=[loan.pk]), {"reason": "x"}).status_code == 404


def test_the_administrator_edits_the_policy_with_a_reason(client, office, loan_policies):
    office.administrator.is_staff = office.administrator.is_superuser = True
    office.administrator.save()
    policy = LoanPolicy.objects.get(level=Level.SECRET)
    signed_in(client, office.administrator)

    response = client.post(
        reverse("admin:documents_loanpolicy_change", args=[policy.pk]),
        {"may_take_out": "", "needs_leader_approval": "on", "max_days": "3", "change_reason": "Inspection finding 4"},
    )
    assert response.status_code == 302
    policy.refresh_from_db()
    assert (policy.may_take_out, policy.max_days) == (False, 3)
    assert policy.history.first().history_change_reason == "Inspection finding 4"
