"""The clerk's pages: registration, correction and scope, as a browser submits them."""

import pytest
from django.urls import reverse

from documents.models import Document
from tests.factories import PASSWORD, DocumentFactory

pytestmark = pytest.mark.django_db


def form_data(office, **overrides):
    data = {
        "registry": office.registry.pk,
        "direction": "incoming",
        "title": "关于保密工作的通知",
        "originating_organ": "省委办公厅",
        "reference_number": "省委办〔2026〕3号",
        "level": "2",
        "secrecy_period_years": "",
        "date_classified": "2026-03-01",
        "pages": "10",
        "attachments": "0",
        "copies_count": "3",
        "urgency": "normal",
        "medium": "paper",
        "remarks": "",
        "scope_users": [office.leader.pk],
        "reason": "Registered on receipt",
    }
    data.update(overrides)
    return data


@pytest.fixture
def clerk_client(client, office):
    client.login(username="clerk", password=PASSWORD)
    return client


def test_clerk_registers_and_lands_on_the_document(clerk_client, office):
    response = clerk_client.post(reverse("documents:register"), form_data(office))

    document = Document.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("documents:detail", args=[document.pk])
    assert document.copies.count() == 3
    assert document.secrecy_period_years == 20


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"title": "x" * 10_000}, "title", "at most 300 characters"),
        ({"pages": "-3"}, "pages", "greater than or equal to"),
        ({"level": "1", "secrecy_period_years": "25"}, "secrecy_period_years", "at most 10 years"),
        ({"date_classified": "not a date"}, "date_classified", "valid date"),
        ({"reason": ""}, "reason", "required"),
    ],
)
def test_bad_input_shows_an_error_next_to_the_field(clerk_client, office, overrides, field, message):
    response = clerk_client.post(reverse("documents:register"), form_data(office, **overrides))

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    assert message in " ".join(errors[field])
    assert Document.objects.count() == 0


def test_duplicate_reference_is_shown_on_the_reference_field(clerk_client, office):
    clerk_client.post(reverse("documents:register"), form_data(office))
    response = clerk_client.post(reverse("documents:register"), form_data(office))

    assert response.status_code == 200
    assert "reference_number" in response.context["form"].errors
    assert Document.objects.count() == 1


def test_reader_cannot_open_the_registration_page(client, office):
    client.login(username="reader", password=PASSWORD)
    assert client.get(reverse("documents:register")).status_code == 404


def test_registration_refused_for_a_registry_the_clerk_does_not_keep(clerk_client, office, other_unit):
    response = clerk_client.post(reverse("documents:register"), form_data(office, registry=other_unit.registry.pk))

    assert response.status_code == 200
    assert "registry" in response.context["form"].errors
    assert Document.objects.count() == 0


def test_correction_needs_a_reason_and_is_recorded(clerk_client, office):
    document = DocumentFactory(registry=office.registry, by=office.clerk, pages=10)
    url = reverse("documents:edit", args=[document.pk])
    data = {
        "direction": "incoming",
        "title": document.title,
        "originating_organ": document.originating_organ,
        "reference_number": "",
        "date_classified": "2026-03-01",
        "pages": "11",
        "attachments": "1",
        "urgency": "normal",
        "medium": "paper",
        "remarks": "",
    }

    refused = clerk_client.post(url, {**data, "reason": ""})
    assert "reason" in refused.context["form"].errors
    assert Document.objects.get().pages == 10

    accepted = clerk_client.post(url, {**data, "reason": "Recounted"})
    assert accepted.status_code == 302
    assert Document.objects.get().pages == 11


def test_scope_page_widens_scope_with_a_recorded_reason(clerk_client, office):
    document = DocumentFactory(registry=office.registry, by=office.clerk, scope_users=[office.leader])

    response = clerk_client.post(
        reverse("documents:scope", args=[document.pk]),
        {"add_users": [office.reader.pk], "reason": "Leader approved on 3 March"},
    )

    assert response.status_code == 302
    grant = document.user_grants.get(user=office.reader)
    assert grant.history.get().history_change_reason.endswith("Leader approved on 3 March")


def test_hostile_title_is_shown_as_text(clerk_client, office):
    DocumentFactory(registry=office.registry, by=office.clerk, title='<script>alert(1)</script><img src="http://127.0.0.1:9/x">')

    content = clerk_client.get(reverse("documents:ledger")).content.decode()

    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content


def test_ledger_keyset_pages_walk_every_copy_once(clerk_client, office):
    for _ in range(21):
        DocumentFactory(registry=office.registry, by=office.clerk, copies_count=5)
    seen, url, params = [], reverse("documents:ledger"), {}
    while True:
        page = clerk_client.get(url, params).context["page"]
        seen.extend(row.pk for row in page.rows)
        if not page.next_cursor:
            break
        params = {"after": page.next_cursor}

    assert len(seen) == 105
    assert len(set(seen)) == 105


def test_ledger_filters_by_level_and_status(clerk_client, office):
    DocumentFactory(registry=office.registry, by=office.clerk, level=1, title="confidential one")
    DocumentFactory(registry=office.registry, by=office.clerk, level=3, title="top one")

    response = clerk_client.get(reverse("documents:ledger"), {"mode": "documents", "level": "3"})

    assert [row.title for row in response.context["page"].rows] == ["top one"]
