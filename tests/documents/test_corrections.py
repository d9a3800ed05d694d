"""Corrections cannot declassify: a clerk's correction never moves the end of a secrecy period."""

import datetime

import pytest
from django.urls import reverse

from documents.levels import Level
from documents.models import Document
from documents.services.editing import update_document
from documents.services.errors import InvalidInput
from tests.api.conftest import token_client
from tests.factories import PASSWORD, DocumentFactory

pytestmark = pytest.mark.django_db

CLASSIFIED = datetime.date(2026, 3, 1)


@pytest.fixture
def secret(office):
    return DocumentFactory(
        registry=office.registry, by=office.clerk, level=Level.SECRET, date_classified=CLASSIFIED,
        scope_users=[office.leader],
    )


def recorded(document):
    document = Document.objects.get(pk=document.pk)
    return document.date_classified, document.period_ends_on, document.history.count()


def test_moving_the_date_classified_back_is_refused_and_changes_nothing(office, secret):
    before = recorded(secret)

    with pytest.raises(InvalidInput) as refused:
        update_document(document=secret, by=office.clerk, reason="Typo", date_classified=datetime.date(1990, 1, 1))

    assert "date_classified" in refused.value.errors
    assert "Classification decision" in refused.value.errors["date_classified"][0]
    assert recorded(secret) == before
    assert Document.objects.get(pk=secret.pk).period_ends_on == datetime.date(2046, 3, 1)


def test_moving_the_date_classified_later_is_refused_too(office, secret):
    before = recorded(secret)

    with pytest.raises(InvalidInput):
        update_document(document=secret, by=office.clerk, reason="Typo", date_classified=datetime.date(2026, 4, 1))
    assert recorded(secret) == before


def test_the_date_of_internal_material_without_a_period_can_be_corrected(office):
    internal = DocumentFactory(
        registry=office.registry, by=office.clerk, level=Level.INTERNAL, secrecy_period_years=None,
        date_classified=CLASSIFIED,
    )

    update_document(document=internal, by=office.clerk, reason="Typo", date_classified=datetime.date(2026, 2, 1))

    assert Document.objects.get(pk=internal.pk).date_classified == datetime.date(2026, 2, 1)


def test_a_correction_of_the_particulars_still_goes_through(office, secret):
    update_document(document=secret, by=office.clerk, reason="Recount", pages=42, title="Corrected title")

    document = Document.objects.get(pk=secret.pk)
    assert (document.pages, document.title, document.period_ends_on) == (42, "Corrected title", datetime.date(2046, 3, 1))


def test_the_correction_page_says_where_level_and_period_change(client, office, secret):
    client.login(username=office.clerk.username, password=PASSWORD)

    page = client.get(reverse("documents:edit", args=[secret.pk])).content.decode()

    assert "leader&#x27;s classification decision" in page or "leader's classification decision" in page


def test_the_correction_page_refuses_a_quiet_declassification_on_the_date_field(client, office, secret):
    client.login(username=office.clerk.username, password=PASSWORD)
    url = reverse("documents:edit", args=[secret.pk])
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields if name != "reason"}
    data.update({f"initial-{name}": value for name, value in data.items()})
    data["date_classified"] = "1990-01-01"
    data["reason"] = "Typo"

    response = client.post(url, data)

    assert response.status_code == 200
    assert "Classification decision" in " ".join(response.context["form"].errors["date_classified"])
    assert recorded(secret)[0] == CLASSIFIED


def test_the_api_refuses_a_quiet_declassification_with_a_400(office, secret):
    api = token_client(office.clerk)

    response = api.post(
        f"/api/v1/documents/{secret.pk}/correction/", {"date_classified": "1990-01-01", "reason": "Typo"}, format="json"
    )

    assert response.status_code == 400
    assert "date_classified" in response.json()["errors"]
    assert recorded(secret)[0] == CLASSIFIED


@pytest.mark.parametrize("field, value", [("level", 0), ("secrecy_period_years", 1)])
def test_the_api_refuses_a_level_or_period_in_a_correction_rather_than_ignoring_it(office, secret, field, value):
    response = token_client(office.clerk).post(
        f"/api/v1/documents/{secret.pk}/correction/", {field: value, "reason": "Lower it"}, format="json"
    )

    assert response.status_code == 400
    assert field in response.json()["errors"]
    document = Document.objects.get(pk=secret.pk)
    assert (document.level, document.secrecy_period_years) == (Level.SECRET, 20)
