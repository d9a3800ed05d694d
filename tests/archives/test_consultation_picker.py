"""The person consulting archive volumes is picked by type-ahead: never a select of every account."""

import pytest
from django.urls import reverse

from archives.models import Consultation, ConsultationKind
from tests.documents.test_people_picker import labels, offered, search, signed_in

pytestmark = pytest.mark.django_db


def request_for(person, volume):
    return {
        "kind": ConsultationKind.INTERNAL, "person": person, "volumes": [volume.pk],
        "purpose": "Drafting the annual summary", "reason": "Asked at the archive desk",
    }


def test_the_consultation_form_is_no_select_of_every_account(client, office, other_unit, filed_volume):
    page = signed_in(client, office.clerk).get(reverse("archives:new_consultation")).content.decode()

    picker = page.split('id="id_person-picker"')[1].split('class="picker-results"')[0]
    assert "<option" not in picker
    assert "finance_reader" not in page and "reader2" not in page
    assert reverse("archives:people_consultants") in page


def test_consultant_search_offers_active_secret_related_people_of_the_clerks_unit(client, office, other_unit, filed_volume):
    office.reader2.is_active = False
    office.reader2.save(update_fields=["is_active"])

    shown = set(offered(search(signed_in(client, office.clerk), reverse("archives:people_consultants"))))

    assert shown == labels(office.clerk, office.leader, office.reader, office.inspector)


def test_consultant_search_is_404_for_whoever_keeps_no_registry(client, office):
    for who in (office.leader, office.reader, office.administrator):
        assert search(signed_in(client, who), reverse("archives:people_consultants")).status_code == 404


@pytest.mark.parametrize("who", ["finance_reader", "administrator", "nobody"])
def test_a_consultation_for_an_ineligible_person_is_a_field_error_and_records_nothing(
    client, office, other_unit, filed_volume, who
):
    person = {"finance_reader": other_unit.reader.pk, "administrator": office.administrator.pk, "nobody": 99999999}[who]

    response = signed_in(client, office.clerk).post(reverse("archives:new_consultation"), request_for(person, filed_volume))

    assert "Pick an active person of your unit" in str(response.context["form"].errors["person"])
    assert not Consultation.objects.exists()


def test_a_consultation_for_a_person_picked_from_the_list_is_recorded(client, office, filed_volume):
    response = signed_in(client, office.clerk).post(
        reverse("archives:new_consultation"), request_for(office.reader.pk, filed_volume)
    )

    assert response.status_code == 302
    assert Consultation.objects.get().person == office.reader
