"""The access log's person filter is a type-ahead over every account, never a select of them."""

import pytest
from django.urls import reverse

from tests.documents.test_people_picker import labels, offered, search, signed_in

pytestmark = pytest.mark.django_db


def test_the_access_log_filters_by_person_with_a_type_ahead_not_a_select_of_every_account(client, office, other_unit):
    page = signed_in(client, office.inspector).get(reverse("audit:access_log")).content.decode()

    picker = page.split('id="id_user-picker"')[1].split('class="picker-results"')[0]
    assert "<option" not in picker
    assert "finance_reader" not in page
    assert reverse("audit:people") in page


def test_the_person_search_offers_an_inspector_every_account_disabled_ones_too(client, office, other_unit):
    other_unit.reader.is_active = False
    other_unit.reader.save(update_fields=["is_active"])

    shown = set(offered(search(signed_in(client, office.inspector), reverse("audit:people"), "reader")))

    assert shown == labels(office.reader, office.reader2, other_unit.reader)


def test_the_person_search_is_404_to_anyone_but_an_inspector(client, office):
    for who in (office.clerk, office.leader, office.reader):
        assert search(signed_in(client, who), reverse("audit:people")).status_code == 404


@pytest.mark.parametrize("user", ["99999999", "abc", "-1"])
def test_an_unknown_person_is_a_filter_error_and_no_rows(client, office, user):
    response = signed_in(client, office.inspector).get(reverse("audit:access_log"), {"user": user})

    assert response.status_code == 200
    assert list(response.context["page"].rows) == []
    assert "Person:" in response.content.decode()
