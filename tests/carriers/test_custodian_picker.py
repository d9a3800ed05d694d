"""The device custodian is picked by type-ahead from the device's unit: never a select of every account."""

import pytest
from django.urls import reverse

from carriers.models import Device
from tests.carriers.test_devices import usb
from tests.documents.test_people_picker import labels, offered, search, signed_in

pytestmark = pytest.mark.django_db


def picker(page, field="custodian"):
    return page.split(f'id="id_{field}-picker"')[1].split('class="picker-results"')[0]


def registration(office, **overrides):
    data = {
        "unit": office.unit.pk, "kind": "usb", "asset_number": "U-77", "model_name": "Kingston", "serial_number": "K1",
        "level": "2", "custodian": office.reader.pk, "location": "Safe 2", "network": "none", "reason": "New key",
    }
    return {**data, **overrides}


def test_the_device_register_page_is_no_select_of_every_account(client, office, other_unit):
    page = signed_in(client, office.clerk).get(reverse("carriers:list")).content.decode()

    assert "<option" not in picker(page)
    assert "finance_reader" not in page and "reader2" not in page
    assert reverse("carriers:people_custodians_new") in page and 'hx-include="#id_unit"' in page


def test_custodian_search_at_registration_offers_active_secret_related_people_of_the_unit(client, office, other_unit):
    office.reader2.is_active = False
    office.reader2.save(update_fields=["is_active"])

    response = signed_in(client, office.clerk).get(
        reverse("carriers:people_custodians_new"), {"q": "", "unit": office.unit.pk}, HTTP_HX_REQUEST="true"
    )

    assert set(offered(response)) == labels(office.clerk, office.leader, office.reader, office.inspector)


@pytest.mark.parametrize("unit", ["other", "", "x", "99999999999999"])
def test_custodian_search_at_registration_is_404_for_a_unit_whose_register_the_clerk_does_not_keep(
    client, office, other_unit, unit
):
    unit = other_unit.unit.pk if unit == "other" else unit
    response = signed_in(client, office.clerk).get(reverse("carriers:people_custodians_new"), {"unit": unit})
    assert response.status_code == 404


def test_custodian_search_at_registration_is_404_for_a_reader(client, office):
    response = signed_in(client, office.reader).get(reverse("carriers:people_custodians_new"), {"unit": office.unit.pk})
    assert response.status_code == 404


@pytest.mark.parametrize("who", ["finance_reader", "administrator", "disabled"])
def test_registering_a_device_with_an_ineligible_custodian_is_a_field_error_and_registers_nothing(
    client, office, other_unit, who
):
    person = {"finance_reader": other_unit.reader, "administrator": office.administrator, "disabled": office.reader2}[who]
    if who == "disabled":
        person.is_active = False
        person.save(update_fields=["is_active"])

    response = signed_in(client, office.clerk).post(reverse("carriers:list"), registration(office, custodian=person.pk))

    assert response.status_code == 200
    assert "Pick an active person of the device's unit" in " ".join(response.context["form"].errors["custodian"])
    assert not Device.objects.exists()


def test_registration_holds_the_custodian_to_the_people_of_the_unit_picked(client, office, other_unit):
    """A clerk of two units picks one unit and a person of the other: refused, though each is eligible somewhere."""
    from people.roles import Role

    from people.services.membership import add_membership

    add_membership(user=office.clerk, unit=other_unit.unit, role=Role.CLERK, by=None, reason="Covers finance")

    response = signed_in(client, office.clerk).post(
        reverse("carriers:list"), registration(office, custodian=other_unit.reader.pk)
    )

    assert "custodian" in response.context["form"].errors
    assert not Device.objects.exists()


def test_the_device_page_hands_over_by_type_ahead_not_a_select_of_every_account(client, office, other_unit):
    device = usb(office)
    page = signed_in(client, office.clerk).get(reverse("carriers:detail", args=[device.pk])).content.decode()

    assert "<option" not in picker(page)
    assert "finance_reader" not in page
    assert reverse("carriers:people_custodians", args=[device.pk]) in page


def test_hand_over_search_offers_only_active_secret_related_people_of_the_device_unit(client, office, other_unit):
    device = usb(office)
    office.reader2.is_active = False
    office.reader2.save(update_fields=["is_active"])

    response = search(signed_in(client, office.clerk), reverse("carriers:people_custodians", args=[device.pk]))

    assert set(offered(response)) == labels(office.clerk, office.leader, office.reader, office.inspector)


def test_hand_over_search_is_404_for_whoever_may_not_change_the_custodian(client, office, other_unit):
    device = usb(office)
    url = reverse("carriers:people_custodians", args=[device.pk])
    for who in (office.leader, office.reader, office.administrator, other_unit.clerk):
        assert search(signed_in(client, who), url).status_code == 404


@pytest.mark.parametrize("who", ["finance_reader", "administrator", "nobody"])
def test_handing_over_to_an_ineligible_person_is_refused_and_changes_nothing(client, office, other_unit, who):
    device = usb(office)
    person = {"finance_reader": other_unit.reader.pk, "administrator": office.administrator.pk, "nobody": 99999999}[who]

    response = signed_in(client, office.clerk).post(
        reverse("carriers:custodian", args=[device.pk]), {"custodian": person, "reason": "Handed over"}, follow=True
    )

    assert "Pick an active person of the device&#x27;s unit" in response.content.decode()
    device.refresh_from_db()
    assert device.custodian == office.reader
    assert device.history.count() == 1
