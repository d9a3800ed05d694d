"""Copying and excerpting through the API with tokens alone: ask, decide, make the copies."""

import pytest

from documents.models import Copy, ReproductionRequest, ReproductionStatus
from tests.api.conftest import recorded_state, token_client
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader_api(office):
    return token_client(office.leader, for_decisions=True)


@pytest.fixture
def source(office):
    document = DocumentFactory(registry=office.registry, by=office.clerk, level=2, scope_users=[office.leader], copies_count=2)
    return document.copies.get(number=1)


def ask(api, copy, **overrides):
    body = {"kind": "copy", "count": 2, "reason": "For the two branch offices", **overrides}
    return api.post(f"/api/v1/copies/{copy.pk}/reproductions/", body, format="json")


def test_the_clerk_asks_a_leader_approves_and_the_clerk_makes_the_copies(clerk_api, leader_api, source):
    asked = ask(clerk_api, source)
    assert asked.status_code == 201, asked.json()
    base = f"/api/v1/reproductions/{asked.json()['id']}"

    assert leader_api.post(f"{base}/approve/", {"reason": "Agreed"}, format="json").status_code == 200
    made = clerk_api.post(f"{base}/execute/", {"reason": "Copied"}, format="json")

    assert made.status_code == 200, made.json()
    assert made.json()["status"] == "executed"
    assert [(c["number"], c["source_copy"]) for c in made.json()["copies_made"]] == [(3, source.pk), (4, source.pk)]
    assert Copy.objects.filter(document=source.document).count() == 4


def test_a_leader_rejects_a_copying_request(clerk_api, leader_api, source):
    request = ask(clerk_api, source).json()["id"]

    response = leader_api.post(f"/api/v1/reproductions/{request}/reject/", {"reason": "One copy is enough"}, format="json")

    assert (response.status_code, response.json()["status"]) == (200, "rejected")


def test_making_copies_before_approval_is_409_and_makes_none(clerk_api, source):
    request = ask(clerk_api, source).json()["id"]
    before = recorded_state()

    response = clerk_api.post(f"/api/v1/reproductions/{request}/execute/", {"reason": "Copied"}, format="json")

    assert (response.status_code, response.json()["code"]) == (409, "invalid_state")
    assert recorded_state() == before


def test_a_count_out_of_bounds_is_400_on_the_count(clerk_api, source):
    response = ask(clerk_api, source, count=10_000)

    assert response.status_code == 400
    assert "count" in response.json()["errors"]
    assert not ReproductionRequest.objects.exists()


def test_only_a_clerk_asks_for_copies(office, source):
    response = ask(token_client(office.leader), source)

    assert (response.status_code, response.json()["code"]) == (403, "not_permitted")
    assert not ReproductionRequest.objects.exists()


def test_a_copying_request_outside_scope_is_404(clerk_api, other_unit, source):
    request = ask(clerk_api, source).json()["id"]
    outsider = token_client(other_unit.clerk)

    assert outsider.get(f"/api/v1/reproductions/{request}/").status_code == 404
    assert outsider.post(f"/api/v1/reproductions/{request}/approve/", {"reason": "x"}, format="json").status_code == 404
    assert ReproductionRequest.objects.get(pk=request).status == ReproductionStatus.REQUESTED
