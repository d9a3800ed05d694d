import pytest
from django.urls import reverse

from documents.models import Document
from documents.services.editing import update_document
from documents.services.errors import InvalidInput, MissingReason, NotPermitted
from tests.factories import DocumentFactory, PASSWORD

pytestmark = pytest.mark.django_db


def test_registration_history_names_the_clerk_and_the_reason(office):
    document = DocumentFactory(registry=office.registry, by=office.clerk, reason="Received from the provincial office")

    row = document.history.get()
    assert row.history_user == office.clerk
    assert row.history_change_reason == "Received from the provincial office"
    assert {c.history_user for c in document.copies.first().history.all()} == {office.clerk}


def test_edit_records_old_and_new_value_with_reason(office):
    document = DocumentFactory(registry=office.registry, by=office.clerk, pages=12)

    update_document(document=document, by=office.clerk, reason="Page count corrected after recount", pages=14)

    latest = document.history.order_by("-history_id").first()
    delta = latest.diff_against(latest.prev_record)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [("pages", 12, 14)]
    assert latest.history_change_reason == "Page count corrected after recount"
    assert latest.history_user == office.clerk


def test_edit_without_reason_is_refused_and_changes_nothing(office):
    document = DocumentFactory(registry=office.registry, by=office.clerk, pages=12)

    with pytest.raises(MissingReason):
        update_document(document=document, by=office.clerk, reason="", pages=99)
    assert Document.objects.get(pk=document.pk).pages == 12


def test_edit_by_a_reader_is_refused(office):
    document = DocumentFactory(registry=office.registry, by=office.clerk, scope_users=[office.reader])

    with pytest.raises(NotPermitted):
        update_document(document=document, by=office.reader, reason="mine now", title="changed")


def test_edit_with_bad_input_is_refused(office):
    document = DocumentFactory(registry=office.registry, by=office.clerk)

    with pytest.raises(InvalidInput):
        update_document(document=document, by=office.clerk, reason="typo", pages=-1)


def test_a_save_without_reason_anywhere_is_refused(office):
    """Even outside the services (a shell, a future admin form), history without a reason is refused."""
    document = DocumentFactory(registry=office.registry, by=office.clerk)
    document = Document.objects.get(pk=document.pk)
    document.title = "quietly changed"

    with pytest.raises(MissingReason):
        document.save()


def test_detail_page_shows_who_when_what_and_why(client, office):
    document = DocumentFactory(registry=office.registry, by=office.clerk, pages=12)
    update_document(document=document, by=office.clerk, reason="Recounted pages", pages=13)

    client.login(username="clerk", password=PASSWORD)
    content = client.get(reverse("documents:detail", args=[document.pk])).content.decode()

    assert "Recounted pages" in content
    assert "12 → 13" in content
    assert "Registered on receipt" in content
