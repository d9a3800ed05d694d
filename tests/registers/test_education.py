"""Education and publicity: events entered once held, attendance taken among the unit's people, read by inspectors;
the training records of before became attendance, and the summary and its claim read attendance."""

import datetime
import importlib
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone, translation

from documents.models import PrintRecord
from documents.services.errors import InvalidInput, InvalidState, NotPermitted
from inspections import report as reports
from inspections.rows import ROW_SETS
from inspections.summary import annual_summary
from people.names import person_name
from people.services.personnel import record_person
from registers.models import Attendance, EducationEvent
from registers.services import education
from tests.factories import PASSWORD, attended, member
from tests.pdf_reading import flat, page_texts

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YEAR = TODAY.year


def signed_in(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def session(office, by=None, **overrides):
    fields = {"kind": "study", "name": "保密法学习", "organiser": "办公室", "held_on": TODAY, "hours": Decimal("2"),
              **overrides}
    return education.enter_event(unit=office.unit, by=by or office.clerk, reason="Held", **fields)


def test_a_clerk_enters_an_event_and_takes_its_attendance_through_the_pages(client, office, other_unit):
    signed_in(client, office.clerk)
    response = client.post(reverse("registers:education"), {
        "unit": office.unit.pk, "kind": "bureau_course", "name": "保密员培训班", "organiser": "市国家保密局",
        "held_on": TODAY.isoformat(), "hours": "16", "reason": "Course attended",
    }, follow=True)
    event = EducationEvent.objects.get()
    assert response.redirect_chain[-1][0] == reverse("registers:education_event", args=[event.pk])
    assert "No attendance taken yet." in response.content.decode()

    found = client.get(reverse("registers:education_event_people", args=[event.pk]), {"q": "r"}).content.decode()
    assert office.reader.username in found and other_unit.reader.username not in found
    url = reverse("registers:take_attendance", args=[event.pk])
    client.post(url, {"person": office.reader.pk, "present": "present", "certificate": "BMJ-0417", "reason": "Roll call"})
    page = client.post(url, {"person": office.reader2.pk, "present": "absent", "reason": "Roll call"},
                       follow=True).content.decode()

    lines = {line.person: (line.present, line.certificate) for line in Attendance.objects.all()}
    assert lines == {office.reader: (True, "BMJ-0417"), office.reader2: (False, "")}
    assert "BMJ-0417" in page and "Absent" in page and "1 of 2 people present" in page
    assert Attendance.objects.get(person=office.reader).history.get().history_change_reason == "Roll call"


def test_taking_a_persons_attendance_again_corrects_their_line(office):
    event = session(office)
    education.take_attendance(event=event, by=office.clerk, person=office.reader, present=False, reason="Roll call")
    education.take_attendance(event=event, by=office.clerk, person=office.reader, present=True, reason="Came late")

    line = Attendance.objects.get()
    assert line.present and line.history.count() == 2
    with pytest.raises(InvalidInput, match="already reads so"):
        education.take_attendance(event=event, by=office.clerk, person=office.reader, present=True, reason="Again")


def test_bad_event_input_is_a_message_on_the_form_and_nothing_is_written(client, office):
    signed_in(client, office.clerk)
    response = client.post(reverse("registers:education"), {
        "unit": office.unit.pk, "kind": "study", "name": "\u200b", "organiser": "\u200b",
        "held_on": TODAY.isoformat(), "hours": "2", "reason": "Held",
    })
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"name", "organiser"} <= set(errors)
    response = client.post(reverse("registers:education"), {
        "unit": office.unit.pk, "kind": "study", "name": "学习", "organiser": "办公室",
        "held_on": (TODAY + datetime.timedelta(days=1)).isoformat(), "hours": "0", "reason": "Held",
    })
    errors = response.context["form"].errors
    assert "cannot be after today" in errors["held_on"][0] and "between 0.5 and 200" in errors["hours"][0]
    assert not EducationEvent.objects.exists()
    # A journal subscription takes nobody's hours.
    assert session(office, kind="journal", name="《保密工作》", hours=Decimal("0")).hours == 0


def test_attendance_is_taken_among_the_active_people_of_the_unit_and_only_the_present_get_certificates(office,
                                                                                                   other_unit):
    event = session(office)
    gone = member(office.unit, "reader", username="gone")
    gone.is_active = False
    gone.save()
    for person in (other_unit.reader, gone):
        with pytest.raises(InvalidInput) as refused:
            education.take_attendance(event=event, by=office.clerk, person=person, present=True, reason="Roll call")
        assert "person" in refused.value.errors
    with pytest.raises(InvalidInput) as refused:
        education.take_attendance(event=event, by=office.clerk, person=office.reader, present=False,
                                  certificate="No. 1", reason="Roll call")
    assert "certificate" in refused.value.errors
    assert not Attendance.objects.exists()


def test_only_keepers_enter_events_and_take_attendance(client, office, other_unit):
    for person in (office.inspector, office.reader, other_unit.clerk):
        with pytest.raises(NotPermitted):
            session(office, by=person)
    event = session(office, by=office.leader)
    with pytest.raises(NotPermitted):
        education.take_attendance(event=event, by=office.inspector, person=office.reader, present=True, reason="x")

    signed_in(client, office.inspector)
    page = client.get(reverse("registers:education_event", args=[event.pk])).content.decode()
    assert 'id="take-attendance"' not in page and 'id="correct"' not in page
    client.post(reverse("registers:take_attendance", args=[event.pk]),
                {"person": office.reader.pk, "present": "present", "reason": "x"})
    assert not Attendance.objects.exists()
    assert 'id="enter-event"' not in client.get(reverse("registers:education")).content.decode()


def test_a_corrected_event_reads_as_corrected_and_a_withdrawn_one_needed_a_confirmation(client, office):
    event = session(office)
    signed_in(client, office.clerk)
    client.post(reverse("registers:education_event", args=[event.pk]), {
        "kind": "warning_film", "name": "警示教育片《迷失》", "organiser": "办公室", "held_on": TODAY.isoformat(),
        "hours": "1.5", "reason": "The film, not a study session",
    })
    event.refresh_from_db()
    assert (event.kind, event.name, event.hours) == ("warning_film", "警示教育片《迷失》", Decimal("1.5"))

    url = reverse("registers:withdraw_education_event", args=[event.pk])
    assert "This is not undone" in client.post(url, {"reason": "Entered twice"}).content.decode()
    assert EducationEvent.objects.get().in_use
    client.post(url, {"reason": "Entered twice", "confirm": "1"})
    event.refresh_from_db()
    assert event.withdrawn_on == TODAY
    with pytest.raises(InvalidState, match="withdrawn"):
        education.take_attendance(event=event, by=office.clerk, person=office.reader, present=True, reason="x")
    page = client.get(reverse("registers:education_event", args=[event.pk])).content.decode()
    assert 'id="take-attendance"' not in page and 'id="correct"' not in page and "The film, not a study session" in page
    assert "警示教育片《迷失》" in client.get(reverse("registers:education")).content.decode()


def test_out_of_the_unit_or_without_a_role_it_is_404_everywhere(client, office, other_unit):
    event = attended(office.reader, unit=office.unit, by=office.clerk)
    for person in (other_unit.clerk, office.reader):
        client.logout()
        signed_in(client, person)
        assert client.get(reverse("registers:education_event", args=[event.pk])).status_code == 404
        assert client.get(f"/api/v1/education/{event.pk}/").status_code == 404
        assert client.post(reverse("registers:print_education", args=[office.unit.pk])).status_code == 404
        assert client.get(reverse("registers:education_event_people", args=[event.pk]), {"q": "r"}).status_code == 404
        assert client.post(reverse("registers:take_attendance", args=[event.pk]), {}).status_code == 404
    assert client.get(reverse("registers:education")).status_code == 404
    client.logout()
    signed_in(client, other_unit.clerk)
    assert client.get("/api/v1/education/").json()["results"] == []


def test_the_api_gives_the_events_with_their_attendance(client, office):
    attended(office.reader, unit=office.unit, by=office.clerk, hours="3", absent=[office.reader2])
    answer = signed_in(client, office.inspector).get("/api/v1/education/").json()["results"]
    assert [(row["name"], row["hours"]) for row in answer] == [("保密法培训", "3.0")]
    assert sorted((line["person"], line["present"], line["hours_attended"]) for line in answer[0]["attendances"]) == [
        ("reader", True, "3.0"), ("reader2", False, "0.0")]


def test_the_register_prints_each_event_with_who_was_present_and_absent(client, office):
    event = attended(office.reader, unit=office.unit, by=office.clerk, name="保密法培训", absent=[office.reader2])
    education.take_attendance(event=event, by=office.clerk, person=office.clerk, present=True, certificate="BMJ-9",
                              reason="Roll call")
    response = signed_in(client, office.inspector).post(reverse("registers:print_education", args=[office.unit.pk]))
    text = flat("".join(page_texts(response.content)))
    assert "保密法培训" in text and "Studysession" in text and TODAY.isoformat() in text
    assert flat(f"{office.clerk.get_full_name()} (BMJ-9)") in text and flat(office.reader2.get_full_name()) in text
    assert (PrintRecord.objects.get().kind, PrintRecord.objects.get().row_count) == ("education_register", 1)


def test_the_list_gives_the_attendance_rate_by_unit_and_by_post(client, office):
    record_person(user=office.leader, by=office.clerk, reason="Post", post_level="core", commitment_signed_on=TODAY)
    attended(office.leader, office.reader, unit=office.unit, by=office.clerk, absent=[office.reader2])
    rates = signed_in(client, office.clerk).get(reverse("registers:education")).context["rates"]
    assert [(row["event__unit__name"], row["present"], row["recorded"], row["rate"]) for row in rates["by_unit"]] == [
        ("General Office", 2, 3, 67)]
    assert {row["post"]: (row["present"], row["recorded"]) for row in rates["by_post"]} == {
        "core": (1, 1), "general": (1, 2)}


def _training_section(office):
    with translation.override("en"):
        built = reports.build_report(office.unit, YEAR, annual_summary(office.leader, office.unit, YEAR))
    return next(section for section in built.sections if section.key == "training")


def test_the_summary_counts_events_by_kind_hours_and_attendance_by_post_and_the_claim_names_the_absent(office):
    record_person(user=office.leader, by=office.clerk, reason="Post", post_level="core", commitment_signed_on=TODAY)
    everyone = [office.clerk, office.leader, office.reader, office.inspector, office.administrator]
    attended(*everyone, unit=office.unit, by=office.clerk, hours=4, absent=[office.reader2])
    attended(office.clerk, unit=office.unit, by=office.clerk, name="警示教育片", kind="warning_film", hours="1.5")
    attended(office.clerk, unit=office.unit, by=office.clerk, name="Last year", held_on=datetime.date(YEAR - 1, 3, 1))

    section = _training_section(office)
    figures = dict(section.figures)
    assert figures["Education and publicity events"] == 2
    assert figures["Study session"] == 1 and figures["Warning-education film"] == 1
    assert figures["Hours of the events"] == Decimal("5.5")
    assert figures["Attendance taken"] == 7 and figures["Present"] == 6
    assert figures["Attendance rate · Core secret-related post"] == "1 of 1 (100%)"
    assert figures["Attendance rate · General secret-related post"] == "5 of 6 (83%)"
    assert "The unit held 2 education and publicity events: Study session 1, Warning-education film 1" in section.paragraph
    for figure in section.figures:
        if figure.counts_rows:
            assert ROW_SETS[figure.rows].rows(office.unit, YEAR, **figure.params).count() == figure.value
    claim = section.claims[0]
    assert [failure.rows for failure in claim.failures] == [[person_name(office.reader2)]]


def test_the_claim_that_everyone_was_trained_holds_once_everyone_was_present(office):
    event = attended(office.clerk, office.leader, office.reader, office.inspector, office.administrator,
                     unit=office.unit, by=office.clerk, absent=[office.reader2])
    assert _training_section(office).claims[0].failures
    education.take_attendance(event=event, by=office.clerk, person=office.reader2, present=True, reason="Was there")
    assert _training_section(office).claims[0].failures == []


def test_a_withdrawn_event_no_longer_trains_anyone(office):
    event = attended(office.clerk, office.leader, office.reader, office.reader2, office.inspector, office.administrator,
                     unit=office.unit, by=office.clerk)
    assert _training_section(office).claims[0].failures == []
    education.withdraw_event(event=event, by=office.clerk, reason="Never took place")
    assert len(_training_section(office).claims[0].failures[0].rows) == 6


# --- The migration: training records become attendance ---------------------------------------------------------


def test_the_migration_makes_each_training_record_a_present_attendance_grouped_by_course_and_date(office, other_unit):
    """The migration's step, run in the historical state it runs in (MigrationExecutor's loader), over old records."""
    from people.selectors import training_summary

    migration = importlib.import_module("registers.migrations.0005_education")
    apps = MigrationExecutor(connection).loader.project_state(("registers", "0005_education")).apps
    Record = apps.get_model("people", "TrainingRecord")
    march, may = datetime.date(2026, 3, 1), datetime.date(2026, 5, 1)
    given = [(office.reader, march, "4", office.clerk), (office.reader2, march, "4", office.clerk),
             (office.leader, march, "3", office.clerk), (office.reader, may, "2", office.clerk),
             (other_unit.reader, march, "4", other_unit.clerk)]
    records = [Record.objects.create(user_id=user.pk, course="保密法培训", date=day, hours=Decimal(hours),
                                     recorded_by_id=by.pk) for user, day, hours, by in given]

    migration.records_become_attendance(apps, None)

    events = {(event.unit_id, event.held_on): event for event in EducationEvent.objects.all()}
    assert set(events) == {(office.unit.pk, march), (office.unit.pk, may), (other_unit.unit.pk, march)}
    assert {(event.kind, event.name, event.organiser) for event in events.values()} == {("study", "保密法培训", "")}
    assert events[(office.unit.pk, march)].hours == Decimal("4")
    lines = Attendance.objects.select_related("event")
    assert sorted(line.training_record_id for line in lines) == sorted(record.pk for record in records)
    assert all(line.present for line in lines)
    by_record = {line.training_record_id: line for line in lines}
    for record, (user, day, hours, by) in zip(records, given):
        line = by_record[record.pk]
        assert (line.person_id, line.event.held_on, line.hours_attended) == (user.pk, day, Decimal(hours))
        assert line.history.get().history_user_id == by.pk
    assert all(event.history.get().history_type == "+" for event in events.values())
    # Nothing lost: the records stay, and the figures read off attendance are the records' figures.
    assert Record.objects.count() == 5
    summary = training_summary(office.unit, 2026)
    assert (summary.trained_count, summary.total_hours) == (3, Decimal("13"))
