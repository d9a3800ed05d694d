"""Each evidence rule of a self-inspection item is a figure over the unit's data: change the data, the figure changes."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from carriers import services as carriers
from documents.levels import Level
from documents.models import Loan
from documents.services import borrowing, inventory as inventories
from inspections.evidence import evidence
from inspections.models import DeviceCheckResult, EvidenceCode
from inspections.services import self_inspection as service
from people.roles import PostLevel
from people.services.personnel import record_person
from registers.services.education import take_attendance
from tests.factories import PASSWORD, DocumentFactory, attended

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YEAR = TODAY.year


@pytest.fixture(autouse=True)
def only_named_posts_are_secret_related(office):
    # The factories give everyone a secret-related post with a signed commitment; these tests
    # count the people they name, so the office starts with no secret-related post at all.
    from people.models import Person

    Person.objects.update(post_level=PostLevel.NONE)


def secret_related(office, *names, signed=True):
    for name in names:
        user = getattr(office, name)
        record_person(user=user, by=office.administrator, reason="Post recorded", post_level=PostLevel.GENERAL,
                      commitment_signed_on=TODAY if signed else None)


def figure(office, code):
    return evidence(office.unit, YEAR, code)


def test_commitments_count_the_secret_related_people_who_signed(office):
    secret_related(office, "reader", "reader2")
    secret_related(office, "leader", signed=False)

    before = figure(office, EvidenceCode.COMMITMENTS_SIGNED)
    assert before.figure == "2 of 3 secret-related people signed the confidentiality commitment"
    assert not before.met

    secret_related(office, "leader")
    after = figure(office, EvidenceCode.COMMITMENTS_SIGNED)
    assert after.figure == "3 of 3 secret-related people signed the confidentiality commitment"
    assert after.met and after.url == reverse("people:unit", args=[office.unit.pk])


def test_a_person_whose_post_is_not_secret_related_is_not_asked_to_sign(office):
    secret_related(office, "reader")
    record_person(user=office.reader2, by=office.administrator, reason="Post", post_level=PostLevel.NONE,
                  commitment_signed_on=None)

    assert figure(office, EvidenceCode.COMMITMENTS_SIGNED).figure.startswith("1 of 1 ")


def test_training_counts_secret_related_people_trained_this_year(office):
    secret_related(office, "reader", "reader2")
    event = attended(office.reader, unit=office.unit, by=office.clerk, name="Annual training", held_on=TODAY, hours=2,
                     absent=[office.reader2])
    assert figure(office, EvidenceCode.TRAINING_RECORDED).count == 1

    take_attendance(event=event, by=office.clerk, person=office.reader2, present=True, reason="Came late, was there")
    after = figure(office, EvidenceCode.TRAINING_RECORDED)
    assert after.figure == "2 of 2 secret-related people attended an education event this year"
    assert after.met


def test_training_of_an_earlier_year_does_not_count(office):
    secret_related(office, "reader")
    attended(office.reader, unit=office.unit, by=office.clerk, name="Old course", held_on=datetime.date(YEAR - 1, 6, 1),
             hours=2)
    attended(office.reader, unit=office.unit, by=office.clerk, name="Withdrawn course", held_on=TODAY, hours=2)
    from registers.models import EducationEvent
    from registers.services.education import withdraw_event

    withdraw_event(event=EducationEvent.objects.get(name="Withdrawn course"), by=office.clerk, reason="Entered twice")

    assert figure(office, EvidenceCode.TRAINING_RECORDED).figure == (
        "0 of 1 secret-related person attended an education event this year"
    )


def test_inventories_done_needs_a_closed_inventory_with_every_copy_seen(office):
    document = DocumentFactory(registry=office.registry, by=office.clerk, copies_count=2)
    assert figure(office, EvidenceCode.INVENTORIES_DONE).figure == "0 of 1 registry inventoried this year"

    inventory = inventories.open_inventory(registry=office.registry, by=office.clerk, reason="Year-end inventory")
    inventories.mark_seen(inventory=inventory, code=f"{document.registry_number}-1", by=office.clerk)
    inventories.close_inventory(inventory=inventory, by=office.clerk, reason="Counted")
    one_unseen = figure(office, EvidenceCode.INVENTORIES_DONE)
    assert one_unseen.figure == "1 of 1 registry inventoried this year; 1 discrepancy not resolved"
    assert not one_unseen.met
    assert one_unseen.url == reverse("documents:inventory", args=[inventory.pk])

    second = inventories.open_inventory(registry=office.registry, by=office.clerk, reason="Recount")
    for number in (1, 2):
        inventories.mark_seen(inventory=second, code=f"{document.registry_number}-{number}", by=office.clerk)
    inventories.close_inventory(inventory=second, by=office.clerk, reason="Counted again")
    assert figure(office, EvidenceCode.INVENTORIES_DONE).met


def test_an_overdue_loan_leaves_the_ledger_incomplete(office):
    document = DocumentFactory(registry=office.registry, by=office.clerk, level=Level.SECRET,
                               scope_users=[office.reader, office.leader])
    loan = borrowing.request_loan(copy=document.copies.get(number=1), borrower=office.reader, by=office.reader,
                                  purpose="Reply", mode="take_out", due_on=TODAY + datetime.timedelta(days=5))
    borrowing.approve_loan(loan=loan, by=office.leader, reason="OK")
    borrowing.hand_out_loan(loan=loan, by=office.clerk, reason="Out")
    on_time = figure(office, EvidenceCode.LEDGERS_COMPLETE)
    assert on_time.met and on_time.figure == "1 of 1 loan handed out this year returned or within its due date"

    Loan.objects.filter(pk=loan.pk).update(due_on=TODAY - datetime.timedelta(days=1))
    late = figure(office, EvidenceCode.LEDGERS_COMPLETE)
    assert not late.met and late.figure.startswith("0 of 1 ")
    assert "loans_late" in late.url


def register(office, asset):
    return carriers.register_device(
        unit=office.unit, by=office.clerk, reason="Bought", kind="computer", asset_number=asset, model_name="PC",
        serial_number=f"SN-{asset}", level=Level.SECRET, custodian=office.reader, location="Office 3", network="isolated",
    )


def test_devices_checked_counts_devices_in_use_checked_this_year_and_their_problems(office):
    first, second = register(office, "PC-1"), register(office, "PC-2")
    inspection = service.start_self_inspection(unit=office.unit, year=YEAR, by=office.clerk, reason="Annual")
    assert figure(office, EvidenceCode.DEVICES_CHECKED).figure == "0 of 2 devices in use checked this year"

    service.record_device_check(self_inspection=inspection, device=first, result=DeviceCheckResult.OK, note="",
                                by=office.inspector, reason="Checked with the tool")
    service.record_device_check(self_inspection=inspection, device=second, result=DeviceCheckResult.PROBLEM,
                                note="Internet records found", by=office.inspector, reason="Checked with the tool")
    problem = figure(office, EvidenceCode.DEVICES_CHECKED)
    assert problem.figure == "2 of 2 devices in use checked this year; a problem found on 1"
    assert not problem.met

    service.record_device_check(self_inspection=inspection, device=second, result=DeviceCheckResult.OK, note="",
                                by=office.inspector, reason="Checked again after the clean-up")
    assert figure(office, EvidenceCode.DEVICES_CHECKED).met


def test_the_self_inspection_page_shows_the_evidence_beside_the_item_with_a_link_to_its_rows(client, office):
    secret_related(office, "reader", "reader2")
    inspection = service.start_self_inspection(unit=office.unit, year=YEAR, by=office.clerk, reason="Annual")
    client.login(username="leader", password=PASSWORD)

    page = client.get(reverse("inspections:detail", args=[inspection.pk])).content.decode()

    row = page[page.index("Every secret-related person has signed a confidentiality commitment"):]
    row = row[: row.index("</tr>")]
    assert "2 of 2 secret-related people signed the confidentiality commitment" in row
    assert f'href="{reverse("people:unit", args=[office.unit.pk])}"' in row
    assert "Met" in row


def test_the_default_standard_ties_five_items_to_evidence(office):
    from inspections.models import ChecklistItem

    codes = set(ChecklistItem.objects.filter(area__template__is_default=True).exclude(evidence_code="")
                .values_list("evidence_code", flat=True))
    assert codes == set(EvidenceCode.values)
