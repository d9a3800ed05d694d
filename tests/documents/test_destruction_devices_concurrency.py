"""Two clerks acting on the same device at the same moment: exactly one succeeds, the other gets a clear message."""

import pytest

from carriers import services as carriers
from carriers.models import Device, DeviceStatus
from documents.levels import Level
from documents.models import DestructionDeviceItem, DestructionList
from documents.services import destruction
from people.roles import Role
from tests.documents.test_destruction_concurrency import race
from tests.factories import member

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def second_clerk(office):
    return member(office.unit, Role.CLERK, username="clerk_b")


@pytest.fixture
def key(office):
    return carriers.register_device(
        unit=office.unit, by=office.clerk, reason="Bought", kind="usb", asset_number="U-1", serial_number="SN-1",
        level=Level.SECRET, custodian=office.reader, location="Safe", network="none",
    )


def test_two_clerks_scrapping_the_same_key_at_once(office, second_clerk, key):
    def scrap(by):
        return lambda: destruction.prepare_destruction_list(registry=office.registry, devices=[key], by=by, reason="Old")

    results, errors = race(scrap(office.clerk), scrap(second_clerk))

    assert len(results) == 1 and len(errors) == 1
    assert DestructionList.objects.count() == 1
    assert DestructionDeviceItem.objects.filter(device=key, is_open=True).count() == 1


def test_listing_a_key_while_another_clerk_sends_it_for_repair(office, second_clerk, key):
    def scrap():
        return destruction.prepare_destruction_list(registry=office.registry, devices=[key], by=office.clerk, reason="Old")

    def repair():
        return carriers.send_for_repair(device=key, repairer="Approved repairer", by=second_clerk, reason="Faulty")

    results, errors = race(scrap, repair)

    assert len(results) == 1 and len(errors) == 1
    listed = DestructionDeviceItem.objects.filter(device=key).exists()
    in_repair = Device.objects.get(pk=key.pk).status == DeviceStatus.IN_REPAIR
    assert listed != in_repair
