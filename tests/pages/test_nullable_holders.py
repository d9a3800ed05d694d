"""Pages that show a copy's holder render in the states where nobody holds it."""

import pytest
from django.urls import reverse

from documents.services import circulation
from tests.factories import PASSWORD, DocumentFactory
from tests.pdf_reading import flat, page_texts

pytestmark = pytest.mark.django_db


def signed_in(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def approved_list(office):
    document = DocumentFactory(registry=office.registry, by=office.clerk, copies_count=1, scope_units=[office.unit])
    round_ = circulation.propose_circulation(
        copy=document.copies.get(), readers=[office.reader, office.reader2], by=office.clerk, reason="For reading"
    )
    circulation.approve_circulation(circulation=round_, by=office.leader, reason="Agreed")
    return round_


def test_clerk_home_shows_an_approved_list_not_yet_handed_out(client, office):
    round_ = approved_list(office)

    response = signed_in(client, office.clerk).get(reverse("home"))

    assert response.status_code == 200
    assert round_.copy.label in response.content.decode()


def test_clerk_home_shows_a_list_between_two_readers(client, office):
    round_ = approved_list(office)
    circulation.hand_out(circulation=round_, by=office.clerk, reason="First reader")
    circulation.take_back(circulation=round_, by=office.clerk, reason="Back from the first reader")

    response = signed_in(client, office.clerk).get(reverse("home"))

    assert response.status_code == 200
    assert round_.copy.label in response.content.decode()


def test_history_ledger_prints_for_a_document_whose_copy_was_held_by_a_person(client, office):
    round_ = approved_list(office)
    circulation.hand_out(circulation=round_, by=office.clerk, reason="First reader")
    circulation.take_back(circulation=round_, by=office.clerk, reason="Back from the first reader")

    response = signed_in(client, office.clerk).post(reverse("documents:print_history", args=[round_.copy.document_id]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    # The hand-out's change of holder is printed with the reader's name, not read as an id.
    assert flat(f"holder:—→{office.reader.get_full_name()}") in flat("".join(page_texts(response.content)))
