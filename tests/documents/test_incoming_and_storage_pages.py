"""The pages of incoming registration and of where copies are kept: the form, the document page, the ledger, the PDF."""

import pytest
from django.urls import reverse
from django.utils import timezone

from documents.models import Document, StorageLocation
from documents.services.storage import Place
from tests.documents.test_pages import form_data
from tests.factories import PASSWORD, DocumentFactory
from tests.pdf_reading import flat, page_texts

pytestmark = pytest.mark.django_db


def signed_in(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def register(client, office, **overrides):
    return signed_in(client, office.clerk).post(reverse("documents:register"), form_data(office, **overrides))


def test_the_clerk_registers_the_senders_copy_numbers_as_typed(client, office, other_unit):
    response = register(
        client, office, copies_count="", copy_numbers="4, 7, 9-11", received_on="2026-03-04",
        received_from_registry=other_unit.registry.pk, delivered_by="王强", sender_registry_number="CWC-2026-00012",
        location_room="301", location_cabinet="2", location_shelf="4",
    )

    document = Document.objects.get()
    assert response.status_code == 302
    assert sorted(document.copies.values_list("number", flat=True)) == [4, 7, 9, 10, 11]
    page = client.get(reverse("documents:detail", args=[document.pk])).content.decode()
    assert "2026-03-04" in page and "Finance Division" in page and "delivered by 王强" in page
    assert "CWC-2026-00012" in page
    assert page.count("Room 301, cabinet 2, shelf 4") == 5
    assert "copy numbers are the sender" in page and "kept as they came." in page


@pytest.mark.parametrize(
    "typed, message",
    [
        ("4, 7, 4", "Copy number 4 is given twice"),
        ("4, 9-x", "“9-x” is not a copy number or a range"),
        ("11-9", "The range 11-9 runs backwards"),
        ("0", "A copy number is a whole number from 1"),
        ("1-100000", "At most 500 copies at once"),
    ],
)
def test_a_duplicate_or_bad_copy_number_is_an_error_on_the_form(client, office, typed, message):
    response = register(client, office, copies_count="", copy_numbers=typed)

    assert response.status_code == 200
    assert message in response.context["form"].errors["copy_numbers"][0]
    assert message in response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')
    assert not Document.objects.exists()


def test_neither_a_number_of_copies_nor_the_senders_numbers_is_an_error_on_the_form(client, office):
    response = register(client, office, copies_count="")

    assert "Give the number of copies, or the sender's copy numbers." in response.context["form"].errors["copies_count"]
    assert not Document.objects.exists()


def test_a_shelf_without_a_cabinet_is_an_error_on_the_form(client, office):
    response = register(client, office, location_room="301", location_shelf="4")

    assert response.context["form"].errors["location_cabinet"] == ["Name the cabinet the shelf is in."]
    assert not Document.objects.exists() and not StorageLocation.objects.exists()


def test_an_internal_document_with_a_sender_is_an_error_on_the_form(client, office):
    response = register(client, office, direction="internal", received_from_organ="省保密局")

    assert "Only an incoming document is received from someone" in response.context["form"].errors["received_from_organ"][0]


# ------------------------------------------------------------------ moving copies


@pytest.fixture
def shelved(office):
    return DocumentFactory(registry=office.registry, by=office.clerk, copies_count=3, location=Place("301", "1"),
                           scope_users=[office.reader])


def test_the_document_page_offers_the_move_to_its_clerk_only(client, office, shelved):
    move = reverse("documents:copies_move", args=[shelved.pk])

    assert move in signed_in(client, office.clerk).get(reverse("documents:detail", args=[shelved.pk])).content.decode()
    client.logout()
    reader = signed_in(client, office.reader)
    assert move not in reader.get(reverse("documents:detail", args=[shelved.pk])).content.decode()
    assert reader.get(move).status_code == 404


def test_the_clerk_moves_the_ticked_copies_with_a_reason(client, office, shelved):
    first, _second, third = shelved.copies.order_by("number")
    response = signed_in(client, office.clerk).post(
        reverse("documents:copies_move", args=[shelved.pk]),
        {"copies": [first.pk, third.pk], "location_room": "302", "location_cabinet": "5", "reason": "换柜"},
        follow=True,
    )

    page = response.content.decode()
    assert "2 copies moved to Room 302, cabinet 5." in page
    assert dict(shelved.copies.values_list("number", "location__room")) == {1: "302", 2: "301", 3: "302"}
    assert "换柜" in page  # the history on the document page


def test_a_move_to_no_room_is_an_error_on_the_form(client, office, shelved):
    response = signed_in(client, office.clerk).post(
        reverse("documents:copies_move", args=[shelved.pk]),
        {"copies": [shelved.copies.first().pk], "location_room": "", "reason": "换柜"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["location_room"]
    assert set(shelved.copies.values_list("location__room", flat=True)) == {"301"}


def test_a_copy_of_another_document_cannot_be_ticked(client, office, shelved):
    other = DocumentFactory(registry=office.registry, by=office.clerk, location=Place("301", "1"))
    response = signed_in(client, office.clerk).post(
        reverse("documents:copies_move", args=[shelved.pk]),
        {"copies": [other.copies.first().pk], "location_room": "302", "reason": "换柜"},
    )

    assert response.context["form"].errors["copies"]
    assert set(other.copies.values_list("location__room", flat=True)) == {"301"}


# ------------------------------------------------------------------ the ledger and the printed ledger


def test_the_ledger_shows_where_each_copy_is_kept_and_filters_by_place(client, office, shelved):
    elsewhere = DocumentFactory(registry=office.registry, by=office.clerk, copies_count=2, location=Place("205"),
                                title="另一份文件")
    place = StorageLocation.objects.get(room="205")
    clerk = signed_in(client, office.clerk)

    everything = clerk.get(reverse("documents:ledger")).content.decode()
    assert everything.count("Room 301, cabinet 1") >= 3 and "Room 205" in everything
    filtered = clerk.get(reverse("documents:ledger"), {"location": place.pk}).content.decode()
    # One row per copy: the registry number is the text of each row's link.
    assert filtered.count(f">{elsewhere.registry_number}</a>") == 2
    assert shelved.registry_number not in filtered
    documents = clerk.get(reverse("documents:ledger"), {"mode": "documents", "location": place.pk}).content.decode()
    assert elsewhere.registry_number in documents and shelved.registry_number not in documents


def test_the_ledger_filters_only_by_places_of_registries_the_viewer_keeps(client, office, other_unit, shelved):
    theirs = signed_in(client, other_unit.clerk).get(
        reverse("documents:ledger"), {"location": StorageLocation.objects.get().pk}
    )

    assert "No place of storage you keep has this number" in theirs.content.decode()


def test_the_registration_ledger_prints_the_receipt_the_senders_numbers_and_the_place(client, office, other_unit):
    DocumentFactory(
        registry=office.registry, by=office.clerk, copy_numbers=[4, 7], copies_count=None, location=Place("301", "2"),
        received_from_registry=other_unit.registry, sender_registry_number="CWC-2026-00012", delivered_by="王强",
    )

    response = signed_in(client, office.clerk).post(
        reverse("documents:print_registration"), {"registry": office.registry.pk, "year": timezone.localdate().year}
    )

    text = flat("".join(page_texts(response.content)))
    assert flat("4 (sender's)") in text and flat("7 (sender's)") in text
    assert text.count(flat("Room 301, cabinet 2")) == 2
    assert flat(f"{timezone.localdate().isoformat()}, from Finance Division (their CWC-2026-00012)") in text
    assert flat("delivered by 王强") in text


def test_a_mistyped_senders_registry_number_is_corrected_with_a_reason(client, office):
    document = DocumentFactory(registry=office.registry, by=office.clerk, sender_registry_number="CWC-2026-0012")
    clerk = signed_in(client, office.clerk)
    page = clerk.get(reverse("documents:edit", args=[document.pk]))
    form = page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update({f"initial-{name}": value for name, value in data.items()})

    clerk.post(reverse("documents:edit", args=[document.pk]), {
        **data, "sender_registry_number": "CWC-2026-00012", "reason": "来文登记号录入有误",
    })

    document.refresh_from_db()
    assert document.sender_registry_number == "CWC-2026-00012"
    assert document.history.latest().history_change_reason == "来文登记号录入有误"
