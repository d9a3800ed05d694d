"""Stored XSS: a title with a script and markup is shown as text on the pages and returned as plain data by the API.

(The PDF side is tested with the printed ledgers.)
"""

import html

import pytest

from documents.models import Document
from tests.api.conftest import token_client
from tests.factories import PASSWORD, DocumentFactory

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)><b>bold</b> & "quoted" \'single\''


@pytest.fixture
def hostile(office):
    return DocumentFactory(
        registry=office.registry,
        by=office.clerk,
        title=HOSTILE,
        originating_organ="<i>organ</i>",
        remarks="</textarea><script>alert(2)</script>",
        scope_users=[office.reader],
    )


def assert_shown_as_text(content):
    assert "<script>" not in content and "<img src=x" not in content and "<b>bold</b>" not in content
    assert html.escape(HOSTILE) in content or html.escape(HOSTILE, quote=False) in content


@pytest.mark.parametrize(
    "path",
    ["/ledger/", "/ledger/?mode=documents", "/", "/documents/{pk}/", "/documents/{pk}/edit/", "/documents/{pk}/scope/"],
)
def test_hostile_text_is_shown_as_text_on_every_page(client, office, hostile, path):
    client.login(username="clerk", password=PASSWORD)

    content = client.get(path.format(pk=hostile.pk)).content.decode()

    assert "<script>alert" not in content
    assert "<i>organ</i>" not in content
    if "scope" not in path:  # the scope page names the document by its number only
        assert_shown_as_text(content)


def test_hostile_text_comes_back_from_the_api_as_the_same_string_in_json(office, hostile):
    api = token_client(office.reader)

    response = api.get(f"/api/v1/documents/{hostile.pk}/")

    assert response["Content-Type"] == "application/json"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.json()["title"] == HOSTILE
    assert response.json()["remarks"] == "</textarea><script>alert(2)</script>"


def test_a_hostile_title_registered_through_the_api_is_text_on_the_ledger(client, office):
    api = token_client(office.clerk)
    created = api.post(
        "/api/v1/documents/",
        {
            "registry": "BGS", "direction": "incoming", "title": HOSTILE, "originating_organ": "OA",
            "level": 1, "date_classified": "2026-03-01", "pages": 1, "copies_count": 1, "reason": "OA",
        },
        format="json",
    )
    assert created.status_code == 201
    client.login(username="clerk", password=PASSWORD)

    assert_shown_as_text(client.get("/ledger/").content.decode())
    assert Document.objects.get().title == HOSTILE
