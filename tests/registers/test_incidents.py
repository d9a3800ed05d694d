"""The register of incidents: every kind, the 24-hour report to the bureau and the 3-month result, closing, scope.

The clock is frozen (`clock.at(moment)` sets what timezone.now() answers to services, pages and the daily job),
so the deadlines are checked to the hour and the day.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from documents.models import Incident, IncidentKind, PrintRecord
from documents.services.errors import InvalidInput, InvalidState, NotPermitted, SeparationOfDuties
from documents.services.loss import report_loss
from inspections import report as reports
from inspections.claims import no_leak
from inspections.summary import annual_summary
from notifications.jobs import make_notifications
from notifications.models import Kind, Notification
from registers.services import incidents
from tests.factories import PASSWORD, DocumentFactory
from tests.pdf_reading import flat, page_texts

pytestmark = pytest.mark.django_db

START = timezone.make_aware(datetime.datetime(2026, 11, 30, 9, 0))


class Clock:
    def __init__(self, monkeypatch):
        self.monkeypatch = monkeypatch

    def at(self, moment):
        self.monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment


@pytest.fixture
def clock(monkeypatch):
    clock = Clock(monkeypatch)
    clock.at(START)
    return clock


def hours(n):
    return START + datetime.timedelta(hours=n)


def internet(office, by=None, **overrides):
    fields = {"kind": IncidentKind.INTERNET, "circumstances": "BGS-PC-02 的网线接入了互联网交换机 <b>",
              "discovered_at": START, "source": "Device check of BGS-PC-02", **overrides}
    return incidents.open_incident(unit=office.unit, by=by or office.clerk, reason="Found at the device check", **fields)


def signed_in(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_a_clerk_enters_an_incident_and_the_page_shows_the_24_hours_running(client, office, clock):
    page = signed_in(client, office.clerk).post(reverse("registers:incidents"), {
        "unit": office.unit.pk, "kind": "virus", "discovered_at": "2026-11-30T08:00", "circumstances": "U 盘带毒",
        "notified": "", "reason": "Found by the antivirus scan",
    }, follow=True).content.decode()
    incident = Incident.objects.get()
    assert (incident.kind, incident.unit, incident.copy, incident.reported_by) == ("virus", office.unit, None, office.clerk)
    assert "due 2026-12-01 08:00, 23 hours left" in page and "Found by the antivirus scan" in page
    clock.at(hours(25))
    listed = signed_in(client, office.clerk).get(reverse("registers:incidents")).content.decode()
    assert "overdue by 2 hours" in listed and "due 2027-02-28, 89 days left" in listed


def test_the_report_to_the_bureau_within_24_hours_is_in_time_and_after_is_late(office, clock):
    first, second = internet(office), internet(office, kind=IncidentKind.TALK)
    clock.at(hours(24))
    incidents.report_to_bureau(incident=first, by=office.leader, reason="Reported", reported_at=hours(24),
                               report="City bureau, by phone")
    clock.at(hours(30))
    incidents.report_to_bureau(incident=second, by=office.clerk, reason="Reported", reported_at=hours(24, ) +
                               datetime.timedelta(minutes=1), report="City bureau, by phone")
    first.refresh_from_db(), second.refresh_from_db()
    assert incidents.bureau_clock(first).state == "done_in_time"
    assert incidents.bureau_clock(second).state == "done_late"
    with pytest.raises(InvalidState, match="was reported to the secrecy bureau"):
        incidents.report_to_bureau(incident=first, by=office.clerk, reason="Again", reported_at=hours(30), report="x")


def test_bad_moments_and_missing_words_are_refused_on_their_fields_and_nothing_is_written(office, clock):
    for overrides, field in ((dict(discovered_at=hours(1)), "discovered_at"), (dict(discovered_at=None), "discovered_at"),
                             (dict(occurred_at=hours(1)), "occurred_at"), (dict(circumstances="\u200b"), "circumstances"),
                             (dict(kind=IncidentKind.LOST_COPY), "kind"), (dict(kind="rumour"), "kind")):
        with pytest.raises(InvalidInput) as refused:
            internet(office, **overrides)
        assert field in refused.value.errors, overrides
    assert not Incident.objects.exists()
    incident = internet(office)
    for moment, field in ((hours(-1), "reported_at"), (hours(1), "reported_at")):
        with pytest.raises(InvalidInput) as refused:
            incidents.report_to_bureau(incident=incident, by=office.clerk, reason="r", reported_at=moment, report="Bureau")
        assert field in refused.value.errors
    with pytest.raises(InvalidInput) as refused:
        incidents.report_to_bureau(incident=incident, by=office.clerk, reason="r", reported_at=START, report=" ")
    assert "report" in refused.value.errors
    incident.refresh_from_db()
    assert incident.bureau_reported_at is None and incident.history.count() == 1


def test_the_result_is_due_3_months_after_the_discovery_and_overdue_the_day_after(office, clock):
    incident = internet(office)
    assert incidents.result_due(incident) == datetime.date(2027, 2, 28)  # 30 November + 3 months, the month's last day
    clock.at(timezone.make_aware(datetime.datetime(2027, 2, 28, 23, 0)))
    assert incidents.result_clock(incident).state == "running"
    assert not Incident.objects.filter(incidents.result_overdue()).exists()
    clock.at(timezone.make_aware(datetime.datetime(2027, 3, 1, 8, 0)))
    assert incidents.result_clock(incident).state == "overdue"
    assert Incident.objects.filter(incidents.result_overdue()).get() == incident
    incidents.record_result(incident=incident, by=office.leader, reason="Concluded", result="Cable plugged in by a visitor",
                            concluded_on=datetime.date(2027, 3, 1), held_responsible="The custodian: written criticism")
    incident.refresh_from_db()
    assert incidents.result_clock(incident).state == "done_late"
    with pytest.raises(InvalidState, match="further actions are follow-up"):
        incidents.record_result(incident=incident, by=office.leader, reason="r", result="x", concluded_on=None)


def test_a_result_is_not_dated_before_the_discovery_or_in_the_future(office, clock):
    incident = internet(office)
    for day in (datetime.date(2026, 11, 29), datetime.date(2026, 12, 1), None):
        with pytest.raises(InvalidInput) as refused:
            incidents.record_result(incident=incident, by=office.clerk, reason="r", result="Found", concluded_on=day)
        assert "concluded_on" in refused.value.errors
    assert Incident.objects.get().result_on is None


def test_only_the_units_office_keeps_it_and_a_leader_who_did_not_report_it_closes_it(client, office, other_unit, clock):
    for person in (office.reader, other_unit.clerk):
        with pytest.raises(NotPermitted):
            internet(office, by=person)
    by_inspector = internet(office, by=office.inspector)  # inspections find incidents too
    with pytest.raises(NotPermitted):
        incidents.report_to_bureau(incident=by_inspector, by=office.inspector, reason="r", reported_at=START, report="B")
    incident = internet(office, by=office.leader)
    for person, refusal in ((office.leader, SeparationOfDuties), (office.clerk, NotPermitted)):
        with pytest.raises(refusal):
            incidents.close_incident(incident=incident, by=person, reason="Done", closing_note="Done")

    from tests.factories import member
    from people.roles import Role

    other_leader = member(office.unit, Role.LEADER, username="leader2")
    signed_in(client, other_leader)
    url = reverse("registers:close_incident", args=[incident.pk])
    asked = client.post(url, {"close-closing_note": "Network port sealed", "close-reason": "Closed"}).content.decode()
    assert "A closed incident is no longer changed" in asked and Incident.objects.get(pk=incident.pk).is_open
    client.post(url, {"close-closing_note": "Network port sealed", "close-reason": "Closed", "confirm": "1"})
    incident.refresh_from_db()
    assert (incident.status, incident.closed_by, incident.result, incident.result_on) == (
        "closed", other_leader, "Network port sealed", START.date())
    page = client.get(reverse("registers:incident", args=[incident.pk])).content.decode()
    assert 'id="report-to-bureau"' not in page and 'id="close"' not in page and "Network port sealed" in page
    with pytest.raises(InvalidState, match="closed"):
        incidents.record_follow_up(incident=incident, by=office.clerk, reason="r", action="More")


def test_out_of_the_unit_or_without_a_role_it_is_404_everywhere(client, office, other_unit, clock):
    incident = internet(office)
    for person in (other_unit.clerk, office.reader):
        signed_in(client, person)
        assert client.get(reverse("registers:incident", args=[incident.pk])).status_code == 404
        assert client.post(reverse("registers:report_incident_to_bureau", args=[incident.pk])).status_code == 404
        assert client.get(f"/api/v1/incidents/{incident.pk}/").status_code == 404
        assert client.post(reverse("registers:print_incidents", args=[office.unit.pk])).status_code == 404
    assert client.get(reverse("registers:incidents")).status_code == 404  # the reader keeps no register
    signed_in(client, other_unit.clerk)
    assert client.get("/api/v1/incidents/").json()["results"] == []


def test_an_inspector_reads_the_register_and_is_offered_no_step(client, office, clock):
    incident = internet(office)
    page = signed_in(client, office.inspector).get(reverse("registers:incident", args=[incident.pk])).content.decode()
    assert "BGS-PC-02 的网线接入了互联网交换机 &lt;b&gt;" in page and "Device check of BGS-PC-02" in page
    assert 'id="report-to-bureau"' not in page and 'id="record-result"' not in page and 'id="close"' not in page
    page = client.post(reverse("registers:report_incident_to_bureau", args=[incident.pk]), {
        "bureau-reported_at": "2026-11-30T09:00", "bureau-report": "Bureau", "bureau-reason": "r"}).content.decode()
    assert "keeps its register of incidents" in page and Incident.objects.get().bureau_reported_at is None


def test_a_lost_copy_is_one_kind_of_the_register_and_its_close_records_the_result(client, office, clock):
    document = DocumentFactory(registry=office.registry, by=office.clerk, scope_users=[office.leader])
    loss = report_loss(copy=document.copies.get(number=1), by=office.clerk, reason="Missing",
                       circumstances="Not in the safe")
    assert (loss.kind, loss.unit, loss.discovered_at) == (IncidentKind.LOST_COPY, office.unit, START)
    listed = signed_in(client, office.leader).get(reverse("registers:incidents")).content.decode()
    assert "Lost copy" in listed and document.copies.get(number=1).label in listed
    incidents.close_incident(incident=loss, by=office.leader, reason="Closed", closing_note="Shredded by mistake")
    loss.refresh_from_db()
    assert (loss.result, loss.result_on) == ("Shredded by mistake", START.date())


def test_an_overdue_report_is_flagged_on_the_leaders_home_and_told_by_the_daily_job(client, office, other_unit, clock):
    incident = internet(office)
    clock.at(hours(23))
    make_notifications(now=hours(23))
    assert not Notification.objects.filter(kind=Kind.INCIDENT_OVERDUE).exists()
    assert 'id="overdue-incidents"' not in signed_in(client, office.leader).get("/").content.decode()

    clock.at(hours(26))
    make_notifications(now=hours(26))
    signed_in(client, office.leader)
    told = set(Notification.objects.current().filter(kind=Kind.INCIDENT_OVERDUE).values_list("user__username", flat=True))
    assert told == {office.clerk.username, office.leader.username}
    home = client.get("/").content.decode()
    assert 'id="overdue-incidents"' in home and "overdue by 2 hours" in home
    shown = client.get(reverse("notifications:list")).content.decode()
    assert "was not reported to the secrecy bureau within 24 hours" in shown

    incidents.report_to_bureau(incident=incident, by=office.clerk, reason="Late", reported_at=hours(26), report="Bureau")
    make_notifications(now=hours(27))
    assert not Notification.objects.current().filter(kind=Kind.INCIDENT_OVERDUE).exists()
    assert 'id="overdue-incidents"' not in client.get("/").content.decode()


def test_the_register_prints_each_incident_with_its_deadlines(client, office, clock):
    incident = internet(office)
    incidents.report_to_bureau(incident=incident, by=office.clerk, reason="r", reported_at=hours(0), report="Bureau")
    clock.at(hours(2))
    response = signed_in(client, office.inspector).post(reverse("registers:print_incidents", args=[office.unit.pk]))
    text = flat("".join(page_texts(response.content)))
    assert flat("Classified computer connected to the Internet") in text and "BGS-PC-02" in text
    assert "2026-11-3009:00" in text and "intime" in text and flat("due 2027-02-28, 90 days left") in text
    assert (PrintRecord.objects.get().kind, PrintRecord.objects.get().row_count) == ("incident_register", 1)


def test_the_api_gives_each_incident_with_where_its_deadlines_stand(client, office, clock):
    incident = internet(office)
    clock.at(hours(25))
    body = signed_in(client, office.inspector).get(f"/api/v1/incidents/{incident.pk}/").json()
    assert (body["kind"], body["unit"], body["copy"], body["source"]) == ("internet", office.unit.name, None,
                                                                          "Device check of BGS-PC-02")
    assert (body["bureau_state"], body["result_due"], body["result_state"]) == ("overdue", "2027-02-28", "running")
    assert len(client.get("/api/v1/incidents/").json()["results"]) == 1


def test_the_summary_counts_the_register_and_says_no_leak_only_when_true(office, clock):
    year = START.year
    assert no_leak(office.unit, year).holds
    violation = internet(office, kind=IncidentKind.PROCEDURE, circumstances="Copy left on a desk overnight")
    assert no_leak(office.unit, year).holds  # a breach of procedure let nothing out
    leak = internet(office)
    clock.at(hours(30))
    incidents.report_to_bureau(incident=leak, by=office.clerk, reason="r", reported_at=hours(1), report="Bureau")
    incidents.report_to_bureau(incident=violation, by=office.clerk, reason="r", reported_at=hours(29), report="Bureau")
    incidents.record_result(incident=violation, by=office.clerk, reason="r", result="Retrained",
                            concluded_on=START.date())

    with translation.override("en"):
        built = reports.build_report(office.unit, year, annual_summary(office.leader, office.unit, year))
    section = next(section for section in built.sections if section.key == "incidents")
    assert dict(section.figures) == {
        "Incidents discovered this year": 2,
        "Incidents discovered this year · Classified computer connected to the Internet": 1,
        "Incidents discovered this year · Violation of procedure": 1,
        "Reported to the secrecy bureau within 24 hours": 1, "Reported late": 1, "Not reported": 0,
        "Investigations concluded within 3 months": 1, "Investigations concluded late": 0, "Results overdue": 0,
        "Closed": 0,
    }
    assert section.paragraph.startswith("2 incidents were discovered this year (Classified computer connected to the "
                                        "Internet: 1, Violation of procedure: 1). 1 reported to the secrecy bureau")
    claim = section.claims[0]
    assert not claim.holds and "1 incident that may have let secrets out" in claim.failures[0].sentence
    late = next(figure for figure in section.figures if figure.label == "Reported late")
    from inspections.rows import ROW_SETS

    assert list(ROW_SETS[late.rows].rows(office.unit, year, **late.params)) == [violation]
