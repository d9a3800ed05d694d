"""Telegrams (电报, seeds 000 §8): never copied or excerpted, their readers never widened; the rest as any document."""

import pytest
from django.urls import reverse

from documents.models import Document, DocumentType, ReproductionRequest
from documents.selectors import visible_documents
from documents.services import copying
from documents.services.scope import change_scope
from documents.services.telegrams import TelegramRule
from tests.api.conftest import recorded_state, token_client
from tests.factories import PASSWORD, DocumentFactory, proved

pytestmark = pytest.mark.django_db


@pytest.fixture
def telegram(office):
    return DocumentFactory(
        registry=office.registry, by=office.clerk, document_type=DocumentType.TELEGRAM, title="明电：节日值班安排",
        scope_users=[office.leader, office.reader], copies_count=2,
    )


def signed_in(client, user):
    client.logout()
    assert client.login(username=user.username, password=PASSWORD)
    return client


# ---------------------------------------------------------------- the services refuse

@pytest.mark.parametrize("kind", ["copy", "excerpt"])
def test_a_telegram_is_neither_copied_nor_excerpted(office, telegram, kind):
    with pytest.raises(TelegramRule, match="a telegram may not be copied or excerpted"):
        copying.request_reproduction(
            source_copy=telegram.copies.get(number=1), kind=kind, count=1, by=office.clerk, reason="For the committee"
        )
    assert ReproductionRequest.objects.count() == 0


def test_a_telegrams_readers_are_not_widened(office, telegram):
    with pytest.raises(TelegramRule, match="its readers may not be widened"):
        change_scope(
            document=telegram, by=office.clerk, reason="Leader agreed", add_users=[office.reader2], proof=proved(office.clerk)
        )
    with pytest.raises(TelegramRule):
        change_scope(document=telegram, by=office.clerk, reason="Leader agreed", add_units=[office.unit], proof=proved(office.clerk))
    assert telegram not in visible_documents(office.reader2)


def test_the_refusal_comes_before_asking_the_clerk_to_prove_who_they_are(office, telegram):
    # Without proof: were step-up asked first, the clerk would re-authenticate only to be refused.
    with pytest.raises(TelegramRule):
        change_scope(document=telegram, by=office.clerk, reason="Leader agreed", add_users=[office.reader2])


def test_a_telegrams_readers_can_still_be_narrowed(office, telegram):
    change_scope(document=telegram, by=office.clerk, reason="Need to know ended", remove_users=[office.reader])

    assert telegram not in visible_documents(office.reader)


def test_other_types_are_copied_as_before(office):
    journal = DocumentFactory(registry=office.registry, by=office.clerk, document_type=DocumentType.JOURNAL)

    request = copying.request_reproduction(
        source_copy=journal.copies.get(number=1), kind="excerpt", count=1, by=office.clerk, reason="For the committee"
    )
    assert request.pk is not None


def test_a_document_registered_without_a_type_is_a_document(office):
    assert DocumentFactory(registry=office.registry, by=office.clerk).document_type == DocumentType.DOCUMENT


# ---------------------------------------------------------------- the pages neither offer nor do it

def test_the_document_page_shows_the_type_and_offers_no_copying(client, office, telegram):
    page = signed_in(client, office.clerk).get(reverse("documents:detail", args=[telegram.pk])).content.decode()

    assert "Telegram" in page
    assert "A telegram may not be copied or excerpted" in page
    assert reverse("documents:reproduction_request", args=[telegram.pk]) not in page


def test_the_copying_page_sends_the_clerk_back_with_the_reason(client, office, telegram):
    signed_in(client, office.clerk)
    url = reverse("documents:reproduction_request", args=[telegram.pk])

    response = client.post(
        url, {"source_copy": telegram.copies.get(number=1).pk, "kind": "copy", "count": "1", "reason": "Committee"}, follow=True
    )

    assert "a telegram may not be copied or excerpted" in response.content.decode()
    assert ReproductionRequest.objects.count() == 0


def test_the_scope_page_offers_only_narrowing_and_says_why(client, office, telegram):
    signed_in(client, office.clerk)
    url = reverse("documents:scope", args=[telegram.pk])

    page = client.get(url).content.decode()
    assert "its readers may not be widened" in page
    assert 'name="add_users"' not in page and 'name="add_units"' not in page
    assert 'name="remove_users"' in page

    client.post(url, {"add_users": [office.reader2.pk], "add_units": [office.unit.pk], "reason": "Leader agreed"})
    assert telegram not in visible_documents(office.reader2)


def test_the_people_search_for_widening_a_telegram_is_not_there(client, office, telegram):
    response = signed_in(client, office.clerk).get(reverse("documents:people_scope_add", args=[telegram.pk]), {"q": "reader"})

    assert response.status_code == 404


def test_the_registration_page_sets_the_type(client, office):
    response = signed_in(client, office.clerk).post(
        reverse("documents:register"),
        {
            "registry": office.registry.pk, "direction": "incoming", "document_type": "telegram", "title": "明电",
            "originating_organ": "省委办公厅", "level": 2, "date_classified": "2026-03-01", "pages": 1,
            "attachments": 0, "copies_count": 1, "urgency": "normal", "medium": "paper", "reason": "Received",
            "scope_users": [office.leader.pk],
        },
    )

    assert response.status_code == 302, response.content.decode()
    assert Document.objects.get().document_type == DocumentType.TELEGRAM


def test_the_ledger_shows_and_filters_by_type(client, office, telegram):
    DocumentFactory(registry=office.registry, by=office.clerk, title="普通文件甲")
    signed_in(client, office.clerk)

    page = client.get(reverse("documents:ledger"), {"document_type": "telegram"}).content.decode()
    assert "明电：节日值班安排" in page and "普通文件甲" not in page
    assert "Telegram" in page
    by_document = client.get(reverse("documents:ledger"), {"mode": "documents", "document_type": "document"}).content.decode()
    assert "普通文件甲" in by_document and "明电：节日值班安排" not in by_document


# ---------------------------------------------------------------- the API refuses, with the reason

def test_the_api_refuses_copying_and_excerpting_a_telegram(office, telegram):
    api = token_client(office.clerk)
    before = recorded_state()

    for kind in ("copy", "excerpt"):
        response = api.post(
            f"/api/v1/copies/{telegram.copies.get(number=1).pk}/reproductions/",
            {"kind": kind, "count": 1, "reason": "For the committee"}, format="json",
        )
        assert response.status_code == 409
        assert response.json()["code"] == "telegram_rule"
        assert "may not be copied or excerpted" in response.json()["message"]
    assert recorded_state() == before


def test_the_api_refuses_widening_a_telegrams_readers(office, telegram):
    api = token_client(office.clerk, for_decisions=True)

    response = api.post(
        f"/api/v1/documents/{telegram.pk}/scope/", {"add_users": ["reader2"], "reason": "Leader agreed"}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["code"] == "telegram_rule"
    assert telegram not in visible_documents(office.reader2)


def test_the_api_registers_lists_and_filters_by_type(office, telegram):
    api = token_client(office.clerk)
    DocumentFactory(registry=office.registry, by=office.clerk, title="普通文件甲")

    listed = api.get("/api/v1/documents/", {"document_type": "telegram"}).json()["results"]
    assert [row["document_type"] for row in listed] == ["telegram"]

    created = api.post("/api/v1/documents/", {
        "registry": "BGS", "direction": "incoming", "document_type": "meeting_material", "title": "会议材料",
        "originating_organ": "省委办公厅", "level": 3, "date_classified": "2026-03-01", "pages": 3, "copies_count": 1,
        "scope_users": ["leader"], "reason": "Received",
    }, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["document_type"] == "meeting_material"


def test_the_api_does_not_correct_the_type(office, telegram):
    api = token_client(office.clerk)

    response = api.post(
        f"/api/v1/documents/{telegram.pk}/correction/", {"document_type": "document", "reason": "Typo"}, format="json"
    )

    assert response.status_code == 400
    telegram.refresh_from_db()
    assert telegram.document_type == DocumentType.TELEGRAM
