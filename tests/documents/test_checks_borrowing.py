"""Borrowing's checks: each step refuses exactly what its check returns, and the document page offers it exactly then."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from documents.levels import Level
from documents.models import Loan, LoanMode
from documents.services import borrowing
from tests.documents.checks import expected, outcome, signed_in
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db

PEOPLE = ("clerk", "leader", "reader", "reader2", "inspector")
STATES = ("requested", "approved", "out", "returned", "rejected", "cancelled")

STEPS = {
    "approve": (borrowing.check_approve_loan, lambda l, u: borrowing.approve_loan(loan=l, by=u, reason="Yes"), None),
    "reject": (borrowing.check_reject_loan, lambda l, u: borrowing.reject_loan(loan=l, by=u, reason="No"), None),
    "hand_out": (
        borrowing.check_hand_out_loan,
        lambda l, u: borrowing.hand_out_loan(loan=l, by=u, reason="Out"),
        "documents:loan_hand_out",
    ),
    "return": (
        borrowing.check_return_loan,
        lambda l, u: borrowing.return_loan(loan=l, by=u, reason="Back", pages_complete=True, attachments_complete=True),
        "documents:loan_return",
    ),
    "cancel": (borrowing.check_cancel_loan, lambda l, u: borrowing.cancel_loan(loan=l, by=u, reason="Stop"), "documents:loan_cancel"),
}


@pytest.fixture
def document(office):
    # Secret: a leader approves every loan.
    return DocumentFactory(
        registry=office.registry, by=office.clerk, copies_count=1, level=Level.SECRET,
        scope_users=[office.leader, office.reader, office.reader2],
    )  # fmt: skip


def reach(office, document, state):
    loan = borrowing.request_loan(
        copy=document.copies.get(), borrower=office.reader, by=office.reader, purpose="Drafting",
        mode=LoanMode.READING_ROOM, due_on=timezone.localdate() + datetime.timedelta(days=1),
    )  # fmt: skip
    if state == "rejected":
        borrowing.reject_loan(loan=loan, by=office.leader, reason="No")
    elif state == "cancelled":
        borrowing.cancel_loan(loan=loan, by=office.reader, reason="Stop")
    elif state != "requested":
        borrowing.approve_loan(loan=loan, by=office.leader, reason="Yes")
        if state in ("out", "returned"):
            borrowing.hand_out_loan(loan=loan, by=office.clerk, reason="Out")
        if state == "returned":
            borrowing.return_loan(loan=loan, by=office.clerk, reason="Back", pages_complete=True, attachments_complete=True)
    return loan


def fresh(loan):
    return Loan.objects.select_related("copy__document__registry__unit", "borrower").get(pk=loan.pk)


@pytest.mark.parametrize("state", STATES)
def test_each_loan_step_refuses_exactly_what_its_check_returns(office, document, state):
    loan = reach(office, document, state)
    for who in PEOPLE:
        user = getattr(office, who)
        for name, (check, step, _url) in STEPS.items():
            assert outcome(lambda: step(fresh(loan), user)) == expected(check(fresh(loan), user)), (state, who, name)


@pytest.mark.parametrize("state", STATES)
def test_asking_for_a_loan_refuses_exactly_what_its_check_returns(office, document, state):
    reach(office, document, state)
    copy = document.copies.select_related("document__registry__unit").get()
    for who in PEOPLE:
        user = getattr(office, who)
        ask = lambda: borrowing.request_loan(  # noqa: E731
            copy=copy, borrower=user, by=user, purpose="Again", mode=LoanMode.READING_ROOM, due_on=timezone.localdate()
        )
        assert outcome(ask) == expected(borrowing.check_request_loan(copy, user)), (state, who)


@pytest.mark.parametrize("state", STATES)
def test_the_document_page_offers_a_loan_step_exactly_when_its_check_allows_it(client, office, document, state):
    loan = reach(office, document, state)
    copy = document.copies.select_related("document__registry__unit").get()
    for who in PEOPLE:
        user = getattr(office, who)
        page = signed_in(client, user).get(reverse("documents:detail", args=[document.pk])).content.decode()
        for name, (check, _step, url) in STEPS.items():
            if url is None:
                continue
            assert (reverse(url, args=[loan.pk]) in page) == (check(fresh(loan), user) is None), (state, who, name)
        decides = reverse("documents:loan_decide", args=[loan.pk]) in page
        assert decides == (borrowing.check_approve_loan(fresh(loan), user) is None), (state, who, "decide")
        asks = reverse("documents:loan_request", args=[document.pk]) in page
        assert asks == (borrowing.check_request_loan(copy, user) is None), (state, who, "request")


def test_the_return_page_is_not_found_for_someone_who_may_not_take_the_copy_back(client, office, document):
    loan = reach(office, document, "out")

    response = signed_in(client, office.leader).get(reverse("documents:loan_return", args=[loan.pk]))

    assert response.status_code == 404


def test_a_refused_decision_says_why_and_goes_back_where_it_was_asked(client, office, document):
    loan = reach(office, document, "requested")
    page = reverse("documents:detail", args=[document.pk])

    response = signed_in(client, office.leader).post(
        reverse("documents:loan_decide", args=[loan.pk]), {"decision": "approve", "reason": "", "next": page}
    )

    assert response["Location"] == page
    assert fresh(loan).status == "requested"
