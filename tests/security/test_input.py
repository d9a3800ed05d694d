"""Hostile input is refused with a message (400 or a form error), never a 500, and never reaches SQL unchecked."""

import json

import pytest

from documents.models import Document
from tests.api.conftest import token_client
from tests.factories import PASSWORD, DocumentFactory
from tests.documents.test_pages import form_data

pytestmark = pytest.mark.django_db

FORGED_CURSORS = [
    "not base64 at all!",
    "WyJ4IiwgInkiLCAieiJd",  # ["x", "y", "z"]: text where the keys are numbers
    "WzEsIDIsIDEwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDBd",  # [1, 2, 10**30]
    "WyJcdTAwMDAiLCAxXQ==",  # ["\u0000", 1]
]
HOSTILE_QUERIES = [
    {"q": "x\x00y"},
    {"q": "' OR 1=1 --"},
    {"level": "abc"},
    {"unit": "99999999999999999999999"},
    {"holder": "-1"},
    {"registered_from": "2026-02-30"},
    {"sort": "; DROP TABLE documents_document"},
]


@pytest.fixture
def clerk_client(client, office):
    client.login(username="clerk", password=PASSWORD)
    return client


@pytest.mark.parametrize("cursor", FORGED_CURSORS)
@pytest.mark.parametrize("mode", ["copies", "documents"])
def test_a_forged_cursor_on_the_ledger_page_shows_the_first_page(clerk_client, office, cursor, mode):
    DocumentFactory(registry=office.registry, by=office.clerk)

    response = clerk_client.get("/ledger/", {"mode": mode, "after": cursor, "sort": "title"})

    assert response.status_code == 200
    assert len(response.context["page"].rows) >= 1


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_hostile_ledger_filters_are_answered_not_crashed_on(clerk_client, office, query):
    DocumentFactory(registry=office.registry, by=office.clerk)

    assert clerk_client.get("/ledger/", {"mode": "documents", **query}).status_code == 200


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_hostile_api_filters_are_400_or_ignored(office, query):
    DocumentFactory(registry=office.registry, by=office.clerk)

    response = token_client(office.clerk).get("/api/v1/documents/", query)

    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert response.json()["code"] == "invalid_input"


@pytest.mark.parametrize(
    "field, value",
    [
        ("title", "nul\x00in title"),
        ("title", "\ud800 lone surrogate"),
        ("title", "x" * 301),
        ("pages", 10**30),
        ("copies_count", 501),
        ("date_classified", "10000-01-01"),
        ("scope_users", ["nul\x00name"]),
        ("scope_users", [{"username": "reader"}]),
        ("registry", ["BGS"]),
        ("reason", "x" * 501),
    ],
)
def test_hostile_registration_values_are_400_and_register_nothing(office, field, value):
    body = {
        "registry": "BGS", "direction": "incoming", "title": "t", "originating_organ": "o", "level": 1,
        "date_classified": "2026-03-01", "pages": 1, "copies_count": 1, "reason": "r", field: value,
    }

    # As a client sends it: json.dumps writes a lone surrogate as the escape \ud800.
    response = token_client(office.clerk).post("/api/v1/documents/", json.dumps(body), content_type="application/json")

    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert Document.objects.count() == 0


def test_a_body_that_is_not_json_is_400(office):
    response = token_client(office.clerk).post("/api/v1/documents/", "{not json", content_type="application/json")

    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_a_date_classified_after_today_is_refused_on_the_registration_page(clerk_client, office):
    response = clerk_client.post("/documents/register/", form_data(office, date_classified="9999-12-31"))

    assert response.status_code == 200
    assert "date_classified" in response.context["form"].errors
    assert Document.objects.count() == 0
