"""Devices in use: periodic checks point by point, media lent and returned, copies erased from media, and the
register of non-classified computers; their pages, prints, API and the annual summary's figures."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from carriers import media_loans, open_computers, periodic_checks, services
from carriers.models import CarriedCopy, CheckPoint, MediumLoan, OpenComputer, PeriodicCheck
from carriers.selectors import live_carried_copies
from documents.levels import Level
from documents.models import Medium, PrintRecord
from documents.services.errors import InvalidInput, InvalidState, NotPermitted
from documents.services.recording import stamp
from inspections import report as reports
from inspections.summary import annual_summary
from people.models import Person, Unit
from tests.factories import PASSWORD, DocumentFactory
from tests.pdf_reading import flat, page_texts

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def signed_in(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def device(office, kind="usb", asset="U-0001", level=Level.SECRET, custodian=None):
    return services.register_device(
        unit=office.unit, by=office.clerk, reason="Bought", kind=kind, asset_number=asset, serial_number=f"SN-{asset}",
        level=level, custodian=custodian or office.clerk, location="Room 301", network="none",
    )


def internet_found(office, computer, by=None, on=TODAY):
    return periodic_checks.record_check(device=computer, by=by or office.inspector, checked_on=on,
                                        failed=[CheckPoint.INTERNET], result="problem",
                                        findings="Cable to the Internet switch", reason="Quarterly check")


# Periodic checks -------------------------------------------------------------------------------------------


def test_a_check_records_each_point_and_exposes_the_points_that_failed(office):
    computer = device(office, kind="computer", asset="PC-1")
    check = internet_found(office, computer)

    check.refresh_from_db()
    assert check.failed_points == [CheckPoint.INTERNET]
    assert (check.internet_sound, check.antivirus_sound, check.seals_sound) == (False, True, True)
    assert PeriodicCheck.objects.filter(device=computer, internet_sound=False).count() == 1
    row = check.history.get()
    assert (row.history_user, row.history_change_reason) == (office.inspector, "Quarterly check")


def test_a_check_that_finds_the_internet_opens_an_incident_whose_clock_starts_then(client, office):
    from documents.models import Incident

    computer = device(office, kind="computer", asset="PC-1")
    periodic_checks.record_check(device=computer, by=office.inspector, checked_on=TODAY, failed=[CheckPoint.ANTIVIRUS],
                                 result="problem", findings="Signatures a month old", reason="Quarterly check")
    assert not Incident.objects.exists()  # a stale anti-virus is a fault to mend, not an incident

    check = internet_found(office, computer)

    incident = Incident.objects.get()
    assert check.incidents == [incident]
    assert (incident.kind, incident.unit, incident.reported_by) == ("internet", office.unit, office.inspector)
    assert incident.circumstances == "Cable to the Internet switch" and incident.bureau_reported_at is None
    assert timezone.now() - incident.discovered_at < datetime.timedelta(minutes=5)
    page = signed_in(client, office.clerk).get(reverse("registers:incident", args=[incident.pk]),
                                               HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "PC-1" in page and "Periodic check of" not in page


def test_a_check_entered_days_later_dates_the_discovery_on_its_day(office):
    from documents.models import Incident

    computer = device(office, kind="computer", asset="PC-1")
    internet_found(office, computer, on=TODAY - 3 * DAY)

    assert timezone.localdate(Incident.objects.get().discovered_at) == TODAY - 3 * DAY


@pytest.mark.parametrize("inputs, field", [
    ({"checked_on": TODAY + DAY, "failed": [], "result": "ok"}, "checked_on"),
    ({"checked_on": TODAY, "failed": ["internet"], "result": "ok"}, "result"),
    ({"checked_on": TODAY, "failed": [], "result": "problem", "findings": "\u200b"}, "findings"),
    ({"checked_on": TODAY, "failed": ["moat"], "result": "problem", "findings": "x"}, "failed"),
])
def test_a_check_in_the_future_inconsistent_or_without_findings_is_refused_by_field(office, inputs, field):
    computer = device(office, kind="computer", asset="PC-1")
    with pytest.raises(InvalidInput) as refused:
        periodic_checks.record_check(device=computer, by=office.clerk, reason="Check", **inputs)
    assert field in refused.value.errors
    assert not PeriodicCheck.objects.exists()


def test_only_the_units_clerks_leaders_and_inspectors_record_checks(office, other_unit):
    computer = device(office, kind="computer", asset="PC-1")
    for person in (office.reader, other_unit.clerk):
        with pytest.raises(NotPermitted):
            periodic_checks.record_check(device=computer, by=person, checked_on=TODAY, result="ok", reason="Check")
    assert periodic_checks.record_check(device=computer, by=office.leader, checked_on=TODAY, result="ok",
                                        reason="Check").checked_by == office.leader


def test_the_device_page_records_a_check_and_shows_a_refusal_on_the_page(client, office):
    computer = device(office, kind="computer", asset="PC-1")
    signed_in(client, office.inspector)
    page = client.get(reverse("carriers:detail", args=[computer.pk])).content.decode()
    assert 'id="record-check"' in page and "No check recorded yet." in page

    refused = client.post(reverse("carriers:record_check", args=[computer.pk]), {
        "checked_on": TODAY.isoformat(), "failed": ["internet"], "result": "problem", "findings": "", "reason": "Check",
    }, follow=True).content.decode()
    assert "Write down what the check found wrong." in refused and not PeriodicCheck.objects.exists()

    done = client.post(reverse("carriers:record_check", args=[computer.pk]), {
        "checked_on": TODAY.isoformat(), "failed": ["internet", "seals"], "result": "problem",
        "findings": "Seal torn, cable to the Internet", "reason": "Check",
    }, follow=True).content.decode()
    assert "Connected to the Internet, Seals broken" in done and "Seal torn" in done


# Loans of media ---------------------------------------------------------------------------------------------


def test_a_medium_is_lent_and_returned_complete_with_history(office):
    key = device(office)
    loan = media_loans.lend_medium(device=key, borrower=office.reader, lent_on=TODAY - 3 * DAY, due_on=TODAY + DAY,
                                   by=office.clerk, reason="For the meeting")
    assert media_loans.check_lend(key, office.clerk).message.startswith("U-0001 is lent to")
    with pytest.raises(InvalidState):
        media_loans.lend_medium(device=key, borrower=office.reader2, lent_on=TODAY, due_on=TODAY, by=office.clerk,
                                reason="Again")
    media_loans.return_medium(device=key, returned_on=TODAY, complete=True, by=office.clerk, reason="Back")
    loan.refresh_from_db()
    assert (loan.returned_on, loan.returned_complete, loan.received_by) == (TODAY, True, office.clerk)
    assert loan.history.count() == 2
    assert media_loans.check_return(key, office.clerk) is not None


def test_one_medium_is_with_one_person_at_a_time_in_the_database_too(office):
    key = device(office)
    media_loans.lend_medium(device=key, borrower=office.reader, lent_on=TODAY, due_on=TODAY, by=office.clerk,
                            reason="Lend")
    twin = MediumLoan(device=key, borrower=office.reader2, lent_on=TODAY, due_on=TODAY, lent_by=office.clerk)
    with pytest.raises(IntegrityError), transaction.atomic():
        stamp(twin, by=office.clerk, reason="Past the lock").save()


def test_lending_to_someone_without_a_signed_commitment_is_refused_naming_it(office):
    key = device(office)
    Person.objects.filter(user=office.reader).update(commitment_signed_on=None)
    reader = get_user_model().objects.get(pk=office.reader.pk)
    with pytest.raises(InvalidState) as refused:
        media_loans.lend_medium(device=key, borrower=reader, lent_on=TODAY, due_on=TODAY, by=office.clerk,
                                reason="Lend")
    assert "no signed confidentiality commitment" in refused.value.message
    assert office.reader.username in refused.value.message or office.reader.last_name in refused.value.message
    assert not MediumLoan.objects.exists()


@pytest.mark.parametrize("lent_on, due_on, field", [(TODAY + DAY, TODAY + 2 * DAY, "lent_on"),
                                                    (TODAY, TODAY - DAY, "due_on")])
def test_loan_dates_are_refused_by_field(office, lent_on, due_on, field):
    key = device(office)
    with pytest.raises(InvalidInput) as refused:
        media_loans.lend_medium(device=key, borrower=office.reader, lent_on=lent_on, due_on=due_on, by=office.clerk,
                                reason="Lend")
    assert field in refused.value.errors


def test_a_computer_is_not_lent_and_only_a_clerk_lends(office):
    computer = device(office, kind="computer", asset="PC-1")
    with pytest.raises(InvalidState, match="Only a removable storage medium"):
        media_loans.lend_medium(device=computer, borrower=office.reader, lent_on=TODAY, due_on=TODAY, by=office.clerk,
                                reason="Lend")
    with pytest.raises(NotPermitted):
        media_loans.lend_medium(device=device(office), borrower=office.reader, lent_on=TODAY, due_on=TODAY,
                                by=office.leader, reason="Lend")


def test_an_incomplete_return_needs_a_note(client, office):
    key = device(office)
    media_loans.lend_medium(device=key, borrower=office.reader, lent_on=TODAY, due_on=TODAY, by=office.clerk,
                            reason="Lend")
    signed_in(client, office.clerk)
    refused = client.post(reverse("carriers:take_back", args=[key.pk]), {
        "returned_on": TODAY.isoformat(), "complete": "no", "note": "", "reason": "Back"}, follow=True).content.decode()
    assert "Write down what was missing or wrong on return." in refused
    assert MediumLoan.objects.get().returned_on is None
    client.post(reverse("carriers:take_back", args=[key.pk]), {
        "returned_on": TODAY.isoformat(), "complete": "no", "note": "Cap missing", "reason": "Back"})
    assert MediumLoan.objects.get().return_note == "Cap missing"


def test_overdue_loans_are_listed_as_overdue(client, office):
    key, other = device(office), device(office, asset="U-0002")
    media_loans.lend_medium(device=key, borrower=office.reader, lent_on=TODAY - 10 * DAY, due_on=TODAY - 2 * DAY,
                            by=office.clerk, reason="Lend")
    media_loans.lend_medium(device=other, borrower=office.reader2, lent_on=TODAY, due_on=TODAY + DAY, by=office.clerk,
                            reason="Lend")
    signed_in(client, office.leader)
    page = client.get(reverse("carriers:loans"), {"overdue": "1"}).content.decode()
    assert "U-0001" in page and "U-0002" not in page and "Overdue" in page
    assert "U-0002" in client.get(reverse("carriers:loans")).content.decode()


def test_the_device_page_lends_through_the_form(client, office):
    key = device(office)
    signed_in(client, office.clerk)
    page = client.get(reverse("carriers:detail", args=[key.pk])).content.decode()
    assert 'id="lend"' in page and "Never lent." in page
    client.post(reverse("carriers:lend", args=[key.pk]), {
        "borrower": office.reader.pk, "lent_on": TODAY.isoformat(), "due_on": (TODAY + DAY).isoformat(),
        "reason": "Lend"})
    page = client.get(reverse("carriers:detail", args=[key.pk])).content.decode()
    assert MediumLoan.objects.get().borrower == office.reader
    assert 'id="return"' in page and 'id="lend"' not in page


# Erasing a copy from a medium -----------------------------------------------------------------------------------


def test_erasing_a_copy_is_confirmed_then_recorded_and_the_copy_may_be_stored_again(client, office):
    key = device(office)
    document = DocumentFactory(registry=office.registry, by=office.clerk, level=Level.SECRET, medium=Medium.ELECTRONIC)
    copy = document.copies.first()
    carried = services.load_copy(device=key, copy=copy, by=office.clerk, reason="Stored")
    signed_in(client, office.clerk)
    url = reverse("carriers:erase", args=[carried.pk])
    assert "This is not undone" in client.post(url, {"reason": "No longer needed"}).content.decode()
    assert CarriedCopy.objects.get().erased_at is None

    client.post(url, {"reason": "No longer needed", "confirm": "1"})
    carried.refresh_from_db()
    assert carried.erased_by == office.clerk
    assert carried.history.order_by("-history_date").first().history_change_reason == "No longer needed"
    assert not live_carried_copies(office.clerk, key).exists()
    with pytest.raises(InvalidState, match="was erased"):
        services.erase_copy(carried=carried, by=office.clerk, reason="Again")
    assert services.load_copy(device=key, copy=copy, by=office.clerk, reason="Stored again").pk != carried.pk


# Non-classified computers -----------------------------------------------------------------------------------------


def open_pc(office, **overrides):
    fields = {"asset_number": "NC-01", "user": office.reader, "location": "Room 205", "network": "internet",
              "network_name": "Telecom line", **overrides}
    return open_computers.register_computer(unit=office.unit, by=office.clerk, reason="Registered", **fields)


def test_a_non_classified_computer_is_registered_corrected_and_withdrawn(client, office):
    signed_in(client, office.clerk)
    response = client.post(reverse("carriers:open_computers"), {
        "unit": office.unit.pk, "asset_number": "NC-01", "user": office.reader.pk, "location": "Room 205",
        "network": "internet", "network_name": "", "reason": "Registered"}, follow=True)
    computer = OpenComputer.objects.get()
    assert response.redirect_chain[-1][0] == reverse("carriers:open_computer", args=[computer.pk])
    open_computers.correct_computer(computer=computer, by=office.clerk, reason="Moved", location="Room 206")
    url = reverse("carriers:withdraw_open_computer", args=[computer.pk])
    assert "This is not undone" in client.post(url, {"reason": "Scrapped"}).content.decode()
    client.post(url, {"reason": "Scrapped", "confirm": "1"})
    computer.refresh_from_db()
    assert (computer.location, computer.withdrawn_on) == ("Room 206", TODAY)
    page = client.get(reverse("carriers:open_computer", args=[computer.pk])).content.decode()
    assert 'id="correct"' not in page and "Moved" in page


def test_a_non_classified_computer_never_bears_a_classified_devices_number(office):
    device(office, kind="computer", asset="PC-1")
    with pytest.raises(InvalidInput) as refused:
        open_pc(office, asset_number="PC-1")
    assert "classified device" in refused.value.errors["asset_number"][0]
    open_pc(office)
    with pytest.raises(InvalidInput) as refused:
        open_pc(office)
    assert "asset_number" in refused.value.errors
    with pytest.raises(NotPermitted):
        open_computers.register_computer(unit=office.unit, by=office.inspector, reason="x", asset_number="NC-9",
                                         user=office.reader, location="x", network="internet")


def test_empty_lists_say_so(client, office):
    signed_in(client, office.inspector)
    assert "No check recorded yet." in client.get(reverse("carriers:checks")).content.decode()
    assert "No loan of a medium recorded." in client.get(reverse("carriers:loans")).content.decode()
    page = client.get(reverse("carriers:open_computers")).content.decode()
    assert "No non-classified computer is registered." in page and 'id="register-computer"' not in page


# Scope ----------------------------------------------------------------------------------------------------------------


def test_out_of_the_unit_it_is_404_everywhere(client, office, other_unit):
    computer = device(office, kind="computer", asset="PC-1")
    check = internet_found(office, computer)
    key = device(office, asset="U-1")
    loan = media_loans.lend_medium(device=key, borrower=office.reader, lent_on=TODAY, due_on=TODAY, by=office.clerk,
                                   reason="Lend")
    pc = open_pc(office)
    signed_in(client, other_unit.clerk)
    assert client.get(reverse("carriers:open_computer", args=[pc.pk])).status_code == 404
    for api in (f"/api/v1/device-checks/{check.pk}/", f"/api/v1/medium-loans/{loan.pk}/",
                f"/api/v1/non-classified-computers/{pc.pk}/"):
        assert client.get(api).status_code == 404
    for api in ("/api/v1/device-checks/", "/api/v1/medium-loans/", "/api/v1/non-classified-computers/"):
        assert client.get(api).json()["results"] == []
    assert client.post(reverse("carriers:record_check", args=[computer.pk]), {}).status_code == 404
    assert client.post(reverse("carriers:lend", args=[key.pk]), {}).status_code == 404
    for name in ("carriers:print_checks", "carriers:print_loans", "carriers:print_open_computers"):
        assert client.post(reverse(name, args=[office.unit.pk])).status_code == 404
    assert "PC-1" not in client.get(reverse("carriers:checks")).content.decode()


def test_a_custodian_without_a_role_in_the_register_takes_no_step_and_a_plain_reader_sees_no_list(client, office):
    key = device(office, custodian=office.reader)
    signed_in(client, office.reader)
    assert client.get(reverse("carriers:detail", args=[key.pk])).status_code == 200
    assert client.post(reverse("carriers:record_check", args=[key.pk]), {}).status_code == 404
    assert client.get(reverse("carriers:checks")).status_code == 404
    assert client.get(reverse("carriers:open_computers")).status_code == 404


def test_the_api_exposes_the_failed_points(client, office):
    check = internet_found(office, device(office, kind="computer", asset="PC-1"))
    answer = signed_in(client, office.inspector).get(f"/api/v1/device-checks/{check.pk}/").json()
    assert (answer["failed_points"], answer["result"], answer["internet_sound"]) == (["internet"], "problem", False)


# Prints -------------------------------------------------------------------------------------------------------------


def test_the_prints_carry_the_checks_loans_and_non_classified_computers(client, office):
    internet_found(office, device(office, kind="computer", asset="PC-1"))
    key = device(office, asset="U-1")
    media_loans.lend_medium(device=key, borrower=office.reader, lent_on=TODAY - 5 * DAY, due_on=TODAY - DAY,
                            by=office.clerk, reason="Lend")
    open_pc(office)
    signed_in(client, office.inspector)

    def printed(name):
        return flat("".join(page_texts(client.post(reverse(name, args=[office.unit.pk])).content)))

    checks = printed("carriers:print_checks")
    assert "PC-1" in checks and "ConnectedtotheInternet" in checks and flat("Cable to the Internet switch") in checks
    loans = printed("carriers:print_loans")
    assert "U-1" in loans and "Overdue" in loans and (TODAY - DAY).isoformat() in loans
    assert "NC-01" in printed("carriers:print_open_computers")
    assert sorted(PrintRecord.objects.values_list("kind", flat=True)) == [
        "device_check_register", "medium_loan_register", "open_computer_register"]


# Key department (item 5) ------------------------------------------------------------------------------------------


def test_the_device_and_personnel_registers_mark_a_key_department(client, office):
    Unit.objects.filter(pk=office.unit.pk).update(is_key_department=True)
    device(office)
    signed_in(client, office.clerk)
    assert "Key department" in client.get(reverse("carriers:list")).content.decode()
    assert 'id="key-department"' in client.get(reverse("people:unit", args=[office.unit.pk])).content.decode()
    printed = client.post(reverse("carriers:print_register", args=[office.unit.pk]))
    assert "Keydepartment" in flat("".join(page_texts(printed.content)))
    printed = client.post(reverse("people:print_register", args=[office.unit.pk]))
    assert "keydepartment" in flat("".join(page_texts(printed.content)))


# Summary --------------------------------------------------------------------------------------------------------------


def test_the_annual_summary_counts_the_checks_the_loans_and_the_non_classified_computers(office):
    computer = device(office, kind="computer", asset="PC-1")
    periodic_checks.record_check(device=computer, by=office.clerk, checked_on=TODAY, result="ok", reason="Check")
    internet_found(office, computer)
    key = device(office, asset="U-1")
    media_loans.lend_medium(device=key, borrower=office.reader, lent_on=TODAY, due_on=TODAY, by=office.clerk,
                            reason="Lend")
    media_loans.return_medium(device=key, returned_on=TODAY, complete=True, by=office.clerk, reason="Back")
    media_loans.lend_medium(device=key, borrower=office.reader2, lent_on=TODAY, due_on=TODAY, by=office.clerk,
                            reason="Lend")
    open_pc(office)
    year = TODAY.year

    with translation.override("en"):
        built = reports.build_report(office.unit, year, annual_summary(office.leader, office.unit, year))
    section = next(section for section in built.sections if section.key == "devices")
    figures = dict(section.figures)
    assert (figures["Periodic checks made"], figures["Checks that found a problem"]) == (2, 1)
    assert (figures["Storage media lent"], figures["Storage media returned"]) == (2, 1)
    assert figures["Non-classified computers registered"] == 1
    assert "2 periodic checks of its devices were made in the year." in section.paragraph
    assert f"PC-1 {TODAY.isoformat()} (Cable to the Internet switch)" in section.paragraph
    assert "Storage media lent in the year: 2, of which returned: 1." in section.paragraph
