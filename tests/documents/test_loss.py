"""Loss (丢失): reporting a lost copy opens an incident that a leader other than the reporter closes."""

import datetime

import pytest
from django.utils import timezone

from documents.models import CirculationStatus, CopyStatus, Incident, IncidentStatus
from documents.selectors import open_incidents
from documents.services.circulation import approve_circulation, hand_out, propose_circulation
from documents.services.errors import InvalidInput, InvalidState, NotPermitted, SeparationOfDuties
from documents.services.loss import close_incident, record_follow_up, report_loss
from people.names import person_name
from people.roles import Role
from tests.factories import DocumentFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def copy(office):
    document = DocumentFactory(registry=office.registry, by=office.clerk, scope_users=[office.leader, office.reader])
    return document.copies.get(number=1)


def report(copy, by, **overrides):
    fields = {"reason": "Copy missing", "circumstances": "Not in the safe at the evening check.", "notified": "Leader Zhang"}
    fields.update(overrides)
    return report_loss(copy=copy, by=by, **fields)


def circulating(office, copy):
    circulation = propose_circulation(copy=copy, readers=[office.reader], by=office.clerk, reason="For reading")
    approve_circulation(circulation=circulation, by=office.leader, reason="Approved")
    hand_out(circulation=circulation, by=office.clerk, reason="Circulation")
    return circulation


def test_clerk_reports_a_copy_lost_and_an_incident_opens(office, copy):
    when = timezone.now() - datetime.timedelta(hours=3)
    incident = report(copy, office.clerk, occurred_at=when)

    copy.refresh_from_db()
    assert copy.status == CopyStatus.LOST
    assert (incident.status, incident.reported_by, incident.occurred_at) == (IncidentStatus.OPEN, office.clerk, when)
    assert incident.notified == "Leader Zhang"
    assert incident.history.get().history_change_reason == "Copy missing"


def test_reader_holding_the_copy_can_report_it_lost_and_the_round_stops(office, copy):
    circulation = circulating(office, copy)

    report(copy, office.reader)

    copy.refresh_from_db()
    circulation.refresh_from_db()
    assert (copy.status, copy.holder) == (CopyStatus.LOST, None)
    assert circulation.status == CirculationStatus.CANCELLED
    entry = circulation.entries.get()
    assert entry.handed_out_at is not None and entry.returned_at is None


def test_someone_not_holding_the_copy_cannot_report_it(office, copy):
    circulating(office, copy)

    for somebody in (office.reader2, office.leader, office.inspector):
        with pytest.raises(NotPermitted):
            report(copy, somebody)
    copy.refresh_from_db()
    assert copy.status == CopyStatus.OUT
    assert Incident.objects.count() == 0


def test_report_needs_the_circumstances(office, copy):
    with pytest.raises(InvalidInput) as refused:
        report(copy, office.clerk, circumstances=" ")
    assert "circumstances" in refused.value.errors
    copy.refresh_from_db()
    assert copy.status == CopyStatus.IN_REGISTRY


def test_a_lost_copy_cannot_be_reported_twice_or_handed_out(office, copy):
    circulation = propose_circulation(copy=copy, readers=[office.reader], by=office.clerk, reason="For reading")
    approve_circulation(circulation=circulation, by=office.leader, reason="Approved")
    report(copy, office.clerk)

    with pytest.raises(InvalidState):
        report(copy, office.clerk)
    with pytest.raises(InvalidState):
        hand_out(circulation=circulation, by=office.clerk, reason="Circulation")
    with pytest.raises(InvalidState):
        propose_circulation(copy=copy, readers=[office.reader], by=office.clerk, reason="For reading")
    copy.refresh_from_db()
    assert (copy.status, copy.holder) == (CopyStatus.LOST, None)


def test_leader_closes_the_incident_and_it_leaves_the_open_list(office, copy):
    incident = report(copy, office.clerk)
    assert list(open_incidents(office.leader)) == [incident]

    close_incident(incident=incident, by=office.leader, reason="Closed", closing_note="Found shredded by mistake; staff retrained.")

    incident.refresh_from_db()
    assert (incident.status, incident.closed_by) == (IncidentStatus.CLOSED, office.leader)
    assert incident.closing_note.startswith("Found shredded")
    assert list(open_incidents(office.leader)) == []


def test_reporter_cannot_close_their_own_incident(office, copy):
    both = member(office.unit, Role.LEADER, username="clerk")  # the clerk also holds a leader's role
    incident = report(copy, both)

    with pytest.raises(SeparationOfDuties):
        close_incident(incident=incident, by=both, reason="Closed", closing_note="Nothing to add")
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.OPEN


def test_only_a_leader_can_close_an_incident(office, copy):
    incident = report(copy, office.clerk)

    for somebody in (office.reader, office.inspector):
        with pytest.raises(NotPermitted):
            close_incident(incident=incident, by=somebody, reason="Closed", closing_note="Done")
    assert Incident.objects.get().status == IncidentStatus.OPEN


def test_follow_up_is_appended_dated_and_signed_and_closed_incidents_do_not_change(office, copy):
    incident = report(copy, office.clerk)
    record_follow_up(incident=incident, by=office.clerk, reason="Follow-up", action="Searched the archive room.")
    record_follow_up(incident=incident, by=office.leader, reason="Follow-up", action="Told the secrecy bureau.", notified="Municipal Secrecy Bureau")

    incident.refresh_from_db()
    lines = incident.follow_up.splitlines()
    assert len(lines) == 2
    assert lines[0].endswith(f"{person_name(office.clerk)}: Searched the archive room.")
    assert "Municipal Secrecy Bureau" in incident.notified
    assert incident.history.count() == 3

    close_incident(incident=incident, by=office.leader, reason="Closed", closing_note="Reported upward.")
    with pytest.raises(InvalidState):
        record_follow_up(incident=incident, by=office.clerk, reason="Follow-up", action="More")


def test_open_incidents_are_hidden_outside_the_scope(office, other_unit, copy):
    report(copy, office.clerk)

    assert open_incidents(other_unit.clerk).count() == 0
    assert open_incidents(office.reader2).count() == 0
    assert open_incidents(office.inspector).count() == 1
