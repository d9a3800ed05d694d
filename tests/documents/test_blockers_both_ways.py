"""Blockers go both ways: a copy waiting to be destroyed, returned to its issuer or counted is not lent,
circulated or copied; a copy in use cannot leave for good. Each refusal names the copy and what holds it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from documents.levels import Level
from documents.models import Circulation, CopyStatus, Loan, LoanMode, ReproductionRequest
from documents.services import borrowing, circulation, copying, destruction, inventory
from documents.services.errors import InvalidState
from documents.services.holds import HOLDS, Procedure, blockers_of, copy_blockers
from documents.services.recovery import recover_copies
from tests.api.conftest import recorded_state, token_client
from tests.documents.checks import signed_in
from tests.factories import DocumentFactory, proved

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(office):
    return DocumentFactory(
        registry=office.registry, by=office.clerk, level=Level.SECRET, copies_count=1,
        scope_users=[office.leader, office.reader, office.reader2],
    )  # fmt: skip


@pytest.fixture
def copy(document):
    return document.copies.get()


def tomorrow():
    return timezone.localdate() + datetime.timedelta(days=1)


# Each hold, reached through the services; returns the words its refusal must contain.
def on_submitted_list(office, copy):
    dlist = destruction.prepare_destruction_list(registry=office.registry, copies=[copy], by=office.clerk, reason="Old")
    destruction.submit_destruction_list(dlist=dlist, by=office.clerk, reason="Old")
    return f"is on destruction list {dlist.label} (awaiting approval)"


def on_approved_list(office, copy):
    dlist = destruction.prepare_destruction_list(registry=office.registry, copies=[copy], by=office.clerk, reason="Old")
    destruction.submit_destruction_list(dlist=dlist, by=office.clerk, reason="Old")
    destruction.approve_destruction_list(dlist=dlist, by=office.leader, reason="Superseded", proof=proved(office.leader))
    return f"is on destruction list {dlist.label} (approved, awaiting execution)"


def returned_to_issuer(office, copy):
    recovery = recover_copies(
        copies=[copy], issuing_organ="省委办公厅", receipt_reference="SWBGT 2026-7", by=office.clerk, reason="Clean-up"
    )
    return f"is returned to issuer: it went back to 省委办公厅 under recovery {recovery.label}"


def under_inventory(office, copy):
    inventory.open_inventory(registry=office.registry, by=office.clerk, reason="Year-end inventory")
    return "is being counted by the open inventory of registry BGS"


HOLDING = {
    "submitted destruction list": on_submitted_list,
    "approved destruction list": on_approved_list,
    "recovery to issuer": returned_to_issuer,
    "open inventory": under_inventory,
}

STARTS = {
    "loan request": lambda office, copy: borrowing.request_loan(
        copy=copy, borrower=office.reader, by=office.reader, purpose="Drafting", mode=LoanMode.READING_ROOM,
        due_on=tomorrow(),
    ),
    "circulation proposal": lambda office, copy: circulation.propose_circulation(
        copy=copy, readers=[office.reader], by=office.clerk, reason="For reading"
    ),
    "copying request": lambda office, copy: copying.request_reproduction(
        source_copy=copy, kind="copy", count=1, by=office.clerk, reason="For the branch office"
    ),
}  # fmt: skip


@pytest.mark.parametrize("start", STARTS)
@pytest.mark.parametrize("hold", HOLDING)
def test_a_held_copy_is_not_lent_circulated_or_copied_and_the_refusal_names_the_copy_and_the_hold(
    office, copy, hold, start
):
    words = HOLDING[hold](office, copy)

    with pytest.raises(InvalidState) as refused:
        STARTS[start](office, copy)

    message = str(refused.value.message)
    assert f"Copy {copy.label} {words}" in message
    assert not Loan.objects.filter(copy=copy).exists()
    assert not Circulation.objects.filter(copy=copy).exists()
    assert not ReproductionRequest.objects.filter(source_copy=copy).exists()


def test_a_copy_held_twice_is_refused_with_one_sentence_per_hold(office, copy):
    on_approved_list(office, copy)
    under_inventory(office, copy)

    reasons = copy_blockers(copy, Procedure.LEND)

    assert len(reasons) == 2
    assert "destruction list" in reasons[0] and "open inventory" in reasons[1]


def test_every_hold_blocks_leaving_for_good_and_none_blocks_nothing():
    assert all(Procedure.DISPOSE in hold.blocks for hold in HOLDS)
    assert {hold.name for hold in HOLDS if Procedure.LEND in hold.blocks} >= {"destruction", "recovery", "inventory"}


# An inventory opened after a step was approved holds the copy at the next step too.


@pytest.fixture
def approved_loan(office, copy):
    loan = borrowing.request_loan(
        copy=copy, borrower=office.reader, by=office.reader, purpose="Drafting", mode=LoanMode.READING_ROOM,
        due_on=tomorrow(),
    )  # fmt: skip
    return borrowing.approve_loan(loan=loan, by=office.leader, reason="Yes")


def test_an_approved_loan_is_not_handed_out_while_an_inventory_counts_the_copy(office, copy, approved_loan):
    under_inventory(office, copy)

    assert "open inventory" in str(borrowing.check_hand_out_loan(approved_loan, office.clerk).message)
    with pytest.raises(InvalidState, match="open inventory"):
        borrowing.hand_out_loan(loan=approved_loan, by=office.clerk, reason="Out")
    assert Loan.objects.get(pk=approved_loan.pk).status == "approved"


def test_the_loan_goes_out_once_the_inventory_is_closed(office, copy, approved_loan):
    under_inventory(office, copy)
    counted = office.registry.inventories.get()
    inventory.mark_seen(inventory=counted, code=copy.label, by=office.clerk)
    inventory.close_inventory(inventory=counted, by=office.clerk, reason="All seen")

    borrowing.hand_out_loan(loan=approved_loan, by=office.clerk, reason="Out")

    copy.refresh_from_db()
    assert (copy.status, copy.holder) == (CopyStatus.ON_LOAN, office.reader)


def test_a_loan_request_is_not_approved_while_an_inventory_counts_the_copy_but_may_be_rejected(office, copy):
    loan = borrowing.request_loan(
        copy=copy, borrower=office.reader, by=office.reader, purpose="Drafting", mode=LoanMode.READING_ROOM,
        due_on=tomorrow(),
    )  # fmt: skip
    under_inventory(office, copy)

    with pytest.raises(InvalidState, match="open inventory"):
        borrowing.approve_loan(loan=loan, by=office.leader, reason="Yes")
    assert borrowing.reject_loan(loan=loan, by=office.leader, reason="Not now").status == "rejected"


def test_an_approved_reading_list_is_not_handed_out_while_an_inventory_counts_the_copy(office, copy):
    round_ = circulation.propose_circulation(copy=copy, readers=[office.reader], by=office.clerk, reason="Read")
    circulation.approve_circulation(circulation=round_, by=office.leader, reason="Yes")
    under_inventory(office, copy)

    with pytest.raises(InvalidState, match="open inventory"):
        circulation.hand_out(circulation=round_, by=office.clerk, reason="Out")
    copy.refresh_from_db()
    assert copy.status == CopyStatus.IN_REGISTRY


def test_a_reading_list_is_not_approved_while_an_inventory_counts_the_copy(office, copy):
    round_ = circulation.propose_circulation(copy=copy, readers=[office.reader], by=office.clerk, reason="Read")
    under_inventory(office, copy)

    with pytest.raises(InvalidState, match="open inventory"):
        circulation.approve_circulation(circulation=round_, by=office.leader, reason="Yes")


def test_a_reader_gives_the_copy_back_during_an_inventory(office, copy):
    round_ = circulation.propose_circulation(copy=copy, readers=[office.reader], by=office.clerk, reason="Read")
    circulation.approve_circulation(circulation=round_, by=office.leader, reason="Yes")
    circulation.hand_out(circulation=round_, by=office.clerk, reason="Out")
    under_inventory(office, copy)

    circulation.take_back(circulation=round_, by=office.clerk, reason="Back")

    copy.refresh_from_db()
    assert copy.status == CopyStatus.IN_REGISTRY


def test_approved_copies_are_not_made_from_a_source_an_inventory_counts(office, copy):
    request = copying.request_reproduction(source_copy=copy, kind="copy", count=1, by=office.clerk, reason="Branch")
    copying.approve_reproduction(request=request, by=office.leader, reason="Yes")
    under_inventory(office, copy)

    with pytest.raises(InvalidState, match="open inventory"):
        copying.execute_reproduction(request=request, by=office.clerk, reason="Made")
    assert copy.document.copies.count() == 1


# The other direction, as before, and for copying too.


def test_a_copy_with_an_approved_loan_cannot_be_put_on_a_destruction_list(office, copy, approved_loan):
    with pytest.raises(InvalidState, match="has a loan asked for or approved"):
        destruction.prepare_destruction_list(registry=office.registry, copies=[copy], by=office.clerk, reason="Old")


def test_a_copy_with_a_copying_request_waiting_cannot_be_put_on_a_destruction_list(office, copy):
    copying.request_reproduction(source_copy=copy, kind="copy", count=1, by=office.clerk, reason="Branch")

    with pytest.raises(InvalidState, match=f"Copy {copy.label} has a copying request"):
        destruction.prepare_destruction_list(registry=office.registry, copies=[copy], by=office.clerk, reason="Old")


def test_the_holds_of_many_copies_cost_one_query_and_one_per_hold_found(office, django_assert_num_queries):
    document = DocumentFactory(registry=office.registry, by=office.clerk, copies_count=30, scope_users=[office.reader])
    copies = list(document.copies.select_related("document__registry"))
    with django_assert_num_queries(1):
        assert blockers_of(copies, Procedure.LEND) == {}
    destruction.prepare_destruction_list(registry=office.registry, copies=copies[:10], by=office.clerk, reason="Old")

    with django_assert_num_queries(2):
        found = blockers_of(copies, Procedure.LEND)

    assert sorted(found) == sorted(copy.pk for copy in copies[:10])


# What the pages and the API offer.


def test_the_document_page_offers_no_loan_nor_copying_for_its_only_copy_on_a_destruction_list(client, office, copy):
    page = reverse("documents:detail", args=[copy.document_id])
    assert "Request a loan" in signed_in(client, office.reader).get(page).content.decode()
    on_approved_list(office, copy)

    assert "Request a loan" not in signed_in(client, office.reader).get(page).content.decode()
    assert "Request copies or an excerpt" not in signed_in(client, office.clerk).get(page).content.decode()


def test_the_clerks_inbox_says_why_an_approved_loan_is_not_handed_out(client, office, copy, approved_loan):
    under_inventory(office, copy)

    content = signed_in(client, office.clerk).get("/").content.decode()

    assert f"Copy {copy.label} is being counted by the open inventory" in content
    assert reverse("documents:loan_hand_out", args=[approved_loan.pk]) not in content


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("loans", {"purpose": "Drafting", "mode": "reading_room", "due_on": None}),
        ("circulations", {"readers": ["reader"], "reason": "For reading"}),
        ("reproductions", {"kind": "copy", "count": 1, "reason": "Branch"}),
    ],
)
def test_the_api_refuses_a_held_copy_with_409_and_the_reason(office, copy, path, body):
    words = on_approved_list(office, copy)
    api = token_client(office.reader if path == "loans" else office.clerk)
    body = {**body, "due_on": tomorrow().isoformat()} if "due_on" in body else body
    before = recorded_state()

    response = api.post(f"/api/v1/copies/{copy.pk}/{path}/", body, format="json")

    assert (response.status_code, response.json()["code"]) == (409, "invalid_state")
    assert f"Copy {copy.label} {words}" in response.json()["message"]
    assert recorded_state() == before
