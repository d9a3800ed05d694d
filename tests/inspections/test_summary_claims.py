"""Each claim of the annual summary holds only with every condition; breaking one changes the sentence."""

import datetime

import pytest
from django.utils import timezone

from documents.levels import Level
from documents.models import Incident, Loan
from documents.services import borrowing, inventory as inventories, loss
from inspections.claims import claims
from inspections.services import self_inspection as self_inspections
from tests.factories import DocumentFactory
from tests.inspections.test_self_inspection import score_all

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


def claim(office, key):
    return next(item for item in claims(office.unit, YEAR) if item.key == key)


def failure_keys(office, key):
    return [failure.key for failure in claim(office, key).failures]


@pytest.fixture
def document(office):
    return DocumentFactory(registry=office.registry, by=office.clerk, level=Level.SECRET, copies_count=3,
                           title="预算调整方案", scope_users=[office.reader, office.leader])


def close_with_two_unseen(office, document):
    inventory = inventories.open_inventory(registry=office.registry, by=office.clerk, reason="Year-end inventory")
    inventories.mark_seen(inventory=inventory, code=f"{document.registry_number}-1", by=office.clerk)
    return inventories.close_inventory(inventory=inventory, by=office.clerk, reason="Counted")


def test_a_unit_with_nothing_wrong_says_no_copy_was_lost_and_according_to_procedure(office, document):
    assert claim(office, "no_copy_lost").holds
    assert claim(office, "according_to_procedure").holds


def test_a_loss_incident_this_year_breaks_no_copy_lost(office, document):
    loss.report_loss(copy=document.copies.get(number=2), by=office.clerk, reason="Missing", circumstances="Not on the shelf")

    result = claim(office, "no_copy_lost")
    assert failure_keys(office, "no_copy_lost") == ["loss_incident"]
    assert result.failures[0].sentence == "1 loss incident was reported this year:"
    assert result.failures[0].rows[0].startswith(f"{document.registry_number} / 2")


def test_an_inventory_closed_with_two_unseen_copies_says_two_discrepancies_not_no_copy_lost(office, document):
    close_with_two_unseen(office, document)

    result = claim(office, "no_copy_lost")
    assert failure_keys(office, "no_copy_lost") == ["inventory_discrepancy"]
    assert result.failures[0].sentence == "The year’s inventories left 2 discrepancies unresolved:"
    assert [row.split(":")[0] for row in result.failures[0].rows] == [
        f"{document.registry_number} / 2", f"{document.registry_number} / 3"]


def test_reporting_the_unseen_copies_lost_turns_the_discrepancy_into_loss_incidents(office, document):
    inventory = close_with_two_unseen(office, document)
    inventories.report_missing(inventory=inventory, by=office.clerk, reason="Not found")

    assert failure_keys(office, "no_copy_lost") == ["loss_incident"]
    assert claim(office, "no_copy_lost").failures[0].sentence == "2 loss incidents were reported this year:"


def test_a_later_inventory_that_finds_the_copies_clears_the_discrepancy(office, document):
    close_with_two_unseen(office, document)
    later = inventories.open_inventory(registry=office.registry, by=office.clerk, reason="Recount")
    for number in (1, 2, 3):
        inventories.mark_seen(inventory=later, code=f"{document.registry_number}-{number}", by=office.clerk)
    inventories.close_inventory(inventory=later, by=office.clerk, reason="All found")

    assert claim(office, "no_copy_lost").holds


def test_a_copy_lost_last_year_and_still_searched_for_breaks_no_copy_lost(office, document):
    incident = loss.report_loss(copy=document.copies.get(number=3), by=office.clerk, reason="Missing",
                                circumstances="Not on the shelf")
    Incident.objects.filter(pk=incident.pk).update(reported_at=incident.reported_at.replace(year=YEAR - 1))

    result = claim(office, "no_copy_lost")
    assert failure_keys(office, "no_copy_lost") == ["copy_missing"]
    assert result.failures[0].sentence == "1 copy lost in an earlier year is still missing:"


def test_an_overdue_loan_breaks_according_to_procedure(office, document):
    today = timezone.localdate()
    loan = borrowing.request_loan(copy=document.copies.get(number=1), borrower=office.reader, by=office.reader,
                                  purpose="Reply", mode="take_out", due_on=today + datetime.timedelta(days=5))
    borrowing.approve_loan(loan=loan, by=office.leader, reason="OK")
    borrowing.hand_out_loan(loan=loan, by=office.clerk, reason="Out")
    Loan.objects.filter(pk=loan.pk).update(due_on=today - datetime.timedelta(days=1))

    result = claim(office, "according_to_procedure")
    assert failure_keys(office, "according_to_procedure") == ["overdue_loan"]
    assert result.failures[0].sentence == "1 loan was not returned by its due date:"
    assert "not returned" in result.failures[0].rows[0]
    assert claim(office, "no_copy_lost").holds


def test_an_open_rectification_item_on_document_handling_breaks_according_to_procedure(office, document):
    inspection = self_inspections.start_self_inspection(unit=office.unit, year=YEAR, by=office.clerk, reason="Annual")
    score_all(inspection, office.clerk, {"Every classified document and copy is registered": (3, "Two copies unregistered")})
    self_inspections.complete_self_inspection(self_inspection=inspection, owner=office.clerk,
                                              deadline=datetime.date(YEAR + 1, 3, 31), by=office.leader, reason="Done")

    result = claim(office, "according_to_procedure")
    assert failure_keys(office, "according_to_procedure") == ["open_rectification"]
    assert "Two copies unregistered" in result.failures[0].rows[0]


def test_an_open_rectification_item_elsewhere_does_not_touch_document_handling(office, document):
    inspection = self_inspections.start_self_inspection(unit=office.unit, year=YEAR, by=office.clerk, reason="Annual")
    score_all(inspection, office.clerk, {"Removable storage media are registered": (3, "USB keys unmarked")})
    self_inspections.complete_self_inspection(self_inspection=inspection, owner=office.clerk,
                                              deadline=datetime.date(YEAR + 1, 3, 31), by=office.leader, reason="Done")

    assert claim(office, "according_to_procedure").holds
