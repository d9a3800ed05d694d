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


STEP_URLS = {
    "change_custodian": "carriers:custodian", "send_for_repair": "carriers:repair",
    "back_from_repair": "carriers:repaired", "load_copy": "carriers:load", "scrap": "carriers:scrap",
}
STEP_CHECKS = {
    "change_custodian": services.check_change_custodian, "send_for_repair": services.check_send_for_repair,
    "back_from_repair": services.check_back_from_repair, "load_copy": services.check_load_copy,
    "scrap": services.check_scrap,
}


def _offered(client, user, device):
    client.login(username=user.username, password=PASSWORD)
    page = client.get(reverse("carriers:detail", args=[device.pk])).content.decode()
    return {step: reverse(url, args=[device.pk]) in page for step, url in STEP_URLS.items()}


@pytest.mark.parametrize("state", ["in_use", "in_repair", "scrapped"])
def test_the_device_page_offers_a_step_exactly_when_its_check_allows_it(client, office, state):
    device = usb(office)
    if state == "in_repair":
        services.send_for_repair(device=device, repairer="Approved repairer", by=office.clerk, reason="Faulty")
    elif state == "scrapped":
        type(device).objects.filter(pk=device.pk).update(status=DeviceStatus.SCRAPPED)
    device.refresh_from_db()
    for user in (office.clerk, office.leader, office.reader):
        expected = {step: check(device, user) is None for step, check in STEP_CHECKS.items()}
        assert _offered(client, user, device) == expected, (state, user.username)
        client.logout()


def test_a_clerk_is_offered_repair_loading_and_scrapping_only_while_in_use(client, office):
    device = usb(office)
    assert _offered(client, office.clerk, device) == {
        "change_custodian": True, "send_for_repair": True, "back_from_repair": False, "load_copy": True, "scrap": True,
    }


def test_a_leader_or_reader_is_offered_nothing_on_a_device(client, office):
    device = usb(office)
    for user in (office.leader, office.reader):
        assert not any(_offered(client, user, device).values())
        client.logout()


def test_a_scrapped_device_offers_nothing_even_to_its_clerk(client, office):
    device = usb(office)
    type(device).objects.filter(pk=device.pk).update(status=DeviceStatus.SCRAPPED)
    assert not any(_offered(client, office.clerk, device).values())


def test_a_refused_step_from_the_page_shows_the_services_message(client, office):
    device = usb(office)
    client.login(username="clerk", password=PASSWORD)
    done = client.post(reverse("carriers:repaired", args=[device.pk]), {"reason": "Checked"}, follow=True)
    assert "This device is not in repair." in done.content.decode()
    device.refresh_from_db()
    assert device.status == DeviceStatus.IN_USE


def test_a_computer_is_not_offered_loading_and_the_service_refuses_to_record_a_copy_on_it(client, office):
    computer = services.register_device(
        unit=office.unit, by=office.clerk, reason="New workstation", kind="computer", asset_number="PC-1",
        serial_number="SN-1", level=Level.SECRET, custodian=office.reader, location="Room 301", network="none",
    )
    document = DocumentFactory(registry=office.registry, by=office.clerk, level=Level.CONFIDENTIAL, medium="electronic")

    assert isinstance(services.check_load_copy(computer, office.clerk), InvalidState)
    assert _offered(client, office.clerk, computer)["load_copy"] is False
    with pytest.raises(InvalidState):
        services.load_copy(device=computer, copy=document.copies.first(), by=office.clerk, reason="store")
    assert not computer.carried.exists()
