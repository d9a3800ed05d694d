"""The people type-ahead: who it offers for each part, to whom it answers, and the forms behind it."""

import pytest
from django.urls import reverse
from django.utils import timezone

from documents.models import Circulation, DestructionStatus, Loan
from documents.selectors import eligible_borrowers, eligible_readers, eligible_witnesses
from documents.services import destruction
from documents.services.circulation import propose_circulation
from documents.services.errors import InvalidInput
from people.roles import Role
from people.services.membership import add_membership
from tests.factories import PASSWORD, DocumentFactory, member, proved

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(office, other_unit):
    return DocumentFactory(
        registry=office.registry, by=office.clerk, copies_count=2, scope_users=[office.leader, office.reader, office.reader2]
    )


def signed_in(client, user):
    client.logout()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def offered(response):
    """The usernames the type-ahead offers, as the user sees them."""
    from html.parser import HTMLParser

    found = []

    class Options(HTMLParser):
        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "button" and "picker-option" in attrs.get("class", ""):
                found.append(attrs["data-label"])

    Options().feed(response.content.decode())
    return found


def search(client, url, q=""):
    return client.get(url, {"q": q}, HTTP_HX_REQUEST="true")


def approved_list(office, document):
    dlist = destruction.prepare_destruction_list(
        registry=office.registry, copies=list(document.copies.all()), by=office.clerk, reason="Old"
    )
    destruction.submit_destruction_list(dlist=dlist, by=office.clerk, reason="Complete")
    return destruction.approve_destruction_list(dlist=dlist, by=office.leader, reason="Agreed", proof=proved(office.leader))


def labels(*people):
    return {f"{person.get_full_name()} ({person.username})" if person.get_full_name() else person.username for person in people}


# -- readers ------------------------------------------------------------------------------------


def test_reader_search_offers_only_active_people_who_may_know_the_document(client, office, other_unit, document):
    office.reader2.is_active = False
    office.reader2.save(update_fields=["is_active"])
    url = reverse("documents:people_readers", args=[document.pk])

    shown = set(offered(search(signed_in(client, office.clerk), url)))

    assert labels(office.leader, office.reader) <= shown
    for outsider in (other_unit.reader, other_unit.clerk, office.administrator, office.reader2):
        assert not labels(outsider) & shown


def test_reader_search_matches_full_name_and_username(client, office, document):
    office.reader2.first_name, office.reader2.last_name = "Liu", "Yang 刘洋"
    office.reader2.save(update_fields=["first_name", "last_name"])
    url = reverse("documents:people_readers", args=[document.pk])
    signed_in(client, office.clerk)

    assert offered(search(client, url, "yang")) == list(labels(office.reader2))
    assert offered(search(client, url, "刘洋")) == list(labels(office.reader2))
    assert offered(search(client, url, "READER2")) == list(labels(office.reader2))
    assert offered(search(client, url, "nobody-like-this")) == []


def test_reader_search_groups_by_unit_and_says_when_there_are_more(client, office, other_unit):
    many = [member(office.unit, Role.READER, username=f"staff{n:02d}") for n in range(25)]
    document = DocumentFactory(registry=office.registry, by=office.clerk, scope_users=many)
    url = reverse("documents:people_readers", args=[document.pk])

    response = search(signed_in(client, office.clerk), url, "staff")

    assert len(offered(response)) == 20
    page = response.content.decode()
    assert "Only the first 20 people are shown" in page
    assert page.count('class="picker-unit"') == 1 and str(office.unit) in page


def test_reader_search_escapes_names(client, office):
    evil = member(office.unit, Role.READER, username="evil")
    evil.first_name = '<script>alert("x")</script>'
    evil.save(update_fields=["first_name"])
    document = DocumentFactory(registry=office.registry, by=office.clerk, scope_users=[evil])

    page = search(signed_in(client, office.clerk), reverse("documents:people_readers", args=[document.pk])).content.decode()

    assert "<script>alert" not in page and "&lt;script&gt;" in page


@pytest.mark.parametrize("who", ["reader", "leader", "inspector", "administrator"])
def test_reader_search_is_404_for_whoever_may_not_propose(client, office, document, who):
    url = reverse("documents:people_readers", args=[document.pk])
    assert search(signed_in(client, getattr(office, who)), url).status_code == 404


def test_reader_search_is_404_outside_the_scope(client, office, other_unit, document):
    url = reverse("documents:people_readers", args=[document.pk])
    assert search(signed_in(client, other_unit.clerk), url).status_code == 404


def test_editing_leader_searches_readers_and_nobody_else_may(client, office, document):
    circulation = propose_circulation(copy=document.copies.first(), readers=[office.reader], by=office.clerk, reason="r")
    url = reverse("documents:people_readers_edit", args=[circulation.pk])

    assert labels(office.reader2) <= set(offered(search(signed_in(client, office.leader), url)))
    for who in (office.clerk, office.reader, office.inspector):
        assert search(signed_in(client, who), url).status_code == 404


def test_the_service_refuses_a_reader_the_picker_would_not_offer(office, other_unit, document):
    with pytest.raises(InvalidInput) as refused:
        propose_circulation(copy=document.copies.first(), readers=[other_unit.reader], by=office.clerk, reason="r")

    assert "knowledge scope" in refused.value.errors["readers"][0]
    assert not eligible_readers(document).filter(pk=other_unit.reader.pk).exists()


def test_the_propose_form_refuses_a_posted_reader_out_of_scope(client, office, other_unit, document):
    copy = document.copies.first()
    response = signed_in(client, office.clerk).post(
        reverse("documents:circulation_propose", args=[copy.pk]),
        {"readers": [office.reader.pk, other_unit.reader.pk], "reason": "For reading"},
    )

    assert response.status_code == 200
    assert "cannot take this part" in response.content.decode()
    assert not Circulation.objects.exists()


def test_the_propose_form_keeps_the_readers_in_the_order_posted(client, office, document):
    copy = document.copies.first()
    signed_in(client, office.clerk).post(
        reverse("documents:circulation_propose", args=[copy.pk]),
        {"readers": [office.reader2.pk, office.leader.pk, office.reader.pk], "reason": "For reading"},
    )

    entries = Circulation.objects.get().entries.order_by("position")
    assert [entry.reader for entry in entries] == [office.reader2, office.leader, office.reader]


def test_the_propose_form_refuses_the_same_reader_twice(client, office, document):
    copy = document.copies.first()
    response = signed_in(client, office.clerk).post(
        reverse("documents:circulation_propose", args=[copy.pk]),
        {"readers": [office.reader.pk, office.reader.pk], "reason": "For reading"},
    )

    assert "only once" in response.content.decode()
    assert not Circulation.objects.exists()


def test_the_propose_page_is_no_select_of_every_account(client, office, other_unit, document):
    copy = document.copies.first()
    page = signed_in(client, office.clerk).get(reverse("documents:circulation_propose", args=[copy.pk])).content.decode()

    assert "<select" not in page.split('id="id_readers-picker"')[1].split("</div>")[0]
    assert "finance_reader" not in page and "administrator" not in page
    assert reverse("documents:people_readers", args=[document.pk]) in page


# -- borrowers ----------------------------------------------------------------------------------


def test_borrower_search_offers_only_active_people_in_scope(client, office, other_unit, document):
    url = reverse("documents:people_borrowers", args=[document.pk])
    shown = set(offered(search(signed_in(client, office.clerk), url)))

    assert labels(office.reader, office.reader2) <= shown
    for outsider in (other_unit.reader, office.administrator):
        assert not labels(outsider) & shown
    assert search(signed_in(client, office.reader), url).status_code == 404


def test_the_loan_form_refuses_a_borrower_out_of_scope(client, office, other_unit, document):
    response = signed_in(client, office.clerk).post(
        reverse("documents:loan_request", args=[document.pk]),
        {
            "copy": document.copies.first().pk, "borrower": other_unit.reader.pk, "mode": "reading_room",
            "due_on": timezone.localdate().isoformat(), "purpose": "Reply",
        },
    )

    assert response.status_code == 200
    assert "cannot take this part" in response.content.decode()
    assert not Loan.objects.exists()
    assert not eligible_borrowers(document).filter(pk=other_unit.reader.pk).exists()


# -- witnesses ----------------------------------------------------------------------------------


def test_witness_search_offers_the_unit_but_never_the_executing_clerk_the_approver_or_the_administrator(
    client, office, other_unit, document
):
    dlist = approved_list(office, document)
    url = reverse("documents:people_witnesses", args=[dlist.pk])

    shown = set(offered(search(signed_in(client, office.clerk), url)))

    assert shown == labels(office.reader, office.reader2, office.inspector)


def test_another_clerk_executing_is_offered_the_preparer_never(client, office, document):
    clerk2 = member(office.unit, Role.CLERK, username="clerk2")
    dlist = approved_list(office, document)

    people = set(eligible_witnesses(dlist, clerk2))

    assert office.clerk not in people and clerk2 not in people and office.leader not in people
    assert {office.reader, office.reader2, office.inspector} <= people


@pytest.mark.parametrize("who", ["leader", "reader", "inspector"])
def test_witness_search_is_404_for_whoever_may_not_record_the_destruction(client, office, document, who):
    dlist = approved_list(office, document)
    url = reverse("documents:people_witnesses", args=[dlist.pk])
    assert search(signed_in(client, getattr(office, who)), url).status_code == 404


def test_witness_search_is_404_before_the_list_is_approved(client, office, document):
    dlist = destruction.prepare_destruction_list(
        registry=office.registry, copies=list(document.copies.all()), by=office.clerk, reason="Old"
    )
    assert dlist.status == DestructionStatus.DRAFT
    assert search(signed_in(client, office.clerk), reverse("documents:people_witnesses", args=[dlist.pk])).status_code == 404


def test_the_service_refuses_the_executing_clerk_as_witness(office, document):
    dlist = approved_list(office, document)

    with pytest.raises(InvalidInput) as refused:
        destruction.execute_destruction_list(
            dlist=dlist, by=office.clerk, executed_on=timezone.localdate(), place="Shredding room", method="shredding",
            witness_1=office.clerk, witness_2=office.reader, reason="Done", witness_proofs=[proved(office.clerk), proved(office.reader)],
        )

    assert "two other people" in refused.value.errors["witness_1"][0]
    dlist.refresh_from_db()
    assert dlist.status == DestructionStatus.APPROVED


def test_the_execute_form_refuses_a_witness_from_another_unit(client, office, other_unit, document):
    dlist = approved_list(office, document)
    response = signed_in(client, office.clerk).post(
        reverse("documents:destruction_execute", args=[dlist.pk]),
        {
            "executed_on": timezone.localdate().isoformat(), "place": "Shredding room", "method": "shredding",
            "witness_1": other_unit.reader.pk, "witness_2": office.reader.pk, "reason": "Done",
        },
    )

    assert response.status_code == 200
    assert "cannot take this part" in response.content.decode()
    dlist.refresh_from_db()
    assert dlist.status == DestructionStatus.APPROVED


def test_a_disabled_account_is_never_offered_as_reader_borrower_or_witness(office, document):
    dlist = approved_list(office, document)
    office.reader2.is_active = False
    office.reader2.save(update_fields=["is_active"])

    assert office.reader2 not in eligible_readers(document)
    assert office.reader2 not in eligible_borrowers(document)
    assert office.reader2 not in eligible_witnesses(dlist, office.clerk)


# -- knowledge scope ----------------------------------------------------------------------------


def registration(office, **overrides):
    data = {
        "registry": office.registry.pk, "direction": "incoming", "title": "关于保密工作的通知", "originating_organ": "省委办公厅",
        "reference_number": "省委办〔2026〕3号", "level": "2", "secrecy_period_years": "", "date_classified": "2026-03-01",
        "pages": "10", "attachments": "0", "copies_count": "1", "urgency": "normal", "medium": "paper", "remarks": "",
        "reason": "Registered on receipt",
    }
    return {**data, **overrides}


def picker_markup(page, field):
    return page.split(f'id="id_{field}-picker"')[1].split('class="picker-results"')[0]


def test_the_registration_page_is_no_select_of_every_account(client, office, other_unit):
    page = signed_in(client, office.clerk).get(reverse("documents:register")).content.decode()

    assert "<option" not in picker_markup(page, "scope_users")
    assert "finance_reader" not in page and "administrator" not in page and "reader2" not in page
    assert reverse("documents:people_scope_new") in page and 'hx-include="#id_registry"' in page


def test_scope_search_at_registration_offers_active_secret_related_people_of_the_registry_unit(client, office, other_unit):
    office.reader2.is_active = False
    office.reader2.save(update_fields=["is_active"])

    response = signed_in(client, office.clerk).get(
        reverse("documents:people_scope_new"), {"q": "", "registry": office.registry.pk}, HTTP_HX_REQUEST="true"
    )

    assert set(offered(response)) == labels(office.clerk, office.leader, office.reader, office.inspector)


@pytest.mark.parametrize("registry", ["other", "", "x", "99999999999999"])
def test_scope_search_at_registration_is_404_for_a_registry_the_clerk_does_not_keep(client, office, other_unit, registry):
    registry = other_unit.registry.pk if registry == "other" else registry
    response = signed_in(client, office.clerk).get(reverse("documents:people_scope_new"), {"registry": registry})
    assert response.status_code == 404


def test_scope_search_at_registration_is_404_for_a_reader(client, office):
    response = signed_in(client, office.reader).get(reverse("documents:people_scope_new"), {"registry": office.registry.pk})
    assert response.status_code == 404


@pytest.mark.parametrize("who", ["finance_reader", "administrator", "disabled"])
def test_registering_with_someone_ineligible_in_the_scope_is_a_field_error_and_registers_nothing(
    client, office, other_unit, who
):
    from documents.models import Document

    person = {"finance_reader": other_unit.reader, "administrator": office.administrator, "disabled": office.reader2}[who]
    if who == "disabled":
        person.is_active = False
        person.save(update_fields=["is_active"])

    response = signed_in(client, office.clerk).post(
        reverse("documents:register"), registration(office, scope_users=[office.leader.pk, person.pk])
    )

    assert response.status_code == 200
    assert "cannot be named in this scope" in str(response.context["form"].errors["scope_users"])
    assert not Document.objects.exists()


def test_registration_holds_the_scope_to_the_people_of_the_registry_picked(client, office, other_unit):
    from documents.models import Document

    add_membership(user=office.clerk, unit=other_unit.unit, role=Role.CLERK, by=None, reason="test set-up")
    signed_in(client, office.clerk)
    refused = client.post(
        reverse("documents:register"), registration(office, registry=other_unit.registry.pk, scope_users=[office.reader.pk])
    )
    accepted = client.post(
        reverse("documents:register"),
        registration(office, registry=other_unit.registry.pk, scope_users=[other_unit.reader.pk]),
    )

    assert "scope_users" in refused.context["form"].errors
    assert accepted.status_code == 302
    assert list(Document.objects.get().user_grants.values_list("user__username", flat=True)) == ["finance_reader"]


def test_the_scope_page_is_no_select_of_every_account(client, office, other_unit, document):
    page = signed_in(client, office.clerk).get(reverse("documents:scope", args=[document.pk])).content.decode()

    for field in ("add_users", "remove_users"):
        assert "<option" not in picker_markup(page, field)
    assert "finance_reader" not in page and "administrator" not in page
    assert reverse("documents:people_scope_add", args=[document.pk]) in page
    assert reverse("documents:people_scope_remove", args=[document.pk]) in page


def test_scope_add_search_offers_the_unit_not_yet_named_and_never_an_outsider_the_administrator_or_a_disabled_account(
    client, office, other_unit
):
    document = DocumentFactory(registry=office.registry, by=office.clerk, scope_users=[office.leader])
    office.reader2.is_active = False
    office.reader2.save(update_fields=["is_active"])

    response = search(signed_in(client, office.clerk), reverse("documents:people_scope_add", args=[document.pk]))

    assert set(offered(response)) == labels(office.clerk, office.reader, office.inspector)


def test_scope_remove_search_offers_only_the_people_named_in_the_scope(client, office, document):
    response = search(signed_in(client, office.clerk), reverse("documents:people_scope_remove", args=[document.pk]))

    assert set(offered(response)) == labels(office.leader, office.reader, office.reader2)


@pytest.mark.parametrize("name", ["documents:people_scope_add", "documents:people_scope_remove"])
def test_scope_searches_are_404_for_whoever_may_not_change_the_scope(client, office, other_unit, document, name):
    url = reverse(name, args=[document.pk])
    for who in (office.leader, office.reader, office.inspector, office.administrator, other_unit.clerk):
        assert search(signed_in(client, who), url).status_code == 404


def test_adding_someone_ineligible_to_a_scope_is_a_field_error_and_changes_nothing(client, office, other_unit, document):
    before = set(document.user_grants.values_list("user_id", flat=True))

    response = signed_in(client, office.clerk).post(
        reverse("documents:scope", args=[document.pk]),
        {"add_users": [office.inspector.pk, other_unit.reader.pk], "reason": "Leader approved"},
    )

    assert response.status_code == 200
    assert "cannot be named in this scope" in str(response.context["form"].errors["add_users"])
    assert set(document.user_grants.values_list("user_id", flat=True)) == before


def test_removing_someone_not_named_in_the_scope_is_a_field_error(client, office, document):
    response = signed_in(client, office.clerk).post(
        reverse("documents:scope", args=[document.pk]), {"remove_users": [office.inspector.pk], "reason": "Done"}
    )

    assert "remove_users" in response.context["form"].errors


def test_the_scope_page_takes_out_a_person_picked_from_the_scope(client, office, document):
    response = signed_in(client, office.clerk).post(
        reverse("documents:scope", args=[document.pk]), {"remove_users": [office.reader2.pk], "reason": "Need to know ended"}
    )

    assert response.status_code == 302
    assert not document.user_grants.filter(user=office.reader2).exists()


# -- the holder found at an inventory -----------------------------------------------------------


@pytest.fixture
def inventory_item(office, document):
    from documents.services import inventory

    opened = inventory.open_inventory(registry=office.registry, by=office.clerk, reason="Annual inventory")
    return opened.items.order_by("pk").first()


def test_the_inventory_problem_page_is_no_select_of_every_account(client, office, other_unit, inventory_item):
    url = reverse("documents:inventory_problem", args=[inventory_item.inventory_id, inventory_item.pk])
    page = signed_in(client, office.clerk).get(url).content.decode()

    assert "<option" not in page
    assert "finance_reader" not in page and "administrator" not in page
    assert reverse("documents:people_holders", args=[inventory_item.inventory_id]) in page


def test_holder_search_offers_active_people_of_the_unit_and_no_outsider_administrator_or_disabled_account(
    client, office, other_unit, inventory_item
):
    office.reader2.is_active = False
    office.reader2.save(update_fields=["is_active"])
    url = reverse("documents:people_holders", args=[inventory_item.inventory_id])

    shown = set(offered(search(signed_in(client, office.clerk), url)))

    assert shown == labels(office.clerk, office.leader, office.reader, office.inspector)
    for who in (office.leader, office.reader, office.inspector, other_unit.clerk):
        assert search(signed_in(client, who), url).status_code == 404


@pytest.mark.parametrize("who", ["finance_reader", "administrator"])
def test_recording_an_ineligible_holder_is_a_field_error_and_changes_nothing(client, office, other_unit, inventory_item, who):
    from documents.models import ItemResult

    person = other_unit.reader if who == "finance_reader" else office.administrator
    response = signed_in(client, office.clerk).post(
        reverse("documents:inventory_problem", args=[inventory_item.inventory_id, inventory_item.pk]),
        {"result": ItemResult.WRONG_HOLDER, "found_holder": person.pk, "reason": "Checked at inventory"},
    )

    assert response.status_code == 400
    assert "Pick an active person of this unit" in str(response.context["form"].errors["found_holder"])
    inventory_item.refresh_from_db()
    assert (inventory_item.result, inventory_item.found_holder) == (ItemResult.PENDING, None)


def test_recording_a_holder_of_the_unit_picked_by_the_type_ahead(client, office, inventory_item):
    from documents.models import ItemResult

    signed_in(client, office.clerk).post(
        reverse("documents:inventory_problem", args=[inventory_item.inventory_id, inventory_item.pk]),
        {"result": ItemResult.WRONG_HOLDER, "found_holder": office.reader2.pk, "reason": "Checked at inventory"},
    )

    inventory_item.refresh_from_db()
    assert (inventory_item.result, inventory_item.found_holder) == (ItemResult.WRONG_HOLDER, office.reader2)
