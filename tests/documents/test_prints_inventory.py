"""The printed inventory result, and reporting its missing copies lost in one click."""

import pytest
from django.urls import reverse

from documents.levels import Level
from documents.models import CopyStatus, Incident, PrintRecord
from documents.services import inventory as service
from documents.services.errors import InvalidState, NotPermitted
from tests.factories import PASSWORD, DocumentFactory
from tests.pdf_reading import flat, page_texts

pytestmark = pytest.mark.django_db


def signed_in(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def two_missing(office):
    """An inventory of a registry with five copies, two of them not found: closed, not signed off."""
    kept = DocumentFactory(registry=office.registry, by=office.clerk, copies_count=3, title="年度保密工作要点")
    lost = DocumentFactory(registry=office.registry, by=office.clerk, copies_count=2, level=Level.TOP_SECRET,
                           title="绝密会议纪要")
    inventory = service.open_inventory(registry=office.registry, by=office.clerk, reason="Annual inventory")
    for copy in kept.copies.all():
        service.mark_seen(inventory=inventory, code=f"{kept.registry_number}-{copy.number}", by=office.clerk)
    service.close_inventory(inventory=inventory, by=office.clerk, reason="Inventory completed")
    inventory.refresh_from_db()
    return type("Case", (), {"inventory": inventory, "kept": kept, "lost": lost})


def print_result(client, inventory):
    response = client.post(reverse("documents:inventory_print", args=[inventory.pk]))
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    return response.content


def test_inventory_with_two_copies_missing_closes_listing_those_two(office, two_missing):
    result = service.inventory_result(two_missing.inventory)

    assert [item.copy.label for item in result["discrepancies"]] == [copy.label for copy in two_missing.lost.copies.order_by("number")]
    assert dict((value, n) for value, _label, n in result["counts"])["missing"] == 2


def test_result_pdf_lists_counts_each_missing_copy_who_closed_and_signature_lines(client, office, two_missing):
    office.clerk.first_name, office.clerk.last_name = "Wei", "张"
    office.clerk.save()

    pages = page_texts(print_result(signed_in(client, office.clerk), two_missing.inventory))

    text = flat("".join(pages))
    for copy in two_missing.lost.copies.all():
        assert flat(copy.label) in text
    assert text.count("绝密会议纪要") == 2
    assert "年度保密工作要点" not in text  # seen copies are counted, not listed
    assert "Missing:2" in text and "Seen:3" in text
    assert "Wei张" in text
    assert "Notsignedoffyet" in text and "Inspector(signature)" in text
    for page in pages:
        assert page.count("TOP SECRET ★ 30 years") == 2
    assert f"1 / {len(pages)}" in pages[0]
    record = PrintRecord.objects.get()
    assert (record.kind, record.row_count, record.highest_level) == ("inventory", 2, Level.TOP_SECRET)
    assert record.display_code in pages[0]


def test_result_pdf_shows_the_inspectors_sign_off_once_signed(client, office, two_missing):
    service.sign_off(inventory=two_missing.inventory, by=office.inspector, note="核对无误，两份缺失已报告。")

    text = flat("".join(page_texts(print_result(signed_in(client, office.inspector), two_missing.inventory))))

    assert "核对无误，两份缺失已报告。" in text
    assert "Inspector(signature)" not in text


def test_result_of_an_open_inventory_is_refused_with_a_message(client, office):
    DocumentFactory(registry=office.registry, by=office.clerk, copies_count=1)
    inventory = service.open_inventory(registry=office.registry, by=office.clerk, reason="Annual")

    response = signed_in(client, office.clerk).post(reverse("documents:inventory_print", args=[inventory.pk]), follow=True)

    assert "printed once the inventory is closed" in response.content.decode()
    assert not PrintRecord.objects.exists()


def test_result_of_another_units_inventory_is_404(client, office, other_unit, two_missing):
    response = signed_in(client, other_unit.clerk).post(reverse("documents:inventory_print", args=[two_missing.inventory.pk]))

    assert response.status_code == 404


def test_a_reader_cannot_print_an_inventory_result(client, office, two_missing):
    response = signed_in(client, office.reader).post(reverse("documents:inventory_print", args=[two_missing.inventory.pk]))

    assert response.status_code == 404
    assert not PrintRecord.objects.exists()


def test_print_button_appears_once_the_inventory_is_closed(client, office, two_missing):
    page = signed_in(client, office.clerk).get(reverse("documents:inventory", args=[two_missing.inventory.pk]))

    assert reverse("documents:inventory_print", args=[two_missing.inventory.pk]) in page.content.decode()


# ------------------------------------------------------------------ missing copies to loss reports

def test_report_all_missing_opens_one_incident_per_missing_copy(office, two_missing):
    incidents = service.report_missing(inventory=two_missing.inventory, by=office.clerk, reason="Missing at the inventory")

    assert sorted(incident.copy_id for incident in incidents) == sorted(two_missing.lost.copies.values_list("pk", flat=True))
    assert Incident.objects.count() == 2
    assert set(two_missing.lost.copies.values_list("status", flat=True)) == {CopyStatus.LOST}
    assert set(two_missing.kept.copies.values_list("status", flat=True)) == {CopyStatus.IN_REGISTRY}
    incident = Incident.objects.first()
    assert "Not found at the inventory of BGS" in incident.circumstances
    assert incident.history.get().history_change_reason == "Missing at the inventory"


def test_missing_copies_are_not_reported_twice(office, two_missing):
    first = two_missing.lost.copies.get(number=1)
    item = two_missing.inventory.items.get(copy=first)
    service.report_missing(inventory=two_missing.inventory, by=office.clerk, reason="Missing", items=[item])

    incidents = service.report_missing(inventory=two_missing.inventory, by=office.clerk, reason="Missing")

    assert [incident.copy.number for incident in incidents] == [2]
    assert Incident.objects.filter(copy=first).count() == 1
    with pytest.raises(InvalidState):
        service.report_missing(inventory=two_missing.inventory, by=office.clerk, reason="Missing")
    assert Incident.objects.count() == 2


def test_report_missing_is_all_or_nothing(office, two_missing):
    from django.db import transaction

    from documents.services.copies import lock_copy, move

    with transaction.atomic():  # since the inventory, the second copy was destroyed: it can no longer be lost
        move(lock_copy(two_missing.lost.copies.get(number=2)), to=CopyStatus.DESTROYED, by=office.clerk, reason="t")

    with pytest.raises(InvalidState):
        service.report_missing(inventory=two_missing.inventory, by=office.clerk, reason="Missing")

    assert not Incident.objects.exists()
    assert two_missing.lost.copies.get(number=1).status == CopyStatus.IN_REGISTRY


def test_only_a_clerk_of_the_registry_reports_missing_copies(office, two_missing):
    with pytest.raises(NotPermitted):
        service.report_missing(inventory=two_missing.inventory, by=office.inspector, reason="Missing")
    assert not Incident.objects.exists()


def test_missing_copies_of_an_open_inventory_cannot_be_reported(office):
    DocumentFactory(registry=office.registry, by=office.clerk, copies_count=1)
    inventory = service.open_inventory(registry=office.registry, by=office.clerk, reason="Annual")

    with pytest.raises(InvalidState):
        service.report_missing(inventory=inventory, by=office.clerk, reason="Missing")


def test_reporting_missing_copies_lost_is_a_secondary_action_with_its_own_confirmation(client, office, two_missing):
    signed_in(client, office.clerk)
    url = reverse("documents:inventory", args=[two_missing.inventory.pk])
    report_url = reverse("documents:inventory_report_missing", args=[two_missing.inventory.pk])
    page = client.get(url).content.decode()
    link = page[page.index('id="report-missing"') - 60: page.index('id="report-missing"')]
    assert "Report missing copies lost" in page and "primary" not in link

    asked = client.post(report_url, {"reason": "缺失，报告丢失"})

    confirmation = asked.content.decode()
    assert "Report 2 missing copies lost?" in confirmation
    for copy in two_missing.lost.copies.all():
        assert copy.label in confirmation
    assert not Incident.objects.exists()

    response = client.post(report_url, {"reason": "缺失，报告丢失", "confirmed": "1"}, follow=True)

    assert response.redirect_chain[-1][0] == url
    page = response.content.decode()
    for incident in Incident.objects.all():
        assert reverse("documents:incident", args=[incident.pk]) in page
    assert "Report missing copies lost" not in page
    assert Incident.objects.count() == 2


def test_report_one_missing_copy_from_its_row_after_confirming(client, office, two_missing):
    item = two_missing.inventory.items.get(copy__document=two_missing.lost, copy__number=2)
    report_url = reverse("documents:inventory_report_missing", args=[two_missing.inventory.pk])
    signed_in(client, office.clerk)

    asked = client.get(report_url, {"item": item.pk}).content.decode()
    assert "Report 1 missing copy lost?" in asked and item.copy.label in asked
    assert two_missing.lost.copies.get(number=1).label not in asked

    client.post(report_url, {"reason": "Missing", "item": item.pk, "confirmed": "1"})

    assert list(Incident.objects.values_list("copy__number", flat=True)) == [2]


def test_report_missing_without_a_reason_reports_nothing(client, office, two_missing):
    response = signed_in(client, office.clerk).post(
        reverse("documents:inventory_report_missing", args=[two_missing.inventory.pk]), {"reason": " ", "confirmed": "1"}
    )

    assert response.status_code == 400 and "Give a reason" in response.content.decode()
    assert not Incident.objects.exists()


def test_an_item_of_another_inventory_is_refused(client, office, two_missing):
    item = two_missing.inventory.items.filter(result="seen").first()

    response = signed_in(client, office.clerk).post(
        reverse("documents:inventory_report_missing", args=[two_missing.inventory.pk]),
        {"reason": "Missing", "item": item.pk, "confirmed": "1"},
    )

    assert "Only copies this inventory found missing" in response.content.decode()
    assert not Incident.objects.exists()


def test_result_pdf_lists_a_copy_out_with_a_holder_nobody_confirmed_apart_from_the_missing(client, office):
    from django.db import transaction

    from documents.services.copies import lock_copy, move

    document = DocumentFactory(registry=office.registry, by=office.clerk, copies_count=3, title="借出文件")
    with transaction.atomic():
        move(lock_copy(document.copies.get(number=1)), to=CopyStatus.ON_LOAN, holder=office.reader, by=office.clerk, reason="t")
        move(lock_copy(document.copies.get(number=2)), to=CopyStatus.OUT, holder=office.reader2, by=office.clerk, reason="t")
    inventory = service.open_inventory(registry=office.registry, by=office.clerk, reason="Annual inventory")
    service.mark_seen(inventory=inventory, code=document.copies.get(number=2).label, by=office.clerk)
    service.close_inventory(inventory=inventory, by=office.clerk, reason="Inventory completed")

    text = flat("".join(page_texts(print_result(signed_in(client, office.clerk), inventory))))

    assert "Seenwithitsholder:1" in text and "Notconfirmedwithitsholder:1" in text and "Missing:1" in text
    assert flat(document.copies.get(number=1).label) in text and flat(document.copies.get(number=3).label) in text
    assert flat(document.copies.get(number=2).label) not in text  # seen with its holder: counted, not listed


@pytest.mark.parametrize("item", ["abc", "99999999999999999999999", "-1"])
def test_a_nonsense_item_to_report_is_refused_and_reports_nothing(client, office, two_missing, item):
    response = signed_in(client, office.clerk).post(
        reverse("documents:inventory_report_missing", args=[two_missing.inventory.pk]),
        {"reason": "Missing", "item": item, "confirmed": "1"},
    )

    assert response.status_code in (400, 404)
    assert not Incident.objects.exists()
