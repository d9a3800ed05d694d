"""An OA system registers a document and moves a copy through circulation with tokens and nothing else."""

import pytest

from documents.models import Copy, CopyStatus, Incident
from tests.api.conftest import token_client
from tests.api.test_documents_api import registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader_api(office):
    return token_client(office.leader)


def test_a_copy_goes_round_a_reading_list_through_the_api(clerk_api, leader_api, reader_api, office):
    document = clerk_api.post(
        "/api/v1/documents/", registration(scope_users=["leader", "reader", "reader2"], copies_count=1), format="json"
    ).json()
    copy_id = document["copies"][0]["id"]
    reader2_api = token_client(office.reader2)

    proposed = clerk_api.post(
        f"/api/v1/copies/{copy_id}/circulations/", {"readers": ["reader", "reader2"], "reason": "For reading"}, format="json"
    )
    assert proposed.status_code == 201, proposed.json()
    circulation = proposed.json()["id"]
    base = f"/api/v1/circulations/{circulation}"

    assert leader_api.post(f"{base}/approve/", {"reason": "Approved"}, format="json").status_code == 200
    for reader in (reader_api, reader2_api):
        assert clerk_api.post(f"{base}/hand-out/", {"reason": "Out"}, format="json").status_code == 200
        read = reader.post(f"{base}/mark-read/", {"comment": "已阅", "reason": "Read"}, format="json")
        assert read.status_code == 200, read.json()
        assert clerk_api.post(f"{base}/take-back/", {"reason": "Back"}, format="json").status_code == 200

    round_ = clerk_api.get(f"{base}/").json()
    assert round_["status"] == "completed"
    assert [(e["reader"], e["handed_out_by"], e["received_by"], e["comment"]) for e in round_["entries"]] == [
        ("reader", "clerk", "clerk", "已阅"),
        ("reader2", "clerk", "clerk", "已阅"),
    ]
    assert Copy.objects.get(pk=copy_id).status == CopyStatus.IN_REGISTRY


def test_the_proposer_cannot_approve_and_the_refusal_has_a_code(clerk_api, office):
    document = clerk_api.post("/api/v1/documents/", registration(scope_users=["reader"]), format="json").json()
    circulation = clerk_api.post(
        f"/api/v1/copies/{document['copies'][0]['id']}/circulations/", {"readers": ["reader"], "reason": "Read"},
        format="json",
    ).json()["id"]

    response = clerk_api.post(f"/api/v1/circulations/{circulation}/approve/", {"reason": "Mine"}, format="json")

    assert response.status_code in (403, 409)
    assert response.json()["code"] in ("not_permitted", "separation_of_duties")


def test_a_reader_cannot_hand_the_copy_on(clerk_api, reader_api, office):
    document = clerk_api.post("/api/v1/documents/", registration(scope_users=["reader", "leader"]), format="json").json()
    circulation = clerk_api.post(
        f"/api/v1/copies/{document['copies'][0]['id']}/circulations/", {"readers": ["reader"], "reason": "Read"},
        format="json",
    ).json()["id"]

    response = reader_api.post(f"/api/v1/circulations/{circulation}/hand-out/", {"reason": "Passing it on"}, format="json")

    assert response.status_code in (403, 404, 409)
    assert Copy.objects.get(pk=document["copies"][0]["id"]).status == CopyStatus.IN_REGISTRY


def test_a_circulation_outside_scope_is_404(clerk_api, office, other_unit):
    document = clerk_api.post("/api/v1/documents/", registration(scope_users=["reader"]), format="json").json()
    circulation = clerk_api.post(
        f"/api/v1/copies/{document['copies'][0]['id']}/circulations/", {"readers": ["reader"], "reason": "Read"},
        format="json",
    ).json()["id"]
    outsider = token_client(other_unit.reader)

    assert outsider.get(f"/api/v1/circulations/{circulation}/").status_code == 404
    assert outsider.post(f"/api/v1/circulations/{circulation}/cancel/", {"reason": "x"}, format="json").status_code == 404


def test_the_clerk_reports_a_copy_lost(clerk_api, office):
    document = clerk_api.post("/api/v1/documents/", registration(), format="json").json()
    copy_id = document["copies"][0]["id"]

    response = clerk_api.post(
        f"/api/v1/copies/{copy_id}/report-loss/", {"circumstances": "Not on its shelf", "reason": "Monthly check"},
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert Incident.objects.get().copy_id == copy_id
    assert Copy.objects.get(pk=copy_id).status == CopyStatus.LOST
