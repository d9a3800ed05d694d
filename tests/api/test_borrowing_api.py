"""Borrowing through the API with tokens alone: ask, decide, hand out, take back, cancel."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import TokenUse
from audit.models import AccessEvent, AccessKind
from documents.models import Copy, CopyStatus, Loan, LoanStatus
from tests.api.conftest import recorded_state, token_client
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


def in_days(days):
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


@pytest.fixture
def leader_api(office):
    return token_client(office.leader)


@pytest.fixture
def secret_copy(office):
    document = DocumentFactory(
        registry=office.registry, by=office.clerk, level=2, scope_users=[office.reader, office.leader], copies_count=2
    )
    return document.copies.get(number=1)


def ask(api, copy, **overrides):
    body = {"purpose": "Drafting the reply", "mode": "take_out", "due_on": in_days(3), **overrides}
    return api.post(f"/api/v1/copies/{copy.pk}/loans/", body, format="json")


def test_a_reader_borrows_a_copy_a_leader_approves_and_the_clerk_hands_it_out_and_takes_it_back(
    reader_api, leader_api, clerk_api, office, secret_copy
):
    asked = ask(reader_api, secret_copy)
    assert asked.status_code == 201, asked.json()
    assert (asked.json()["status"], asked.json()["borrower"]) == ("requested", "reader")
    base = f"/api/v1/loans/{asked.json()['id']}"

    approved = leader_api.post(f"{base}/approve/", {"reason": "Needed for the reply"}, format="json")
    assert (approved.status_code, approved.json()["decided_by"]) == (200, "leader")
    out = clerk_api.post(f"{base}/hand-out/", {"reason": "Signed for"}, format="json")
    assert out.json()["status"] == "out"
    assert Copy.objects.get(pk=secret_copy.pk).holder == office.reader

    back = clerk_api.post(
        f"{base}/return/", {"pages_complete": True, "attachments_complete": True, "reason": "Checked"}, format="json"
    )

    assert back.status_code == 200, back.json()
    assert (back.json()["status"], back.json()["handed_out_by"], back.json()["received_by"]) == ("returned", "clerk", "clerk")
    copy = Copy.objects.get(pk=secret_copy.pk)
    assert (copy.status, copy.holder) == (CopyStatus.IN_REGISTRY, None)


def test_a_leader_rejects_a_loan(reader_api, leader_api, secret_copy):
    loan = ask(reader_api, secret_copy).json()["id"]

    rejected = leader_api.post(f"/api/v1/loans/{loan}/reject/", {"reason": "Read it in the reading room"}, format="json")

    assert (rejected.status_code, rejected.json()["status"]) == (200, "rejected")


def test_the_borrower_cancels_a_loan_not_yet_handed_out(reader_api, secret_copy):
    loan = ask(reader_api, secret_copy).json()["id"]

    cancelled = reader_api.post(f"/api/v1/loans/{loan}/cancel/", {"reason": "No longer needed"}, format="json")

    assert (cancelled.status_code, cancelled.json()["status"]) == (200, "cancelled")


def test_handing_out_before_approval_is_409_and_changes_nothing(reader_api, clerk_api, secret_copy):
    loan = ask(reader_api, secret_copy).json()["id"]
    before = recorded_state()

    response = clerk_api.post(f"/api/v1/loans/{loan}/hand-out/", {"reason": "Out"}, format="json")

    assert response.status_code == 409
    assert response.json()["code"] == "invalid_state"
    assert recorded_state() == before


def test_the_borrower_cannot_approve_their_own_loan(office, leader_api, secret_copy):
    loan = ask(leader_api, secret_copy).json()["id"]
    before = recorded_state()

    response = leader_api.post(f"/api/v1/loans/{loan}/approve/", {"reason": "Mine"}, format="json")

    assert (response.status_code, response.json()["code"]) == (409, "separation_of_duties")
    assert recorded_state() == before


def test_a_due_date_beyond_the_policy_is_400_on_the_field_and_nothing_is_asked(reader_api, secret_copy):
    before = recorded_state()

    response = ask(reader_api, secret_copy, due_on=in_days(60))

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_input"
    assert "due_on" in response.json()["errors"]
    assert recorded_state() == before


def test_malformed_input_is_400_with_field_errors(reader_api, secret_copy):
    response = ask(reader_api, secret_copy, mode="smuggle", due_on="tomorrow")

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"mode", "due_on"}
    assert not Loan.objects.exists()


def test_a_return_with_missing_pages_needs_a_discrepancy(reader_api, leader_api, clerk_api, secret_copy):
    loan = ask(reader_api, secret_copy).json()["id"]
    leader_api.post(f"/api/v1/loans/{loan}/approve/", {"reason": "Yes"}, format="json")
    clerk_api.post(f"/api/v1/loans/{loan}/hand-out/", {"reason": "Out"}, format="json")
    before = recorded_state()

    response = clerk_api.post(
        f"/api/v1/loans/{loan}/return/", {"pages_complete": False, "attachments_complete": True, "reason": "Back"},
        format="json",
    )

    assert response.status_code == 400
    assert "discrepancy" in response.json()["errors"]
    assert recorded_state() == before


def test_a_loan_outside_scope_is_404_and_the_denial_is_logged(reader_api, office, other_unit, secret_copy):
    loan = ask(reader_api, secret_copy).json()["id"]
    outsider = token_client(other_unit.reader)

    assert outsider.get(f"/api/v1/loans/{loan}/").status_code == 404
    assert outsider.post(f"/api/v1/loans/{loan}/cancel/", {"reason": "x"}, format="json").status_code == 404
    assert outsider.get(f"/api/v1/loans/{loan + 1000}/").status_code == 404

    denials = AccessEvent.objects.filter(kind=AccessKind.DENIED).order_by("pk")
    assert list(denials.values_list("user", "object_description", "path")) == [
        (other_unit.reader.pk, f"documents.Loan #{loan}", f"/api/v1/loans/{loan}/"),
        (other_unit.reader.pk, f"documents.Loan #{loan}", f"/api/v1/loans/{loan}/cancel/"),
        (other_unit.reader.pk, f"documents.Loan #{loan + 1000} (no such record)", f"/api/v1/loans/{loan + 1000}/"),
    ]
    assert Loan.objects.get(pk=loan).status == LoanStatus.REQUESTED


def test_asking_for_a_copy_outside_scope_is_404(other_unit, secret_copy):
    outsider = token_client(other_unit.reader)

    assert ask(outsider, secret_copy).status_code == 404
    assert not Loan.objects.exists()


def test_the_list_holds_only_the_loans_in_scope(reader_api, office, secret_copy):
    mine = ask(reader_api, secret_copy).json()["id"]
    other = DocumentFactory(registry=office.registry, by=office.clerk, level=1, scope_users=[office.reader2])
    reader2_api = token_client(office.reader2)
    theirs = ask(reader2_api, other.copies.get(number=1)).json()["id"]

    assert [row["id"] for row in reader_api.get("/api/v1/loans/").json()["results"]] == [mine]
    assert {row["id"] for row in token_client(office.clerk).get("/api/v1/loans/").json()["results"]} == {mine, theirs}


def test_each_step_is_logged_as_the_token_user(reader_api, office, secret_copy):
    ask(reader_api, secret_copy)

    assert list(TokenUse.objects.values_list("user", "method", "status")) == [(office.reader.pk, "POST", 201)]
    assert Loan.objects.get().history.get().history_user == office.reader
