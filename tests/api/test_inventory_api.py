"""Inventories through the API with tokens alone: opened, copies seen by code, closed, signed off."""

import pytest

from documents.models import Inventory, InventoryItem, InventoryStatus, ItemResult
from tests.api.conftest import recorded_state, token_client
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def inspector_api(office):
    return token_client(office.inspector)


@pytest.fixture
def document(office):
    return DocumentFactory(registry=office.registry, by=office.clerk, copies_count=3)


def open_(api, reason="Annual inventory 2026"):
    return api.post("/api/v1/inventories/", {"registry": "BGS", "reason": reason}, format="json")


def test_an_inventory_is_opened_copies_seen_by_code_closed_and_signed_off(clerk_api, inspector_api, document):
    opened = open_(clerk_api)
    assert opened.status_code == 201, opened.json()
    base = f"/api/v1/inventories/{opened.json()['id']}"
    assert opened.json()["counts"]["pending"] == 3

    for number in (1, 2):
        seen = clerk_api.post(f"{base}/seen/", {"code": f"{document.registry_number}-{number:03d}"}, format="json")
        assert (seen.status_code, seen.json()["result"]) == (200, "seen")
    third = InventoryItem.objects.get(copy__document=document, copy__number=3)
    damaged = clerk_api.post(
        f"{base}/items/{third.pk}/problem/", {"result": "damaged", "note": "Water stain", "reason": "Found so"}, format="json"
    )
    assert damaged.json()["result"] == "damaged"
    closed = clerk_api.post(f"{base}/close/", {"reason": "All checked"}, format="json")
    assert closed.json()["status"] == "closed"

    signed = inspector_api.post(f"{base}/sign-off/", {"note": "Checked against the ledger"}, format="json")

    assert signed.status_code == 200, signed.json()
    body = inspector_api.get(f"{base}/").json()
    assert (body["status"], body["signed_off_by"]) == ("signed_off", "inspector")
    assert (body["counts"]["seen"], body["counts"]["damaged"], body["counts"]["missing"]) == (2, 1, 0)
    assert [item["copy_label"] for item in body["items"]] == [f"{document.registry_number}-00{n}" for n in (1, 2, 3)]


def test_a_second_open_inventory_is_409_and_opens_nothing(clerk_api, document):
    open_(clerk_api)
    before = recorded_state()

    response = open_(clerk_api, reason="Again")

    assert (response.status_code, response.json()["code"]) == (409, "conflict")
    assert recorded_state() == before


def test_an_unreadable_code_is_400_on_the_code(clerk_api, document):
    inventory = open_(clerk_api).json()["id"]
    before = recorded_state()

    response = clerk_api.post(f"/api/v1/inventories/{inventory}/seen/", {"code": "not a copy"}, format="json")

    assert response.status_code == 400
    assert "code" in response.json()["errors"]
    assert recorded_state() == before


def test_a_clerk_cannot_sign_off(clerk_api, document):
    inventory = open_(clerk_api).json()["id"]
    clerk_api.post(f"/api/v1/inventories/{inventory}/close/", {"reason": "Done"}, format="json")

    response = clerk_api.post(f"/api/v1/inventories/{inventory}/sign-off/", {"note": "Fine"}, format="json")

    assert (response.status_code, response.json()["code"]) == (403, "not_permitted")
    assert Inventory.objects.get(pk=inventory).status == InventoryStatus.CLOSED


def test_an_item_of_another_inventory_is_404(clerk_api, office, other_unit, document):
    inventory = open_(clerk_api).json()["id"]
    DocumentFactory(registry=other_unit.registry, by=other_unit.clerk)
    theirs = token_client(other_unit.clerk).post(
        "/api/v1/inventories/", {"registry": "CWC", "reason": "Annual"}, format="json"
    ).json()["id"]
    item = InventoryItem.objects.filter(inventory_id=theirs).first()

    response = clerk_api.post(
        f"/api/v1/inventories/{inventory}/items/{item.pk}/problem/", {"result": "missing", "reason": "x"}, format="json"
    )

    assert response.status_code == 404
    assert InventoryItem.objects.get(pk=item.pk).result == ItemResult.PENDING


def test_an_inventory_outside_scope_is_404(clerk_api, office, document):
    inventory = open_(clerk_api).json()["id"]
    reader = token_client(office.reader)

    assert reader.get(f"/api/v1/inventories/{inventory}/").status_code == 404
    assert reader.post(f"/api/v1/inventories/{inventory}/close/", {"reason": "x"}, format="json").status_code == 404
    assert Inventory.objects.get(pk=inventory).status == InventoryStatus.OPEN


def test_a_scan_through_the_api_says_when_it_is_a_repeat_and_changes_nothing(clerk_api, document):
    base = f"/api/v1/inventories/{open_(clerk_api).json()['id']}"
    code = f"{document.registry_number}-1"

    first = clerk_api.post(f"{base}/seen/", {"code": code}, format="json").json()
    before = recorded_state()
    again = clerk_api.post(f"{base}/seen/", {"code": code}, format="json").json()

    assert (first["repeat"], again["repeat"]) == (False, True)
    assert (again["result"], again["checked_by"], again["checked_at"]) == ("seen", "clerk", first["checked_at"])
    assert recorded_state() == before


def test_a_copy_out_with_a_reader_is_seen_with_its_holder_through_the_api_and_never_counted_missing(
    clerk_api, office, document
):
    from django.db import transaction

    from documents.models import CopyStatus
    from documents.services.copies import lock_copy, move

    with transaction.atomic():
        for number in (1, 2):
            move(lock_copy(document.copies.get(number=number)), to=CopyStatus.OUT, holder=office.reader, by=office.clerk,
                 reason="t")
    base = f"/api/v1/inventories/{open_(clerk_api).json()['id']}"

    seen = clerk_api.post(f"{base}/seen/", {"code": f"{document.registry_number}-1"}, format="json").json()
    closed = clerk_api.post(f"{base}/close/", {"reason": "Done"}, format="json").json()

    assert (seen["result"], seen["found_holder"]) == ("with_holder", "reader")
    assert {k: closed["counts"][k] for k in ("with_holder", "unconfirmed", "missing")} == {
        "with_holder": 1, "unconfirmed": 1, "missing": 1,
    }


def test_an_unknown_code_is_400_and_names_the_code(clerk_api, document):
    base = f"/api/v1/inventories/{open_(clerk_api).json()['id']}"

    response = clerk_api.post(f"{base}/seen/", {"code": "BGS-1999-00001-1"}, format="json")

    assert response.status_code == 400
    assert "No copy BGS-1999-00001-1 in this registry." in response.json()["errors"]["code"]
