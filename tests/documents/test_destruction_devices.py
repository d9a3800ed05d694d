"""Scrapping a classified computer or storage medium goes through the destruction procedure."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from carriers import services as carriers
from carriers.models import Device, DeviceStatus
from documents.levels import Level
from documents.models import Copy, CopyStatus, DestructionDeviceItem, DestructionList, DestructionStatus
from documents.selectors import destruction_certificate
from documents.services import destruction
from documents.services.errors import InvalidState, NotPermitted, SeparationOfDuties
from people.roles import Role
from people.services.membership import add_membership
from tests.factories import PASSWORD, DocumentFactory, member, proved

pytestmark = pytest.mark.django_db


def register(office, asset="U-0001", kind="usb", level=Level.SECRET, unit=None, by=None):
    return carriers.register_device(
        unit=unit or office.unit, by=by or office.clerk, reason="Bought for the registry", kind=kind,
        asset_number=asset, model_name="Kingston DT", serial_number=f"SN-{asset}", level=level,
        custodian=office.reader, location="Safe 2", network="none",
    )


@pytest.fixture
def key(office):
    return register(office)


def listed(office, *, devices=(), copies=()):
    return destruction.prepare_destruction_list(
        registry=office.registry, copies=list(copies), devices=list(devices), by=office.clerk, reason="Worn out"
    )


def approved(office, **items):
    dlist = listed(office, **items)
    destruction.submit_destruction_list(dlist=dlist, by=office.clerk, reason="Complete")
    return destruction.approve_destruction_list(dlist=dlist, by=office.leader, reason="Agreed", proof=proved(office.leader))


def execute(office, dlist, witness_1=None, witness_2=None):
    witness_1, witness_2 = witness_1 or office.inspector, witness_2 or office.reader2
    return destruction.execute_destruction_list(
        dlist=dlist, by=office.clerk, executed_on=timezone.localdate(), place="Destruction centre",
        method="physical", witness_1=witness_1, witness_2=witness_2,
        reason="Destroyed as approved", witness_proofs=[proved(witness_1), proved(witness_2)],
    )


def status_of(device):
    return Device.objects.get(pk=device.pk).status


def electronic_copy(office, **fields):
    document = DocumentFactory(
        registry=office.registry, by=office.clerk, copies_count=1, medium="electronic", level=Level.CONFIDENTIAL,
        scope_users=[office.leader], **fields,
    )
    return Copy.objects.get(document=document)


def test_a_usb_key_is_scrapped_before_two_witnesses_and_is_on_the_certificate(office, key):
    dlist = approved(office, devices=[key])

    execute(office, dlist)

    assert status_of(key) == DeviceStatus.SCRAPPED
    latest = key.history.order_by("-history_id").first()
    assert latest.history_user == office.clerk
    assert dlist.label in latest.history_change_reason
    assert DestructionList.objects.get(pk=dlist.pk).status == DestructionStatus.EXECUTED
    assert not DestructionDeviceItem.objects.get(device=key).is_open
    certificate = destruction_certificate(DestructionList.objects.get(pk=dlist.pk))
    assert certificate["devices"] == [
        {
            "asset_number": "U-0001", "kind": "usb", "kind_label": "USB storage key", "model_name": "Kingston DT",
            "serial_number": "SN-U-0001", "level": Level.SECRET, "level_label": "Secret", "status": "scrapped",
        }
    ]
    assert certificate["device_count"] == 1
    assert certificate["highest_level"] == Level.SECRET
    assert certificate["witnesses"] == [office.inspector, office.reader2]


def test_the_certificate_banner_takes_the_highest_of_copies_and_devices(office):
    computer = register(office, asset="PC-1", kind="computer", level=Level.TOP_SECRET)
    copy = electronic_copy(office)

    certificate = destruction_certificate(listed(office, devices=[computer], copies=[copy]))

    assert certificate["highest_level"] == Level.TOP_SECRET
    assert [row["label"] for row in certificate["copies"]] == [copy.label]


def test_the_preparer_cannot_approve_the_scrapping(office, key):
    add_membership(user=office.clerk, unit=office.unit, role=Role.LEADER, by=None, reason="Acting leader")
    dlist = listed(office, devices=[key])
    destruction.submit_destruction_list(dlist=dlist, by=office.clerk, reason="Complete")

    with pytest.raises(SeparationOfDuties):
        destruction.approve_destruction_list(dlist=dlist, by=office.clerk, reason="Fine by me", proof=proved(office.clerk))
    assert DestructionList.objects.get(pk=dlist.pk).status == DestructionStatus.SUBMITTED


def test_one_witness_twice_scraps_nothing(office, key):
    dlist = approved(office, devices=[key])

    with pytest.raises(SeparationOfDuties):
        execute(office, dlist, witness_1=office.reader2, witness_2=office.reader2)

    assert status_of(key) == DeviceStatus.IN_USE


def test_a_device_on_an_open_list_cannot_be_listed_again(office, key):
    first = listed(office, devices=[key])

    with pytest.raises(InvalidState) as refused:
        listed(office, devices=[key])

    assert first.label in refused.value.message
    assert DestructionList.objects.count() == 1


def test_the_database_holds_a_device_to_one_open_list(office, key):
    listed(office, devices=[key])
    other = DestructionList(registry=office.registry, prepared_by=office.clerk, reason="x")
    other._change_reason = "x"
    other.save()
    item = DestructionDeviceItem(list=other, device=key)
    item._change_reason = "bypassing the service"

    with pytest.raises(IntegrityError), transaction.atomic():
        item.save()


def test_a_device_in_repair_cannot_be_listed(office, key):
    carriers.send_for_repair(device=key, repairer="Approved repairer", by=office.clerk, reason="Faulty")

    with pytest.raises(InvalidState) as refused:
        listed(office, devices=[key])

    assert "in repair" in refused.value.message
    assert DestructionList.objects.count() == 0


def test_a_listed_device_is_neither_sent_for_repair_nor_loaded(office, key):
    dlist = listed(office, devices=[key])
    copy = electronic_copy(office)

    with pytest.raises(InvalidState, match=dlist.label):
        carriers.send_for_repair(device=key, repairer="Approved repairer", by=office.clerk, reason="Faulty")
    with pytest.raises(InvalidState, match=dlist.label):
        carriers.load_copy(device=key, copy=copy, by=office.clerk, reason="store")
    assert status_of(key) == DeviceStatus.IN_USE


def test_a_scrapped_device_record_is_final(office, key):
    execute(office, approved(office, devices=[key]))

    with pytest.raises(InvalidState, match="final"):
        carriers.change_custodian(device=key, custodian=office.reader2, by=office.clerk, reason="Handed over")
    with pytest.raises(InvalidState):
        carriers.send_for_repair(device=key, repairer="x", by=office.clerk, reason="x")
    with pytest.raises(InvalidState, match="already scrapped"):
        listed(office, devices=[key])
    assert Device.objects.get(pk=key.pk).custodian == office.reader


def test_a_device_is_scrapped_only_by_executing_its_list(office, key):
    dlist = approved(office, devices=[key])

    with pytest.raises(InvalidState, match="approved destruction list"):
        carriers.scrap_device(device=key, destruction_list=dlist, by=office.clerk, reason="Shortcut")

    assert status_of(key) == DeviceStatus.IN_USE


def test_a_rejected_list_frees_its_device(office, key):
    dlist = listed(office, devices=[key])
    destruction.submit_destruction_list(dlist=dlist, by=office.clerk, reason="Complete")
    destruction.reject_destruction_list(dlist=dlist, by=office.leader, reason="Still in use")

    again = listed(office, devices=[key])

    assert again.device_items.get().device == key


def test_a_device_of_another_unit_cannot_be_listed(office, other_unit):
    foreign = register(office, asset="F-1", unit=other_unit.unit, by=other_unit.clerk)
    add_membership(user=office.clerk, unit=other_unit.unit, role=Role.CLERK, by=None, reason="Keeps both")

    with pytest.raises(InvalidState, match="F-1"):
        listed(office, devices=[foreign])


def test_only_a_clerk_lists_a_device(office, key):
    with pytest.raises(NotPermitted):
        destruction.prepare_destruction_list(registry=office.registry, devices=[key], by=office.leader, reason="x")


def test_a_medium_carrying_copies_is_listed_only_together_with_them(office, key):
    copy = electronic_copy(office)
    carriers.load_copy(device=key, copy=copy, by=office.clerk, reason="store")

    with pytest.raises(InvalidState) as refused:
        listed(office, devices=[key])
    assert copy.label in refused.value.message
    assert DestructionList.objects.count() == 0

    execute(office, approved(office, devices=[key], copies=[copy]))

    assert status_of(key) == DeviceStatus.SCRAPPED
    assert Copy.objects.get(pk=copy.pk).status == CopyStatus.DESTROYED


def test_a_medium_is_listed_once_its_copies_are_destroyed(office, key):
    copy = electronic_copy(office)
    carriers.load_copy(device=key, copy=copy, by=office.clerk, reason="store")
    execute(office, approved(office, copies=[copy]))

    dlist = listed(office, devices=[key])

    assert dlist.device_items.get().device == key


def test_a_carried_copy_stays_on_the_list_while_its_medium_does(office, key):
    copy = electronic_copy(office)
    carriers.load_copy(device=key, copy=copy, by=office.clerk, reason="store")
    dlist = listed(office, devices=[key], copies=[copy])

    with pytest.raises(InvalidState, match=copy.label):
        destruction.remove_from_destruction_list(dlist=dlist, copies=[copy], by=office.clerk, reason="Keep it")

    destruction.remove_from_destruction_list(dlist=dlist, copies=[copy], devices=[key], by=office.clerk, reason="Later")
    assert not dlist.items.exists() and not dlist.device_items.exists()


def test_copies_the_clerk_cannot_see_are_counted_not_named(office, other_unit, key):
    foreign = DocumentFactory(
        registry=other_unit.registry, by=other_unit.clerk, copies_count=1, medium="electronic",
        level=Level.CONFIDENTIAL, scope_users=[office.clerk],
    )
    copy = Copy.objects.get(document=foreign)
    carriers.load_copy(device=key, copy=copy, by=office.clerk, reason="Received on this key")
    clerk_b = member(office.unit, Role.CLERK, username="clerk_b")

    with pytest.raises(InvalidState) as refused:
        destruction.prepare_destruction_list(registry=office.registry, devices=[key], by=clerk_b, reason="Old")

    assert copy.label not in refused.value.message
    assert "1 copy you cannot see" in refused.value.message


# Pages ---------------------------------------------------------------------------------------


def signed_in(client, user):
    client.logout()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_scrapping_a_key_through_the_pages(client, office, key):
    signed_in(client, office.clerk)
    page = client.get(reverse("carriers:detail", args=[key.pk])).content.decode()
    assert reverse("carriers:scrap", args=[key.pk]) in page

    response = client.post(
        reverse("carriers:scrap", args=[key.pk]), {"dlist": "", "registry": office.registry.pk, "reason": "Worn out"}
    )
    dlist = DestructionList.objects.get()
    assert response.url == reverse("documents:destruction_detail", args=[dlist.pk])
    page = client.get(response.url).content.decode()
    assert "U-0001" in page and "SN-U-0001" in page
    client.post(reverse("documents:destruction_submit", args=[dlist.pk]), {"reason": "Complete"})

    signed_in(client, office.leader)
    page = client.get(reverse("documents:destruction_detail", args=[dlist.pk])).content.decode()
    assert "Approve the destruction" in page and "U-0001" in page
    client.post(reverse("documents:destruction_approve", args=[dlist.pk]), {"reason": "Agreed"})

    signed_in(client, office.clerk)
    assert "U-0001" in client.get(reverse("documents:destruction_execute", args=[dlist.pk])).content.decode()
    client.post(reverse("documents:destruction_execute", args=[dlist.pk]), {
        "executed_on": timezone.localdate().isoformat(), "place": "Destruction centre", "method": "physical",
        "witness_1": office.inspector.pk, "witness_2": office.reader2.pk, "reason": "Done", "confirm": "1",
        "witness_1_password": PASSWORD, "witness_2_password": PASSWORD,
    })

    assert status_of(key) == DeviceStatus.SCRAPPED
    page = client.get(reverse("carriers:detail", args=[key.pk])).content.decode()
    assert "Scrapped on" in page and dlist.label in page
    assert "its record is final" in page
    assert reverse("carriers:scrap", args=[key.pk]) not in page


def test_the_device_page_shows_the_open_list_and_offers_no_second_scrap(client, office, key):
    dlist = listed(office, devices=[key])
    signed_in(client, office.clerk)

    page = client.get(reverse("carriers:detail", args=[key.pk])).content.decode()

    assert dlist.label in page
    assert reverse("carriers:scrap", args=[key.pk]) not in page
    again = client.post(reverse("carriers:scrap", args=[key.pk]), {"registry": office.registry.pk, "reason": "x"})
    assert again.url == reverse("documents:destruction_detail", args=[dlist.pk])
    assert DestructionList.objects.count() == 1


def test_scrapping_from_the_device_page_lists_its_copies_when_ticked(client, office, key):
    copy = electronic_copy(office)
    carriers.load_copy(device=key, copy=copy, by=office.clerk, reason="store")
    signed_in(client, office.clerk)
    form = {"dlist": "", "registry": office.registry.pk, "reason": "Worn out"}

    refused = client.post(reverse("carriers:scrap", args=[key.pk]), form, follow=True).content.decode()
    assert copy.label in refused and "still carries" in refused
    assert DestructionList.objects.count() == 0

    client.post(reverse("carriers:scrap", args=[key.pk]), {**form, "with_copies": "on"})
    dlist = DestructionList.objects.get()
    assert list(dlist.items.values_list("copy", flat=True)) == [copy.pk]
    assert dlist.device_items.get().device == key


def test_scrapping_into_an_existing_draft(client, office, key):
    draft = listed(office, copies=[electronic_copy(office)])
    signed_in(client, office.clerk)

    client.post(reverse("carriers:scrap", args=[key.pk]), {"dlist": draft.pk, "registry": office.registry.pk, "reason": "Old"})

    assert draft.device_items.get().device == key


def test_the_list_page_adds_and_removes_a_device(client, office, key):
    spare = register(office, asset="U-0002")
    carriers.send_for_repair(device=spare, repairer="Approved repairer", by=office.clerk, reason="Faulty")
    dlist = listed(office, copies=[electronic_copy(office)])
    signed_in(client, office.clerk)

    page = client.get(reverse("documents:destruction_detail", args=[dlist.pk])).content.decode()
    assert f'<option value="{key.pk}">' in page
    assert f'<option value="{spare.pk}">' not in page

    client.post(reverse("documents:destruction_add_device", args=[dlist.pk]), {"device": key.pk, "reason": "Old"})
    assert dlist.device_items.get().device == key
    client.post(reverse("documents:destruction_remove", args=[dlist.pk]), {"devices": [key.pk], "reason": "Still used"})
    assert not dlist.device_items.exists()


def test_a_leader_neither_scraps_nor_adds_devices(client, office, key):
    dlist = listed(office, copies=[electronic_copy(office)])
    signed_in(client, office.leader)

    assert reverse("carriers:scrap", args=[key.pk]) not in client.get(reverse("carriers:detail", args=[key.pk])).content.decode()
    assert client.post(reverse("carriers:scrap", args=[key.pk]), {"registry": office.registry.pk, "reason": "x"}).status_code == 404
    response = client.post(reverse("documents:destruction_add_device", args=[dlist.pk]), {"device": key.pk, "reason": "x"})
    assert response.status_code == 404
    assert not DestructionDeviceItem.objects.exists()


def test_the_lists_page_counts_devices(client, office, key):
    listed(office, devices=[key], copies=[electronic_copy(office)])
    page = signed_in(client, office.clerk).get(reverse("documents:destruction_lists")).content.decode()
    assert "<td>1</td><td>1</td>" in page
