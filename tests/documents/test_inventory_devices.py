"""Classified computers and storage media counted at the inventory (设备、载体清查): listed when it opens,
seen by their asset number in the scan box, a problem recorded on the device's own page, missing at the close."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from carriers import services as carriers
from carriers.models import DeviceStatus
from documents.levels import Level
from documents.models import InventoryDeviceItem, ItemResult
from documents.services import destruction
from documents.services import inventory as service
from documents.services.errors import InvalidInput, InvalidState, NotPermitted
from inspections import report as reports
from inspections.summary import annual_summary
from tests.api.conftest import token_client
from tests.factories import PASSWORD, DocumentFactory
from tests.pdf_reading import flat, page_texts

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def register(unit, clerk, asset, custodian, kind="usb", location="Room 301"):
    return carriers.register_device(
        unit=unit, by=clerk, reason="Bought", kind=kind, asset_number=asset, serial_number=f"SN-{asset}",
        level=Level.SECRET, custodian=custodian, location=location, network="none" if kind != "computer" else "isolated",
    )


@pytest.fixture
def devices(office, other_unit):
    """Of the office: a computer, a key, one in repair, one scrapped; one of another unit."""
    computer = register(office.unit, office.clerk, "BGS-PC-01", office.reader, kind="computer", location="机要室")
    key = register(office.unit, office.clerk, "BGS-U-07", office.reader2)
    repaired = register(office.unit, office.clerk, "BGS-U-08", office.reader)
    carriers.send_for_repair(device=repaired, repairer="Repair shop", by=office.clerk, reason="Broken")
    scrapped = register(office.unit, office.clerk, "BGS-U-09", office.reader)
    type(scrapped).objects.filter(pk=scrapped.pk).update(status=DeviceStatus.SCRAPPED)
    theirs = register(other_unit.unit, other_unit.clerk, "CWC-U-01", other_unit.reader)
    DocumentFactory(registry=office.registry, by=office.clerk, copies_count=1)
    return type("Devices", (), {"computer": computer, "key": key, "repaired": repaired, "scrapped": scrapped,
                                "theirs": theirs})


@pytest.fixture
def inventory(office, devices):
    return service.open_inventory(registry=office.registry, by=office.clerk, reason="Annual inventory")


def signed_in(client, user):
    client.logout()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def page_url(inventory):
    return reverse("documents:inventory", args=[inventory.pk])


def device_url(inventory, item):
    return reverse("documents:inventory_device_problem", args=[inventory.pk, item.pk])


def item_of(inventory, device):
    return inventory.device_items.get(device=device)


def test_opening_lists_every_device_of_the_unit_not_scrapped_with_what_the_register_says(office, devices, inventory):
    listed = {item.device.asset_number: item for item in inventory.device_items.select_related("device")}

    assert sorted(listed) == ["BGS-PC-01", "BGS-U-07", "BGS-U-08"]
    assert (listed["BGS-U-07"].expected_status, listed["BGS-U-07"].expected_custodian) == ("in_use", office.reader2)
    assert listed["BGS-U-08"].expected_status == "in_repair"
    assert {item.result for item in listed.values()} == {ItemResult.PENDING}
    row = listed["BGS-PC-01"].history.get()
    assert (row.history_user, row.history_change_reason) == (office.clerk, "Annual inventory")


def test_the_opening_message_counts_the_devices_apart_from_the_copies(client, office, devices):
    response = signed_in(client, office.clerk).post(
        reverse("documents:inventories"), {"registry": office.registry.pk, "reason": "Annual"}, follow=True
    )

    body = response.content.decode()
    assert "Inventory opened: 1 copy to check. 3 devices and media to check." in body


def test_a_device_is_seen_by_its_asset_number_in_any_case_and_a_repeat_changes_nothing(office, devices, inventory):
    item = service.mark_seen(inventory=inventory, code="  bgs-u-07 ", by=office.clerk)

    assert isinstance(item, InventoryDeviceItem)
    assert (item.device, item.result, item.found_custodian, item.checked_by, item.repeat) == (
        devices.key, ItemResult.SEEN, office.reader2, office.clerk, False,
    )
    assert item.history.latest().history_change_reason == "Seen at inventory"
    rows = item.history.count()

    again = service.mark_seen(inventory=inventory, code="BGS-U-07", by=office.clerk)

    assert again.repeat is True and again.result == ItemResult.SEEN
    assert item.history.count() == rows


def test_an_asset_number_of_no_device_in_this_inventory_is_a_form_message_and_nothing_is_written(
    client, office, devices, inventory,
):
    before = InventoryDeviceItem.history.count()
    for code in ("CWC-U-01", "BGS-U-09", "NOPE-1"):  # another unit's, scrapped, none at all
        with pytest.raises(InvalidInput) as refused:
            service.mark_seen(inventory=inventory, code=code, by=office.clerk)
        assert refused.value.errors["code"] == [f"No copy or device {code} in this inventory."]

    page = signed_in(client, office.clerk).post(page_url(inventory), {"code": "CWC-U-01"})
    answer = client.post(page_url(inventory), {"code": "cwc-u-01"}, **HTMX)

    assert page.status_code == 400 and "No copy or device CWC-U-01 in this inventory." in page.content.decode()
    assert '<span class="scan-error">No copy or device cwc-u-01 in this inventory.</span>' in answer.content.decode()
    assert InventoryDeviceItem.history.count() == before
    assert not inventory.device_items.exclude(result=ItemResult.PENDING).exists()


def test_an_htmx_scan_of_an_asset_number_swaps_the_device_row_and_the_counts(client, office, devices, inventory):
    item = item_of(inventory, devices.computer)

    response = signed_in(client, office.clerk).post(page_url(inventory), {"code": "bgs-pc-01"}, **HTMX)

    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert "BGS-PC-01 (Classified computer) seen." in body
    assert f'<tr id="device-{item.pk}" class="item item-seen" hx-swap-oob="true">' in body
    assert 'id="inventory-counts" hx-swap-oob="true"' in body
    counts = body[body.index('class="ledger compact counts devices"'):]
    assert '<tr class="count-devices_seen"><th>Devices and media seen</th><td>1</td>' in counts
    assert '<tr class="count-devices_pending"><th>Devices and media to check</th><td>2</td>' in counts


def test_the_row_offers_seen_as_one_click_posting_the_asset_number(client, office, devices, inventory):
    item = item_of(inventory, devices.key)

    page = signed_in(client, office.clerk).get(page_url(inventory)).content.decode()

    row = page[page.index(f'<tr id="device-{item.pk}"'):]
    row = row[: row.index("</tr>")]
    assert 'name="code" value="BGS-U-07"' in row and f'hx-post="{page_url(inventory)}"' in row
    assert device_url(inventory, item) in row
    assert "Record a problem…" in row
    assert "Devices and media in this inventory" in page
    assert "Type or scan the registry number and copy number, or a device&#x27;s asset number" in page


def test_a_device_with_someone_else_needs_that_person_and_not_its_custodian(office, devices, inventory):
    item = item_of(inventory, devices.key)

    with pytest.raises(InvalidInput) as refused:
        service.record_device_problem(item=item, result=ItemResult.WRONG_HOLDER, by=office.clerk, reason="check")
    assert "found_custodian" in refused.value.errors
    with pytest.raises(InvalidInput) as refused:
        service.record_device_problem(item=item, result=ItemResult.WRONG_HOLDER, found_custodian=office.reader2,
                                      by=office.clerk, reason="check")
    assert "That is its custodian" in refused.value.errors["found_custodian"][0]
    with pytest.raises(InvalidInput):
        service.record_device_problem(item=item, result=ItemResult.WITH_HOLDER, by=office.clerk, reason="check")
    item.refresh_from_db()
    assert item.result == ItemResult.PENDING

    service.record_device_problem(item=item, result=ItemResult.WRONG_HOLDER, found_custodian=office.reader,
                                  by=office.clerk, reason="Found on another desk", note="借给了同事")

    item.refresh_from_db()
    assert (item.result, item.expected_custodian, item.found_custodian, item.note) == (
        ItemResult.WRONG_HOLDER, office.reader2, office.reader, "借给了同事",
    )
    assert item.history.latest().history_change_reason == "Found on another desk"


def test_a_problem_is_recorded_on_the_devices_page_and_a_missing_person_is_a_form_message(client, office, devices, inventory):
    item = item_of(inventory, devices.computer)
    url = device_url(inventory, item)
    signed_in(client, office.clerk)

    page = client.get(url)
    assert page.status_code == 200 and "What was found of BGS-PC-01?" in page.content.decode()
    refused = client.post(url, {"result": "wrong_holder", "reason": "check"})
    assert refused.status_code == 400 and "Say who actually has the device." in refused.content.decode()
    item.refresh_from_db()
    assert item.result == ItemResult.PENDING

    done = client.post(url, {"result": "damaged", "note": "Seals broken", "reason": "Checked at inventory"})

    assert done.status_code == 302 and done["Location"].endswith(f"#device-{item.pk}")
    item.refresh_from_db()
    assert (item.result, item.note, item.checked_by) == (ItemResult.DAMAGED, "Seals broken", office.clerk)
    page = client.get(page_url(inventory)).content.decode()
    discrepancies = page[page.index('id="device-discrepancies"'):]
    assert "BGS-PC-01" in discrepancies and "Seals broken" in discrepancies


def test_only_the_clerk_of_the_registry_records_a_device_and_others_get_404(client, office, other_unit, devices, inventory):
    item = item_of(inventory, devices.key)
    for user in (office.reader, office.inspector, office.leader, other_unit.clerk):
        assert signed_in(client, user).get(device_url(inventory, item)).status_code == 404
        assert client.post(device_url(inventory, item), {"result": "missing", "reason": "x"}).status_code == 404
    with pytest.raises(NotPermitted):
        service.record_device_problem(item=item, result=ItemResult.MISSING, by=office.reader, reason="x")
    with pytest.raises(NotPermitted):
        service.mark_seen(inventory=inventory, code="BGS-U-07", by=office.inspector)
    item.refresh_from_db()
    assert item.result == ItemResult.PENDING


def test_a_device_item_of_another_inventory_is_404(client, office, other_unit, devices, inventory):
    theirs = service.open_inventory(registry=other_unit.registry, by=other_unit.clerk, reason="Annual")
    their_item = theirs.device_items.get()

    assert signed_in(client, office.clerk).get(device_url(inventory, their_item)).status_code == 404
    assert client.get(reverse("documents:inventory_device_problem", args=[inventory.pk, 10**6])).status_code == 404


def test_closing_records_every_device_not_seen_missing_with_a_system_note(client, office, devices, inventory):
    service.mark_seen(inventory=inventory, code="BGS-PC-01", by=office.clerk)

    confirm = signed_in(client, office.clerk).get(reverse("documents:inventory_close", args=[inventory.pk]))
    assert "2 devices and media were not seen: they will be recorded missing." in confirm.content.decode()

    service.close_inventory(inventory=inventory, by=office.clerk, reason="Inventory completed")

    results = dict(inventory.device_items.values_list("device__asset_number", "result"))
    assert results == {"BGS-PC-01": "seen", "BGS-U-07": "missing", "BGS-U-08": "missing"}
    missing = item_of(inventory, devices.key)
    assert missing.note == "Not found when the inventory was closed"
    assert "Not found when the inventory was closed" in signed_in(client, office.clerk).get(page_url(inventory)).content.decode()
    with pytest.raises(InvalidState):
        service.mark_seen(inventory=inventory, code="BGS-U-07", by=office.clerk)
    with pytest.raises(InvalidState):
        service.record_device_problem(item=missing, result=ItemResult.SEEN, by=office.clerk, reason="late")


def test_progress_and_result_count_devices_apart_from_copies(office, devices, inventory):
    service.mark_seen(inventory=inventory, code="BGS-U-07", by=office.clerk)
    service.record_device_problem(item=item_of(inventory, devices.computer), result=ItemResult.DAMAGED,
                                  by=office.clerk, reason="Seals broken")

    progress = service.inventory_progress(inventory)

    assert (progress["total"], progress["pending"], progress["problems"]) == (1, 1, 0)
    assert (progress["devices_total"], progress["devices_seen"], progress["devices_pending"],
            progress["devices_problems"]) == (3, 1, 1, 1)
    result = service.inventory_result(inventory)
    assert result["devices_total"] == 3 and result["total"] == 1
    assert dict((value, n) for value, _label, n in result["device_counts"]) == {
        "pending": 1, "seen": 1, "damaged": 1, "wrong_holder": 0, "missing": 0,
    }
    assert [item.device.asset_number for item in result["device_discrepancies"]] == ["BGS-PC-01"]


def test_the_page_answers_open_closed_and_signed_off_with_devices(client, office, devices, inventory):
    service.mark_seen(inventory=inventory, code="BGS-U-07", by=office.clerk)
    service.record_device_problem(item=item_of(inventory, devices.computer), result=ItemResult.WRONG_HOLDER,
                                  found_custodian=office.reader2, by=office.clerk, reason="check")

    def page(user):
        response = signed_in(client, user).get(page_url(inventory))
        assert response.status_code == 200
        return response.content.decode()

    opened = page(office.clerk)
    assert "BGS-U-08" in opened and "In repair" in opened and "With the wrong holder" in opened
    assert "BGS-U-09" not in opened and "CWC-U-01" not in opened
    assert "BGS-U-07" in page(office.inspector)  # who sees the inventory sees its devices, with nothing to do
    assert device_url(inventory, item_of(inventory, devices.key)) not in page(office.inspector)
    assert signed_in(client, office.reader).get(page_url(inventory)).status_code == 404

    service.close_inventory(inventory=inventory, by=office.clerk, reason="Done")
    closed = page(office.clerk)
    assert 'name="code" value="BGS-' not in closed and "Record a problem…" not in closed
    assert closed.count("BGS-U-08") == 2  # its row, and the discrepancies: missing

    service.sign_off(inventory=inventory, by=office.inspector, note="Devices checked")
    assert "Devices checked" in page(office.inspector) and "BGS-PC-01" in page(office.clerk)


def test_the_page_reads_the_devices_in_a_bounded_number_of_queries(client, office, devices, inventory):
    signed_in(client, office.clerk)
    with CaptureQueriesContext(connection) as few:
        client.get(page_url(inventory))
    for n in range(8):
        register(office.unit, office.clerk, f"BGS-X-{n}", office.reader)
    # Registered after the opening: put in this inventory as the opening would have.
    InventoryDeviceItem.objects.bulk_create(
        InventoryDeviceItem(inventory=inventory, device=device, expected_status=device.status,
                            expected_custodian=device.custodian)
        for device in type(devices.key).objects.filter(asset_number__startswith="BGS-X-")
    )
    with CaptureQueriesContext(connection) as many:
        response = client.get(page_url(inventory))
    assert response.content.decode().count('<tr id="device-') == 11
    assert len(many) <= len(few)


def test_the_printed_result_lists_the_devices_counted_and_their_discrepancies(client, office, devices, inventory):
    service.mark_seen(inventory=inventory, code="BGS-PC-01", by=office.clerk)
    service.close_inventory(inventory=inventory, by=office.clerk, reason="Done")

    response = signed_in(client, office.clerk).post(reverse("documents:inventory_print", args=[inventory.pk]))

    assert response["Content-Type"] == "application/pdf"
    text = flat("".join(page_texts(response.content)))
    assert "Devicesandmediacounted" in text
    for asset in ("BGS-PC-01", "BGS-U-07", "BGS-U-08"):
        assert asset in text
    assert "BGS-U-09" not in text and "CWC-U-01" not in text
    assert "Devicesandmediainthisinventory:3" in text
    assert "Seen:1" in text and "Missing:2" in text


def test_a_top_secret_device_listed_marks_the_printed_result_though_every_copy_was_seen(client, office, devices):
    from documents.models import PrintRecord

    type(devices.key).objects.filter(pk=devices.key.pk).update(level=Level.TOP_SECRET)
    inventory = service.open_inventory(registry=office.registry, by=office.clerk, reason="Annual")
    copy = inventory.items.select_related("copy__document").get().copy
    service.mark_seen(inventory=inventory, code=copy.label, by=office.clerk)
    service.close_inventory(inventory=inventory, by=office.clerk, reason="Done")

    response = signed_in(client, office.clerk).post(reverse("documents:inventory_print", args=[inventory.pk]))

    pages = page_texts(response.content)
    assert all("TOP SECRET" in page for page in pages)
    assert PrintRecord.objects.get().highest_level == Level.TOP_SECRET


def test_the_api_shows_the_devices_of_an_inventory_in_its_scope_and_scans_an_asset_number(office, other_unit, devices,
                                                                                          inventory):
    clerk = token_client(office.clerk)
    base = f"/api/v1/inventories/{inventory.pk}"

    seen = clerk.post(f"{base}/seen/", {"code": "bgs-u-07"}, format="json")

    assert seen.status_code == 200, seen.json()
    assert (seen.json()["asset_number"], seen.json()["result"], seen.json()["repeat"]) == ("BGS-U-07", "seen", False)
    body = token_client(office.inspector).get(f"{base}/").json()
    assert sorted(row["asset_number"] for row in body["devices"]) == ["BGS-PC-01", "BGS-U-07", "BGS-U-08"]
    assert body["device_counts"] == {"pending": 2, "seen": 1, "damaged": 0, "wrong_holder": 0, "missing": 0}
    assert token_client(other_unit.clerk).get(f"{base}/").status_code == 404
    assert token_client(office.reader).get(f"{base}/").status_code == 404
    unknown = clerk.post(f"{base}/seen/", {"code": "CWC-U-01"}, format="json")
    assert unknown.status_code == 400
    assert "No copy or device CWC-U-01 in this inventory." in unknown.json()["errors"]["code"]


def test_a_device_being_counted_is_not_scrapped_until_the_inventory_closes(office, devices, inventory):
    refusal = carriers.check_scrap(devices.key, office.clerk)
    assert isinstance(refusal, InvalidState) and "being counted by the open inventory of registry BGS" in refusal.message
    with pytest.raises(InvalidState, match="being counted"):
        destruction.prepare_destruction_list(registry=office.registry, devices=[devices.key], by=office.clerk,
                                             reason="Worn out")

    service.close_inventory(inventory=inventory, by=office.clerk, reason="Done")

    assert carriers.check_scrap(devices.key, office.clerk) is None
    destruction.prepare_destruction_list(registry=office.registry, devices=[devices.key], by=office.clerk, reason="Worn out")


def test_the_annual_summary_says_how_many_devices_were_counted_and_missing(office, devices, inventory):
    service.mark_seen(inventory=inventory, code="BGS-PC-01", by=office.clerk)
    service.close_inventory(inventory=inventory, by=office.clerk, reason="Done")
    year = timezone.localdate().year

    with translation.override("en"):
        built = reports.build_report(office.unit, year, annual_summary(office.leader, office.unit, year))
    paragraph = next(section for section in built.sections if section.key == "documents").paragraph
    assert "It also counted 3 classified computers and storage media: 2 found missing." in paragraph
    with translation.override("zh-hans"):
        built = reports.build_report(office.unit, year, annual_summary(office.leader, office.unit, year))
    paragraph = next(section for section in built.sections if section.key == "documents").paragraph
    assert "同时清查涉密计算机和存储介质3台（件），其中2台（件）未找到。" in paragraph
