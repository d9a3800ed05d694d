"""The summary's marking is the office's recorded choice, and the page opens on the person's own unit."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from documents.levels import Level
from documents.services.errors import MissingReason, NotPermitted
from inspections.models import AnnualSummary
from inspections.services.marking import choose_marking, summary_marking
from people.roles import Role
from people.services.membership import add_membership
from tests.factories import PASSWORD, DocumentFactory, UnitFactory
from tests.pdf_reading import flat, page_texts

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


def printed(client, user, unit):
    assert client.login(username=user.username, password=PASSWORD)
    response = client.post(reverse("inspections:print_summary"), {"unit": unit.pk, "year": YEAR})
    assert response["Content-Type"] == "application/pdf"
    return flat("".join(page_texts(response.content)))


def test_a_summary_counting_top_secret_documents_is_internal_by_default(client, office):
    DocumentFactory(registry=office.registry, by=office.clerk, level=Level.TOP_SECRET, copies_count=1)

    assert summary_marking(office.unit, YEAR) == Level.INTERNAL
    text = printed(client, office.clerk, office.unit)
    assert "INTERNAL·NOCLASSIFIEDMATERIAL" in text and "TOPSECRET" not in text


def test_the_banner_follows_the_marking_the_leader_chose_and_the_reason_is_in_the_history(client, office):
    response = client.post(reverse("inspections:choose_marking"),
                           {"unit": office.unit.pk, "year": YEAR, "level": Level.SECRET, "reason": "Names a key department"})
    assert response.status_code == 302  # anonymous: to sign-in
    assert client.login(username="leader", password=PASSWORD)
    client.post(reverse("inspections:choose_marking"),
                {"unit": office.unit.pk, "year": YEAR, "level": Level.SECRET, "reason": "Names a key department"})

    text = printed(client, office.leader, office.unit)
    assert "INTERNAL·NOCLASSIFIEDMATERIAL" not in text
    assert re.search(r"SECRET(\d+)/\1$", text)  # the last page's bottom banner
    chosen = AnnualSummary.objects.get(unit=office.unit, year=YEAR)
    assert chosen.history.latest().history_change_reason == "Names a key department"
    assert chosen.history.latest().history_user == office.leader


def test_changing_the_marking_needs_a_reason(office):
    with pytest.raises(MissingReason):
        choose_marking(unit=office.unit, year=YEAR, level=Level.SECRET, by=office.leader, reason=" ")
    assert not AnnualSummary.objects.exists()


def test_an_inspector_does_not_choose_the_marking(office):
    with pytest.raises(NotPermitted):
        choose_marking(unit=office.unit, year=YEAR, level=Level.SECRET, by=office.inspector, reason="Mine")


def test_the_page_opens_on_the_unit_the_person_keeps_not_the_first_alphabetically(client, office):
    archive = UnitFactory(code="aaa", name="AAA Archive Section")
    add_membership(user=office.clerk, unit=archive, role=Role.INSPECTOR, by=None, reason="test set-up")
    assert client.login(username="clerk", password=PASSWORD)

    response = client.get(reverse("inspections:summary"))
    assert response.context["summary"].unit == office.unit
