"""The API of incoming receipts and places of storage: registration with the sender's numbers, a copy's place, moving it."""

import pytest

from documents.models import Copy, Document
from documents.services.storage import Place
from tests.api.conftest import recorded_state, token_client
from tests.api.test_documents_api import LIST, registration
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


def test_an_oa_system_registers_an_incoming_document_with_the_senders_numbers_and_a_place(clerk_api, office, other_unit):
    created = clerk_api.post(
        LIST,
        registration(
            copies_count=None, copy_numbers=[4, 7, 9], received_on="2026-03-04", received_from_registry="CWC",
            delivered_by="王强", sender_registry_number="CWC-2026-00012", location_room="301", location_cabinet="2",
        ),
        format="json",
    )

    assert created.status_code == 201, created.json()
    body = created.json()
    assert [copy["number"] for copy in body["copies"]] == [4, 7, 9]
    assert {copy["location"]["label"] for copy in body["copies"]} == {"Room 301, cabinet 2"}
    assert body["copies_count"] == 3 and body["copy_numbers_from_sender"] is True
    assert (body["received_on"], body["received_from_registry"]) == ("2026-03-04", "CWC")
    assert (body["delivered_by"], body["sender_registry_number"]) == ("王强", "CWC-2026-00012")


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"copy_numbers": [4, 7, 4]}, "copy_numbers"),
        ({"copy_numbers": [4, 0]}, "copy_numbers"),
        ({"copy_numbers": [4, 7], "copies_count": 3}, "copy_numbers"),
        ({"received_from_registry": "NOPE"}, "received_from_registry"),
        ({"location_room": "", "location_shelf": "3"}, "location_room"),
    ],
)
def test_a_bad_registration_is_a_400_by_field_and_registers_nothing(clerk_api, office, overrides, field):
    before = recorded_state()
    response = clerk_api.post(LIST, registration(**{"copies_count": None, **overrides}), format="json")

    assert response.status_code == 400, response.json()
    assert field in response.json()["errors"]
    assert recorded_state() == before


@pytest.fixture
def shelved(office):
    return DocumentFactory(registry=office.registry, by=office.clerk, copies_count=2, location=Place("301", "1"),
                           scope_users=[office.reader])


def test_a_copy_reads_with_its_place(clerk_api, shelved):
    copy = shelved.copies.order_by("number").first()

    body = clerk_api.get(f"/api/v1/copies/{copy.pk}/").json()

    assert body["location"] == {
        "id": copy.location_id, "room": "301", "cabinet": "1", "shelf": "", "label": "Room 301, cabinet 1",
    }


def test_the_clerk_moves_a_copy_through_the_api_with_a_reason(clerk_api, office, shelved):
    copy = shelved.copies.order_by("number").first()

    response = clerk_api.post(
        f"/api/v1/copies/{copy.pk}/location/", {"room": "302", "cabinet": "5", "shelf": "2", "reason": "换柜"}, format="json"
    )

    assert response.status_code == 200, response.json()
    assert response.json()["location"]["label"] == "Room 302, cabinet 5, shelf 2"
    assert copy.history.latest().history_change_reason == "换柜"


def test_the_ledger_api_filters_copies_by_place(clerk_api, office, shelved):
    DocumentFactory(registry=office.registry, by=office.clerk, copies_count=1, location=Place("205"))
    place = Copy.objects.get(location__room="205").location

    body = clerk_api.get("/api/v1/copies/", {"location": place.pk}).json()

    assert [row["location"]["room"] for row in body["results"]] == ["205"]


def test_a_reader_may_not_move_a_copy(office, shelved):
    copy = shelved.copies.first()

    response = token_client(office.reader).post(
        f"/api/v1/copies/{copy.pk}/location/", {"room": "302", "reason": "换柜"}, format="json"
    )

    assert response.status_code == 403
    assert response.json()["code"] == "not_permitted"
    copy.refresh_from_db()
    assert copy.location.room == "301"


def test_a_move_to_the_same_place_is_a_409_and_a_copy_out_of_scope_a_404(clerk_api, office, other_unit, shelved):
    copy = shelved.copies.first()

    same = clerk_api.post(f"/api/v1/copies/{copy.pk}/location/", {"room": "301", "cabinet": "1", "reason": "换柜"}, format="json")
    assert same.status_code == 409 and "already kept there" in same.json()["message"]

    stranger = token_client(other_unit.clerk).post(
        f"/api/v1/copies/{copy.pk}/location/", {"room": "302", "reason": "换柜"}, format="json"
    )
    assert stranger.status_code == 404
    assert Document.objects.count() == 1
