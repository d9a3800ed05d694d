import pytest
from django.db import transaction
from django.urls import reverse

from documents.models import CopyStatus, InventoryStatus, ItemResult
from documents.services import inventory as service
from documents.services.copies import lock_copy, move
from documents.services.errors import Conflict, InvalidInput, InvalidState, NotPermitted
from tests.factories import PASSWORD, DocumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry_with_copies(office):
    first = DocumentFactory(registry=office.registry, by=office.clerk, copies_count=3, scope_users=[office.reader])
    second = DocumentFactory(registry=office.registry, by=office.clerk, copies_count=2)
    return first, second


def hand(copy, to, by, status=CopyStatus.OUT):
    with transaction.atomic():
        return move(lock_copy(copy), to=status, holder=to, by=by, reason="test")


def code(copy):
    return f"{copy.document.registry_number}-{copy.number}"


def test_inventory_lists_every_copy_in_the_registry_or_out_and_nothing_gone(office, registry_with_copies):
    first, second = registry_with_copies
    hand(first.copies.get(number=1), office.reader, office.clerk)
    hand(second.copies.get(number=2), None, office.clerk, CopyStatus.DESTROYED)

    inventory = service.open_inventory(registry=office.registry, by=office.clerk, reason="Annual inventory 2026")

    assert inventory.items.count() == 4
    out_item = inventory.items.get(copy__document=first, copy__number=1)
    assert (out_item.expected_status, out_item.expected_holder) == ("out", office.reader)


def test_scanning_marks_seen_in_any_written_form(office, registry_with_copies):
    first, _ = registry_with_copies
    inventory = service.open_inventory(registry=office.registry, by=office.clerk, reason="Annual")

    for typed, number in [(f"{first.registry_number}-001", 1), (f"{first.registry_number}/2", 2), (f" {first.registry_number} 3 ", 3)]:
        item = service.mark_seen(inventory=inventory, code=typed, by=office.clerk)
        assert (item.copy.number, item.result) == (number, ItemResult.SEEN)


def test_an_unknown_code_is_a_clear_error(office, registry_with_copies):
    inventory = service.open_inventory(registry=office.registry, by=office.clerk, reason="Annual")

    with pytest.raises(InvalidInput) as refused:
        service.mark_seen(inventory=inventory, code="BGS-1999-00001-1", by=office.clerk)
    assert "No copy" in refused.value.message
    with pytest.raises(InvalidInput):
        service.mark_seen(inventory=inventory, code="hello", by=office.clerk)


def test_closing_with_two_copies_unseen_lists_exactly_those_two_as_missing(office, registry_with_copies):
    first, second = registry_with_copies
    inventory = service.open_inventory(registry=office.registry, by=office.clerk, reason="Annual")
    for copy in [*first.copies.all(), second.copies.get(number=1)]:
        service.mark_seen(inventory=inventory, code=code(copy), by=office.clerk)
    # second/2 is never seen; first/3 turns out damaged: neither is "seen".
    service.record_problem(
        item=inventory.items.get(copy__document=first, copy__number=3), result=ItemResult.DAMAGED,
        by=office.clerk, reason="Water damage", note="Pages 3-4 illegible",
    )
    service.close_inventory(inventory=inventory, by=office.clerk, reason="Done")

    result = service.inventory_result(inventory)
    missing = [item.copy.label for item in result["discrepancies"] if item.result == ItemResult.MISSING]
    assert missing == [second.copies.get(number=2).label]
    counts = {value: n for value, _label, n in result["counts"]}
    assert counts == {"pending": 0, "seen": 3, "missing": 1, "damaged": 1, "wrong_holder": 0, "unexpected": 0}


def test_a_copy_found_with_someone_else_is_recorded_as_wrong_holder(office, registry_with_copies):
    first, _ = registry_with_copies
    hand(first.copies.get(number=1), office.reader, office.clerk)
    inventory = service.open_inventory(registry=office.registry, by=office.clerk, reason="Annual")
    item = inventory.items.get(copy__document=first, copy__number=1)

    with pytest.raises(InvalidInput):
        service.record_problem(item=item, result=ItemResult.WRONG_HOLDER, by=office.clerk, reason="check")
    service.record_problem(item=item, result=ItemResult.WRONG_HOLDER, found_holder=office.reader2, by=office.clerk, reason="check")

    item.refresh_from_db()
    assert (item.expected_holder, item.found_holder) == (office.reader, office.reader2)


def test_a_copy_the_ledger_says_is_destroyed_but_turns_up_is_unexpected(office, registry_with_copies):
    _, second = registry_with_copies
    gone = hand(second.copies.get(number=2), None, office.clerk, CopyStatus.DESTROYED)
    inventory = service.open_inventory(registry=office.registry, by=office.clerk, reason="Annual")

    item = service.mark_seen(inventory=inventory, code=code(gone), by=office.clerk)

    assert item.result == ItemResult.UNEXPECTED


def test_only_one_open_inventory_per_registry(office, registry_with_copies):
    service.open_inventory(registry=office.registry, by=office.clerk, reason="Annual")
    with pytest.raises(Conflict):
        service.open_inventory(registry=office.registry, by=office.clerk, reason="Again")


def test_copies_under_an_open_inventory_are_held_until_it_closes(office, registry_with_copies):
    first, _ = registry_with_copies
    inventory = service.open_inventory(registry=office.registry, by=office.clerk, reason="Annual")
    assert service.copies_under_open_inventory().filter(document=first).count() == 3

    service.close_inventory(inventory=inventory, by=office.clerk, reason="Done")
    assert service.copies_under_open_inventory().count() == 0


def test_a_closed_inventory_is_final_and_the_inspector_signs_it_off(office, registry_with_copies):
    first, _ = registry_with_copies
    inventory = service.open_inventory(registry=office.registry, by=office.clerk, reason="Annual")
    service.close_inventory(inventory=inventory, by=office.clerk, reason="Done")

    with pytest.raises(InvalidState):
        service.mark_seen(inventory=inventory, code=code(first.copies.first()), by=office.clerk)
    with pytest.raises(NotPermitted):
        service.sign_off(inventory=inventory, by=office.clerk, note="I approve my own work")
    service.sign_off(inventory=inventory, by=office.inspector, note="Checked against the ledger; two copies to follow up.")

    inventory.refresh_from_db()
    assert inventory.status == InventoryStatus.SIGNED_OFF
    assert inventory.signed_off_by == office.inspector


def test_only_the_clerk_opens_an_inventory(office, registry_with_copies):
    with pytest.raises(NotPermitted):
        service.open_inventory(registry=office.registry, by=office.inspector, reason="Annual")


def test_clerk_checks_copies_from_the_keyboard_on_the_page(client, office, registry_with_copies):
    first, _ = registry_with_copies
    client.login(username="clerk", password=PASSWORD)
    opened = client.post(reverse("documents:inventories"), {"registry": office.registry.pk, "reason": "Annual"})
    url = opened["Location"]

    response = client.post(url, {"code": f"{first.registry_number}-2"}, follow=True)

    assert f"{first.registry_number}-002 seen" in response.content.decode()
    assert response.context["pending_count"] == 4
    page = client.get(url).content.decode()
    assert 'autofocus' in page


def test_reader_cannot_see_inventories(client, office, registry_with_copies):
    inventory = service.open_inventory(registry=office.registry, by=office.clerk, reason="Annual")
    client.login(username="reader", password=PASSWORD)

    assert client.get(reverse("documents:inventory", args=[inventory.pk])).status_code == 404
    assert client.post(reverse("documents:inventory_close", args=[inventory.pk]), {"reason": "x"}).status_code == 404


def test_inspector_sees_but_cannot_scan(client, office, registry_with_copies):
    first, _ = registry_with_copies
    inventory = service.open_inventory(registry=office.registry, by=office.clerk, reason="Annual")
    client.login(username="inspector", password=PASSWORD)

    assert client.get(reverse("documents:inventory", args=[inventory.pk])).status_code == 200
    assert client.post(reverse("documents:inventory", args=[inventory.pk]), {"code": code(first.copies.first())}).status_code == 404
