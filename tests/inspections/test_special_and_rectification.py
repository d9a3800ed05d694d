"""Who starts a self-inspection, special inspections beside the annual one, and each rectification item's
own owner and deadline, on the page and in the owner's inbox."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from documents.inbox import my_rectifications
from documents.services.errors import Conflict, InvalidInput, NotPermitted
from inspections.models import InspectionKind, Rectification, SelfInspection
from inspections.services import self_inspection as service
from inspections.summary import annual_summary
from tests.factories import PASSWORD
from tests.inspections.test_self_inspection import score_all

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YEAR = TODAY.year


def completed_with_two_items(office, *, owner=None, deadline=None):
    inspection = service.start_self_inspection(unit=office.unit, year=YEAR, by=office.clerk, reason="Annual")
    score_all(inspection, office.clerk, {
        "Rules are revised": (3, "Old rules"),
        "Removable storage media are registered": (3, "Keys unmarked"),
    })
    service.complete_self_inspection(self_inspection=inspection, owner=owner or office.clerk,
                                     deadline=deadline or TODAY + datetime.timedelta(days=90), by=office.leader,
                                     reason="Done")
    return inspection


def test_the_inspector_of_the_unit_may_start_a_self_inspection(office):
    assert service.check_start_self_inspection(office.unit, office.inspector) is None

    inspection = service.start_self_inspection(unit=office.unit, year=YEAR, by=office.inspector, reason="Inspection")
    assert inspection.created_by == office.inspector


def test_a_reader_or_another_units_clerk_may_not_start_one(office, other_unit):
    assert isinstance(service.check_start_self_inspection(office.unit, office.reader), NotPermitted)
    with pytest.raises(NotPermitted):
        service.start_self_inspection(unit=office.unit, year=YEAR, by=other_unit.clerk, reason="Not mine")


def test_a_unit_has_one_annual_inspection_a_year_and_any_number_of_special_ones(office):
    service.start_self_inspection(unit=office.unit, year=YEAR, by=office.clerk, reason="Annual")
    with pytest.raises(Conflict):
        service.start_self_inspection(unit=office.unit, year=YEAR, by=office.leader, reason="Again")
    for subject in ("Storage media after a loss", "Reading room before the audit"):
        service.start_self_inspection(unit=office.unit, year=YEAR, by=office.inspector, reason="Ad hoc",
                                      kind=InspectionKind.SPECIAL, subject=subject)

    assert SelfInspection.objects.filter(unit=office.unit, year=YEAR, kind=InspectionKind.SPECIAL).count() == 2
    assert SelfInspection.objects.filter(unit=office.unit, year=YEAR, kind=InspectionKind.ANNUAL).count() == 1


def test_a_special_inspection_needs_its_subject(office):
    with pytest.raises(InvalidInput):
        service.start_self_inspection(unit=office.unit, year=YEAR, by=office.inspector, reason="Ad hoc",
                                      kind=InspectionKind.SPECIAL, subject="  ")
    assert not SelfInspection.objects.exists()


def test_the_annual_summary_reads_the_annual_inspection_not_a_special_one(office):
    special = service.start_self_inspection(unit=office.unit, year=YEAR, by=office.inspector, reason="Ad hoc",
                                            kind=InspectionKind.SPECIAL, subject="Storage media")
    assert annual_summary(office.leader, office.unit, YEAR).self_inspection is None

    annual = service.start_self_inspection(unit=office.unit, year=YEAR, by=office.clerk, reason="Annual")
    assert annual_summary(office.leader, office.unit, YEAR).self_inspection == annual != special


def test_the_list_page_starts_a_special_inspection_with_its_subject(client, office):
    client.login(username="inspector", password=PASSWORD)

    response = client.post(reverse("inspections:list"), {
        "unit": office.unit.pk, "year": YEAR, "kind": "special", "subject": "Storage media after a loss",
        "reason": "Ad hoc check",
    }, follow=True)

    inspection = SelfInspection.objects.get()
    assert (inspection.kind, inspection.subject) == ("special", "Storage media after a loss")
    assert "Special inspection of General Office" in response.content.decode()


def test_each_rectification_item_gets_its_own_owner_and_deadline_with_history(office):
    completed_with_two_items(office)
    rules, media = Rectification.objects.order_by("pk")
    deadline = TODAY + datetime.timedelta(days=10)

    service.assign_rectification(rectification=media, owner=office.reader2, deadline=deadline, by=office.leader,
                                 reason="The keys are with the general staff")

    media.refresh_from_db()
    rules.refresh_from_db()
    assert (media.owner, media.deadline) == (office.reader2, deadline)
    assert rules.owner == office.clerk
    latest = media.history.latest()
    assert latest.history_user == office.leader and latest.history_change_reason == "The keys are with the general staff"


def test_an_owner_from_outside_the_unit_is_refused(office, other_unit):
    completed_with_two_items(office)
    item = Rectification.objects.first()

    with pytest.raises(InvalidInput):
        service.assign_rectification(rectification=item, owner=other_unit.reader, deadline=TODAY, by=office.leader,
                                     reason="Wrong person")
    item.refresh_from_db()
    assert item.owner == office.clerk


def test_a_reader_may_not_assign_a_rectification_item(office):
    completed_with_two_items(office)
    with pytest.raises(NotPermitted):
        service.assign_rectification(rectification=Rectification.objects.first(), owner=office.reader,
                                     deadline=TODAY, by=office.reader, reason="Mine now")


def test_the_assign_page_picks_the_owner_by_type_ahead_among_the_units_people(client, office, other_unit):
    completed_with_two_items(office)
    item = Rectification.objects.first()
    client.login(username="leader", password=PASSWORD)
    url = reverse("inspections:assign_rectification", args=[item.pk])
    deadline = (TODAY + datetime.timedelta(days=15)).isoformat()

    refused = client.post(url, {"owner": other_unit.reader.pk, "deadline": deadline, "reason": "Assign"})
    assert refused.status_code == 200 and "This person cannot take this part" in refused.content.decode()

    search = client.get(reverse("inspections:people_owners", args=[item.self_inspection_id]), {"q": "reader"})
    assert office.reader2.username in search.content.decode()
    assert other_unit.reader.username not in search.content.decode()

    assert client.post(url, {"owner": office.reader2.pk, "deadline": deadline, "reason": "Assign"}).status_code == 302
    item.refresh_from_db()
    assert item.owner == office.reader2 and item.deadline.isoformat() == deadline
    page = client.get(reverse("inspections:detail", args=[item.self_inspection_id])).content.decode()
    assert deadline in page


def test_a_reader_gets_404_from_the_owners_search(client, office):
    inspection = completed_with_two_items(office)
    client.login(username="reader", password=PASSWORD)
    assert client.get(reverse("inspections:people_owners", args=[inspection.pk]), {"q": "a"}).status_code == 404


def test_the_owner_sees_the_item_in_the_inbox_once_it_is_due(client, office):
    completed_with_two_items(office, deadline=TODAY + datetime.timedelta(days=90))
    item = Rectification.objects.get(problem__startswith="Removable storage media")
    assert my_rectifications(office.reader2).rows == []

    service.assign_rectification(rectification=item, owner=office.reader2, deadline=TODAY + datetime.timedelta(days=5),
                                 by=office.leader, reason="Keys are with the staff")
    rows = my_rectifications(office.reader2).rows
    assert [row.key for row in rows] == [f"rectification-{item.pk}"]
    assert rows[0].due == TODAY + datetime.timedelta(days=5) and rows[0].actions

    client.login(username="reader2", password=PASSWORD)
    assert "Keys unmarked" in client.get(reverse("home")).content.decode()


def test_an_item_far_from_its_deadline_or_closed_stays_out_of_the_inbox(office):
    completed_with_two_items(office, deadline=TODAY + datetime.timedelta(days=90))
    assert my_rectifications(office.clerk).rows == []

    item = Rectification.objects.first()
    service.assign_rectification(rectification=item, owner=office.clerk, deadline=TODAY, by=office.leader, reason="Now")
    assert len(my_rectifications(office.clerk).rows) == 1
    service.close_rectification(rectification=item, outcome="Rules revised", by=office.clerk)
    assert my_rectifications(office.clerk).rows == []


def test_the_inspector_records_a_device_check_on_the_page(client, office):
    from carriers import services as carriers

    device = carriers.register_device(
        unit=office.unit, by=office.clerk, reason="Bought", kind="usb", asset_number="U-7", model_name="Key",
        serial_number="SN-U-7", level=2, custodian=office.reader, location="Safe", network="none",
    )
    inspection = service.start_self_inspection(unit=office.unit, year=YEAR, by=office.clerk, reason="Annual")
    client.login(username="inspector", password=PASSWORD)

    client.post(reverse("inspections:device_check", args=[inspection.pk]),
                {"device": device.pk, "result": "ok", "note": "", "reason": "Checked with the tool"})

    check = inspection.device_checks.get()
    assert (check.device, check.checked_by) == (device, office.inspector)
    assert "U-7" in client.get(reverse("inspections:detail", args=[inspection.pk])).content.decode()
