"""Destruction through the API with tokens alone: a list prepared, approved and executed before two witnesses."""

import pytest
from django.utils import timezone

from documents.models import Copy, CopyStatus, DestructionList, DestructionStatus
from documents.services import destruction
from tests.api.conftest import recorded_state, token_client
from tests.factories import DocumentFactory, proved

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader_api(office):
    return token_client(office.leader, for_decisions=True)


@pytest.fixture
def document(office):
    return DocumentFactory(registry=office.registry, by=office.clerk, scope_users=[office.leader], copies_count=3)


def prepare(api, copies, reason="No longer needed"):
    body = {"registry": "BGS", "copies": [copy.pk for copy in copies], "reason": reason}
    return api.post("/api/v1/destruction-lists/", body, format="json")


def execution(**overrides):
    return {
        "executed_on": timezone.localdate().isoformat(), "place": "Shredding room B2", "method": "shredding",
        "witness_1": "reader", "witness_2": "reader2", "reason": "Destroyed as approved", **overrides,
    }


def approved_list(clerk_api, leader_api, copies):
    dlist = prepare(clerk_api, copies).json()["id"]
    clerk_api.post(f"/api/v1/destruction-lists/{dlist}/submit/", {"reason": "Ready"}, format="json")
    leader_api.post(f"/api/v1/destruction-lists/{dlist}/approve/", {"reason": "Agreed"}, format="json")
    return dlist


def test_a_list_is_prepared_edited_approved_and_executed_before_two_witnesses(office, clerk_api, leader_api, document):
    one, two, three = document.copies.order_by("number")
    created = prepare(clerk_api, [one, two])
    assert created.status_code == 201, created.json()
    base = f"/api/v1/destruction-lists/{created.json()['id']}"

    added = clerk_api.post(f"{base}/add-copies/", {"copies": [three.pk], "reason": "This one too"}, format="json")
    assert [c["number"] for c in added.json()["copies"]] == [1, 2, 3]
    removed = clerk_api.post(f"{base}/remove-copies/", {"copies": [two.pk], "reason": "Still needed"}, format="json")
    assert [c["number"] for c in removed.json()["copies"]] == [1, 3]
    assert clerk_api.post(f"{base}/submit/", {"reason": "Ready"}, format="json").json()["status"] == "submitted"
    assert leader_api.post(f"{base}/approve/", {"reason": "Agreed"}, format="json").json()["status"] == "approved"

    recorded = clerk_api.post(f"{base}/execute/", execution(), format="json")

    assert recorded.status_code == 200, recorded.json()
    body = recorded.json()
    # Recorded, awaiting the witnesses: each confirms with their own password on the pages.
    assert (body["status"], body["witness_1"], body["witness_2"], body["method"]) == ("approved", "reader", "reader2", "shredding")
    assert Copy.objects.filter(document=document, status=CopyStatus.DESTROYED).count() == 0
    dlist = DestructionList.objects.get(pk=body["id"])
    for witness in (office.reader, office.reader2):
        destruction.confirm_witness(dlist=dlist, by=witness, proof=proved(witness))
    assert clerk_api.get(f"{base}/").json()["status"] == "executed"
    assert dict(Copy.objects.filter(document=document).values_list("number", "status")) == {
        1: CopyStatus.DESTROYED, 2: CopyStatus.IN_REGISTRY, 3: CopyStatus.DESTROYED,
    }


def test_one_witness_twice_is_refused_and_nothing_is_destroyed(clerk_api, leader_api, document):
    dlist = approved_list(clerk_api, leader_api, document.copies.all())
    before = recorded_state()

    response = clerk_api.post(f"/api/v1/destruction-lists/{dlist}/execute/", execution(witness_2="reader"), format="json")

    assert (response.status_code, response.json()["code"]) == (409, "separation_of_duties")
    assert "witness_2" in response.json()["errors"]
    assert recorded_state() == before


def test_the_preparer_cannot_approve(clerk_api, office, document):
    from people.roles import Role
    from tests.factories import member

    # A clerk who is also a leader prepared the list: another leader must approve it.
    both = member(office.unit, Role.LEADER, username="clerk_and_leader")
    member(office.unit, Role.CLERK, username="clerk_and_leader")
    both_api = token_client(both)
    dlist = prepare(both_api, document.copies.all()).json()["id"]
    both_api.post(f"/api/v1/destruction-lists/{dlist}/submit/", {"reason": "Ready"}, format="json")

    response = both_api.post(f"/api/v1/destruction-lists/{dlist}/approve/", {"reason": "Mine"}, format="json")

    assert (response.status_code, response.json()["code"]) == (409, "separation_of_duties")
    assert DestructionList.objects.get(pk=dlist).status == DestructionStatus.SUBMITTED


def test_a_leader_rejects_a_submitted_list(clerk_api, leader_api, document):
    dlist = prepare(clerk_api, document.copies.all()).json()["id"]
    clerk_api.post(f"/api/v1/destruction-lists/{dlist}/submit/", {"reason": "Ready"}, format="json")

    response = leader_api.post(f"/api/v1/destruction-lists/{dlist}/reject/", {"reason": "Keep them"}, format="json")

    assert (response.status_code, response.json()["status"]) == (200, "rejected")


def test_an_unknown_method_is_400_with_field_errors(clerk_api, leader_api, document):
    dlist = approved_list(clerk_api, leader_api, document.copies.all())

    response = clerk_api.post(f"/api/v1/destruction-lists/{dlist}/execute/", execution(method="burying"), format="json")

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"method"}
    assert DestructionList.objects.get(pk=dlist).status == DestructionStatus.APPROVED


def test_a_destruction_list_outside_scope_is_404(clerk_api, other_unit, document):
    dlist = prepare(clerk_api, document.copies.all()).json()["id"]
    outsider = token_client(other_unit.clerk)

    assert outsider.get(f"/api/v1/destruction-lists/{dlist}/").status_code == 404
    assert outsider.post(f"/api/v1/destruction-lists/{dlist}/submit/", {"reason": "x"}, format="json").status_code == 404
    assert DestructionList.objects.get(pk=dlist).status == DestructionStatus.DRAFT
