import pytest
from django.urls import reverse

from carriers import services
from carriers.models import DeviceStatus
from documents.levels import Level
from documents.services.errors import InvalidInput, InvalidState, NotPermitted
from tests.factories import PASSWORD, DocumentFactory

pytestmark = pytest.mark.django_db


def usb(office, level=Level.SECRET, asset="U-0001"):
    return services.register_device(
        unit=office.unit, by=office.clerk, reason="Bought for the registry", kind="usb", asset_number=asset,
        serial_number="SN-889", level=level, custodian=office.reader, location="Room 301", network="none",
    )


def test_clerk_registers_a_usb_key_with_history(office):
    device = usb(office)
    row = device.history.get()
    assert (row.history_user, row.history_change_reason) == (office.clerk, "Bought for the registry")


def test_only_the_clerk_keeps_the_register(office):
    with pytest.raises(NotPermitted):
        services.register_device(
            unit=office.unit, by=office.reader, reason="mine", kind="usb", asset_number="U-9", serial_number="x",
            level=Level.SECRET, custodian=office.reader, location="desk", network="none",
        )


def test_duplicate_asset_number_is_refused_by_field(office):
    usb(office)
    with pytest.raises(InvalidInput) as refused:
        usb(office)
    assert "asset_number" in refused.value.errors


def test_custodian_changes_are_recorded(office):
    device = usb(office)
    services.change_custodian(device=device, custodian=office.reader2, by=office.clerk, reason="Reader moved post")

    device.refresh_from_db()
    assert device.custodian == office.reader2
    assert [r.custodian for r in device.history.order_by("history_date")] == [office.reader, office.reader2]


def test_repair_round_trip_and_no_repair_twice(office):
    device = usb(office)
    services.send_for_repair(device=device, repairer="Approved repairer, on site", by=office.clerk, reason="Faulty")
    with pytest.raises(InvalidState):
        services.send_for_repair(device=device, repairer="again", by=office.clerk, reason="Faulty")
    services.back_from_repair(device=device, by=office.clerk, reason="Checked")
    device.refresh_from_db()
    assert device.status == DeviceStatus.IN_USE


def test_a_medium_cannot_carry_a_document_above_its_level(office):
    device = usb(office, level=Level.CONFIDENTIAL)
    secret = DocumentFactory(registry=office.registry, by=office.clerk, level=Level.SECRET, medium="electronic")
    confidential = DocumentFactory(registry=office.registry, by=office.clerk, level=Level.CONFIDENTIAL, medium="electronic")

    with pytest.raises(InvalidInput) as refused:
        services.load_copy(device=device, copy=secret.copies.first(), by=office.clerk, reason="store")
    assert "cannot carry" in refused.value.message
    carried = services.load_copy(device=device, copy=confidential.copies.first(), by=office.clerk, reason="store")
    assert carried.device == device


def test_paper_copies_are_not_stored_on_devices(office):
    device = usb(office)
    paper = DocumentFactory(registry=office.registry, by=office.clerk, level=Level.CONFIDENTIAL, medium="paper")
    with pytest.raises(InvalidInput):
        services.load_copy(device=device, copy=paper.copies.first(), by=office.clerk, reason="store")


def test_device_pages_register_and_hand_over(client, office):
    client.login(username="clerk", password=PASSWORD)
    response = client.post(reverse("carriers:list"), {
        "unit": office.unit.pk, "kind": "usb", "asset_number": "U-77", "model_name": "Kingston", "serial_number": "K1",
        "level": "2", "custodian": office.reader.pk, "location": "Safe 2", "network": "none", "reason": "New key",
    })
    assert response.status_code == 302
    detail = response["Location"]
    done = client.post(detail + "custodian/", {"custodian": office.reader2.pk, "reason": "Handed over"}, follow=True)
    assert "Custodian changed." in done.content.decode()


def test_devices_of_another_unit_are_404(client, office, other_unit):
    device = usb(office)
    client.login(username=other_unit.clerk.username, password=PASSWORD)
    assert client.get(reverse("carriers:detail", args=[device.pk])).status_code == 404
