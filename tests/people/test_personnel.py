"""Secret-related personnel: records, training, and departures that wait for every copy to come back."""

import datetime
from decimal import Decimal

import pytest

from documents.services.errors import InvalidInput, InvalidState, MissingReason, NotPermitted, SeparationOfDuties
from people.models import Departure, DepartureStatus, Person
from people.roles import PostLevel, Role
from people.selectors import personnel_register, training_summary
from people.services.personnel import (
    complete_departure,
    record_person,
    start_departure,
)
from tests.archives.conftest import hand_out, take_back
from tests.factories import DocumentFactory, attended, member

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 3, 1)


def start(office, user, *, ends_on=datetime.date(2027, 3, 1), by=None):
    return start_departure(
        user=user, kind="leaving", started_on=START, ends_on=ends_on, by=by or office.clerk, reason="Transferred to another bureau"
    )


def test_a_departing_reader_who_holds_a_copy_is_stopped_until_it_is_returned(office):
    document = DocumentFactory(registry=office.registry, by=office.clerk, scope_users=[office.reader], copies_count=2)
    copy = hand_out(document.copies.get(number=2), to=office.reader, by=office.clerk)
    departure = start(office, office.reader)

    with pytest.raises(InvalidState) as refused:
        complete_departure(departure=departure, by=office.clerk, reason="Hand-back finished")
    assert copy.label in refused.value.message
    assert Departure.objects.get().status == DepartureStatus.STARTED

    take_back(copy, by=office.clerk)
    completed = complete_departure(departure=departure, by=office.clerk, reason="Hand-back finished")

    assert (completed.status, completed.completed_by) == (DepartureStatus.COMPLETED, office.clerk)
    row = completed.history.order_by("-history_id").first()
    assert (row.history_user, row.history_change_reason) == (office.clerk, "Hand-back finished")


def test_copies_out_of_the_clerks_scope_are_counted_not_named(office, other_unit):
    foreign = DocumentFactory(
        registry=other_unit.registry, by=other_unit.clerk, scope_users=[office.reader], copies_count=1, title="财务绝密"
    )
    hand_out(foreign.copies.get(), to=office.reader, by=other_unit.clerk)
    departure = start(office, office.reader)

    with pytest.raises(InvalidState) as refused:
        complete_departure(departure=departure, by=office.clerk, reason="done")

    assert "1 copy kept by registry CWC" in refused.value.message
    assert foreign.registry_number not in refused.value.message


def test_departure_is_started_by_a_clerk_or_administrator_of_the_persons_unit(office, other_unit):
    for outsider in (office.leader, other_unit.clerk):
        with pytest.raises(NotPermitted):
            start(office, office.reader, by=outsider)

    assert start(office, office.reader, by=office.administrator).started_by == office.administrator


def test_nobody_handles_their_own_departure(office):
    with pytest.raises(SeparationOfDuties):
        start(office, office.clerk, by=office.clerk)


def test_one_departure_at_a_time(office):
    start(office, office.reader)

    with pytest.raises(InvalidState, match="already under way"):
        start(office, office.reader)


def test_the_declassification_period_respects_the_post_level(office):
    record_person(user=office.reader, by=office.clerk, reason="set", post_level=PostLevel.CORE, commitment_signed_on=None)

    with pytest.raises(InvalidInput) as error:
        start(office, office.reader, ends_on=datetime.date(2027, 3, 1))
    assert "at least 24 months" in error.value.errors["ends_on"][0]

    assert start(office, office.reader, ends_on=datetime.date(2029, 3, 1)).ends_on == datetime.date(2029, 3, 1)


def test_the_period_must_end_after_it_starts(office):
    with pytest.raises(InvalidInput):
        start(office, office.reader, ends_on=START)


def test_a_completed_departure_cannot_complete_again(office):
    departure = complete_departure(departure=start(office, office.reader), by=office.clerk, reason="done")

    with pytest.raises(InvalidState):
        complete_departure(departure=departure, by=office.clerk, reason="again")


def test_record_person_keeps_post_level_and_commitment_with_history(office):
    # Someone with no personnel record yet (the factory's people have signed already).
    newcomer = member(office.unit, Role.READER, username="newcomer", commitment=False)
    record_person(
        user=newcomer, by=office.clerk, reason="Commitment signed", post_level=PostLevel.IMPORTANT,
        commitment_signed_on=datetime.date(2026, 1, 5),
    )
    record_person(user=newcomer, by=office.clerk, reason="Promoted", post_level=PostLevel.CORE, commitment_signed_on=datetime.date(2026, 1, 5))

    person = Person.objects.get(user=newcomer)
    assert person.post_level == PostLevel.CORE
    assert list(person.history.order_by("history_id").values_list("post_level", "history_change_reason")) == [
        (PostLevel.IMPORTANT, "Commitment signed"),
        (PostLevel.CORE, "Promoted"),
    ]


def test_a_commitment_cannot_be_dated_in_the_future(office):
    with pytest.raises(InvalidInput):
        record_person(
            user=office.reader, by=office.clerk, reason="x", post_level=PostLevel.GENERAL,
            commitment_signed_on=datetime.date.today() + datetime.timedelta(days=3),
        )


def test_training_summary_per_unit_and_year(office, other_unit):
    attended(office.reader, office.reader2, unit=office.unit, by=office.clerk, name="保密法宣传教育",
             held_on=datetime.date(2026, 4, 1), hours="3", absent=[office.leader])
    attended(office.reader, unit=office.unit, by=office.clerk, name="涉密载体管理", held_on=datetime.date(2026, 9, 1),
             hours="2.5")
    attended(office.reader2, unit=office.unit, by=office.clerk, name="Last year's course",
             held_on=datetime.date(2025, 4, 1), hours="8")

    summary = training_summary(office.unit, 2026)

    assert summary.people_count == 6  # the office fixture's six members
    assert summary.trained_count == 2
    assert summary.total_hours == Decimal("8.5")
    assert summary.course_count == 2
    assert office.leader in summary.untrained
    assert training_summary(other_unit.unit, 2026).total_hours == 0


def test_the_personnel_register_is_for_the_units_office_only(office, other_unit):
    start(office, office.reader)

    rows = {row.username: row for row in personnel_register(office.clerk, office.unit)}
    assert set(rows) == {"clerk", "leader", "reader", "reader2", "inspector", "administrator"}
    assert rows["reader"].departure_list[0].status == DepartureStatus.STARTED
    assert personnel_register(office.inspector, office.unit).count() == 6
    assert personnel_register(office.reader, office.unit).count() == 0
    assert personnel_register(other_unit.clerk, office.unit).count() == 0
