"""The ledger's "Holder" filter: a type-ahead of the viewer's units' people, a pk in the query string, never a leak."""

import pytest
from django.db import transaction
from django.urls import reverse

from documents.models import CopyStatus
from documents.services.copies import lock_copy, move
from tests.documents.test_people_picker import labels, offered, search, signed_in
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(office, other_unit):
    """Copy 1 of a document of the office out with its reader; a finance document's copy out with finance's reader."""
    document = DocumentFactory(registry=office.registry, by=office.clerk, copies_count=2, scope_users=[office.reader])
    theirs = DocumentFactory(registry=other_unit.registry, by=other_unit.clerk, copies_count=1, scope_users=[other_unit.reader])
    with transaction.atomic():
        move(lock_copy(document.copies.get(number=1)), to=CopyStatus.OUT, holder=office.reader, by=office.clerk, reason="Out")
        move(lock_copy(theirs.copies.get()), to=CopyStatus.OUT, holder=other_unit.reader, by=other_unit.clerk, reason="Out")
    return document


def ledger(client, **params):
    return client.get(reverse("documents:ledger"), params)


def rows(response):
    return list(response.context["page"].rows)


@pytest.mark.parametrize("mode", ["copies", "documents"])
def test_the_ledger_filters_by_holder_with_a_type_ahead_not_a_select_of_every_account(client, office, other_unit, held, mode):
    page = ledger(signed_in(client, office.clerk), mode=mode).content.decode()

    picker = page.split('id="id_holder-picker"')[1].split('class="picker-results"')[0]
    assert "<option" not in picker
    assert "finance_reader" not in page and "reader2" not in page
    assert reverse("documents:people_ledger_holders") in page


def test_the_search_box_of_the_holder_picker_is_no_field_of_the_filter_form(client, office, held):
    """The ledger has its own "q": the picker's search text must not be sent as a second one."""
    page = ledger(signed_in(client, office.clerk)).content.decode()

    box = page.split('id="id_holder"')[1].split(">")[0]
    assert 'form="id_holder-search-only"' in box and 'id="id_holder-search-only"' not in page


def test_holder_search_offers_the_people_of_the_viewers_units_disabled_accounts_included(client, office, other_unit, held):
    office.reader2.is_active = False
    office.reader2.save(update_fields=["is_active"])

    shown = set(offered(search(signed_in(client, office.clerk), reverse("documents:people_ledger_holders"))))

    assert shown == labels(office.clerk, office.leader, office.reader, office.reader2, office.inspector)


def test_holder_search_offers_a_finance_reader_only_finance_people(client, office, other_unit, held):
    shown = set(offered(search(signed_in(client, other_unit.reader), reverse("documents:people_ledger_holders"))))

    assert shown == labels(other_unit.clerk, other_unit.reader)


def test_holder_search_offers_the_administrator_of_a_unit_nobody(client, office, held):
    assert offered(search(signed_in(client, office.administrator), reverse("documents:people_ledger_holders"))) == []


@pytest.mark.parametrize("mode", ["copies", "documents"])
def test_the_holder_filter_by_pk_shows_what_that_person_holds_and_names_them_in_the_picker(client, office, held, mode):
    response = ledger(signed_in(client, office.clerk), mode=mode, holder=office.reader.pk)

    found = rows(response)
    if mode == "copies":
        assert [(copy.document_id, copy.number) for copy in found] == [(held.pk, 1)]
    else:
        assert [document.pk for document in found] == [held.pk]
    picker = response.content.decode().split('id="id_holder-picker"')[1].split('class="picker-results"')[0]
    assert f'name="holder" value="{office.reader.pk}"' in picker and "reader" in picker


@pytest.mark.parametrize("holder", ["finance_reader", "99999999", "abc", "-1", "99999999999999999999999"])
@pytest.mark.parametrize("mode", ["copies", "documents"])
def test_an_unknown_or_out_of_scope_holder_is_a_filter_error_and_no_rows(client, office, other_unit, held, holder, mode):
    holder = other_unit.reader.pk if holder == "finance_reader" else holder

    response = ledger(signed_in(client, office.clerk), mode=mode, holder=holder)

    assert response.status_code == 200
    assert rows(response) == []
    assert "pick a holder the list offers" in response.content.decode()
    assert "finance_reader" not in response.content.decode()


def test_the_api_refuses_an_out_of_scope_holder_with_a_reason(office, other_unit, held):
    from tests.api.conftest import token_client

    response = token_client(office.clerk).get("/api/v1/copies/", {"holder": other_unit.reader.pk})

    assert response.status_code == 400
    assert "holder" in response.json()["errors"]
