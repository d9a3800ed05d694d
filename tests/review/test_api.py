"""The classification review through /api/v1/: the same services, checks and refusals as the pages."""

import pytest

from documents.models import Document
from review.models import ClassificationProposal, ProposalStatus
from tests.api.conftest import token_client
from tests.review.conftest import proposal_fields

pytestmark = pytest.mark.django_db


def body(**overrides):
    data = {**proposal_fields(), "registry": "BGS", "date_classified": "2026-11-20", "reason": "Draft ready",
            "scope_users": ["leader"], **overrides}  # fmt: skip
    return {name: value for name, value in data.items() if value is not None}


def test_propose_review_and_approve_through_the_api(office):
    created = token_client(office.reader).post("/api/v1/classification-proposals/", body(), format="json")
    assert created.status_code == 201, created.json()
    proposal = created.json()
    assert (proposal["status"], proposal["secrecy_period_years"], proposal["scope_users"]) == ("proposed", 20, ["leader"])

    passed = token_client(office.clerk).post(f"/api/v1/classification-proposals/{proposal['id']}/pass/",
                                             {"reason": "Checked"}, format="json")  # fmt: skip
    assert passed.status_code == 200 and passed.json()["reviewed_by"] == "clerk"

    approved = token_client(office.leader, for_decisions=True).post(
        f"/api/v1/classification-proposals/{proposal['id']}/approve/", {"reason": "Agreed"}, format="json"
    )

    assert approved.status_code == 200, approved.json()
    document = Document.objects.get()
    assert approved.json()["document"] == document.registry_number
    assert approved.json()["status"] == "approved"


def test_approval_without_a_token_for_decisions_asks_for_step_up(office, reviewed):
    answer = token_client(office.leader).post(f"/api/v1/classification-proposals/{reviewed.pk}/approve/",
                                              {"reason": "Agreed"}, format="json")  # fmt: skip

    assert answer.status_code == 403 and answer.json()["code"] == "step_up_required"
    assert not Document.objects.exists()


def test_approving_before_the_review_is_a_409_with_the_reason(office, proposal):
    answer = token_client(office.leader, for_decisions=True).post(
        f"/api/v1/classification-proposals/{proposal.pk}/approve/", {"reason": "Agreed"}, format="json"
    )

    assert answer.status_code == 409
    assert answer.json()["code"] == "invalid_state" and "has not been reviewed yet" in answer.json()["message"]


def test_the_drafter_reviewing_or_approving_is_refused(office):
    from people.roles import Role
    from tests.factories import member

    created = token_client(office.clerk).post("/api/v1/classification-proposals/", body(), format="json").json()
    review = token_client(office.clerk).post(f"/api/v1/classification-proposals/{created['id']}/pass/",
                                             {"reason": "Fine"}, format="json")  # fmt: skip
    assert review.status_code == 409 and review.json()["code"] == "separation_of_duties"

    leader_drafted = token_client(office.leader).post(
        "/api/v1/classification-proposals/", body(reference_number="BGS [2026] No. 9"), format="json"
    ).json()
    token_client(office.clerk).post(f"/api/v1/classification-proposals/{leader_drafted['id']}/pass/",
                                    {"reason": "Checked"}, format="json")  # fmt: skip
    answer = token_client(office.leader, for_decisions=True).post(
        f"/api/v1/classification-proposals/{leader_drafted['id']}/approve/", {"reason": "Mine"}, format="json"
    )
    assert answer.status_code == 409 and answer.json()["code"] == "separation_of_duties"
    assert "You drafted this proposal" in answer.json()["message"]
    member(office.unit, Role.LEADER, username="leader_b")
    assert not Document.objects.exists()


def test_a_blank_basis_or_reason_is_a_400(office):
    client = token_client(office.reader)

    no_basis = client.post("/api/v1/classification-proposals/", body(basis="\u200b"), format="json")
    no_reason = client.post("/api/v1/classification-proposals/", body(reason=" "), format="json")

    assert no_basis.status_code == 400 and no_reason.status_code == 400
    assert not ClassificationProposal.objects.exists()


def test_a_proposal_outside_the_callers_unit_is_not_found(office, other_unit, proposal):
    client = token_client(other_unit.clerk)

    assert client.get(f"/api/v1/classification-proposals/{proposal.pk}/").status_code == 404
    assert client.post(f"/api/v1/classification-proposals/{proposal.pk}/pass/", {"reason": "x"}, format="json").status_code == 404
    assert client.get("/api/v1/classification-proposals/").json()["results"] == []


def test_the_reviewer_sends_it_back_and_the_leader_rejects_another(office, proposal):
    sent = token_client(office.clerk).post(f"/api/v1/classification-proposals/{proposal.pk}/send-back/",
                                           {"reason": "Basis is 3.4"}, format="json")  # fmt: skip

    assert sent.status_code == 200 and sent.json()["status"] == ProposalStatus.RETURNED
    assert sent.json()["review_reason"] == "Basis is 3.4"
