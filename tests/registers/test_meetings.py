"""Meetings: secrecy work meetings entered with their attendees, and secret-related meetings whose materials go out to
the attendees and come back through the circulation steps, all or nothing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from documents.models import Circulation, CirculationEntry, Copy, CopyStatus, PrintRecord
from documents.services import bulk, circulation as circulation_steps
from documents.services.errors import InvalidInput, InvalidState, NotPermitted
from inspections import report as reports
from inspections.summary import annual_summary
from people.names import person_name
from people.roles import Role
from people.services.personnel import record_person
from registers.models import Meeting, MeetingAttendee, MeetingCopy
from registers.services import meetings
from tests.factories import PASSWORD, DocumentFactory, member
from tests.pdf_reading import flat, page_texts

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
MISSING = "has no signed confidentiality commitment on file"


def signed_in(client, user):
    client.logout()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def work_meeting(office, by=None, **overrides):
    fields = {"kind": "work", "name": "2026年第一次保密工作会议", "held_on": TODAY, "chaired_by": "王局长",
              "guests": "市保密局 李处长", "topics": "部署年度保密工作", "decisions": "修订保密工作管理制度",
              "attendees": [office.leader, office.clerk], **overrides}
    return meetings.record_meeting(unit=office.unit, by=by or office.clerk, reason="Entered", **fields)


def secret_meeting(office, attendees, **overrides):
    fields = {"kind": "secret", "name": "年度工作部署会", "held_on": TODAY, "chaired_by": "王局长", "guests": "",
              "topics": "传达上级涉密文件", "decisions": "", "attendees": attendees, **overrides}
    return meetings.record_meeting(unit=office.unit, by=office.clerk, reason="Entered", **fields)


@pytest.fixture
def document(office):
    return DocumentFactory(registry=office.registry, by=office.clerk, copies_count=3,
                           scope_users=[office.leader, office.reader, office.reader2])


def handed_out(office, document, attendees=None):
    """A secret-related meeting whose materials went out: prepared, approved by the leader, handed out."""
    meeting = secret_meeting(office, attendees or [office.reader, office.reader2])
    meetings.prepare_materials(meeting=meeting, document=document, by=office.clerk, reason="Materials")
    meetings.approve_materials(meeting=meeting, by=office.leader, reason="Approved")
    meetings.hand_out_materials(meeting=meeting, by=office.clerk, reason="At the meeting")
    return meeting


def circulation_of(meeting, person):
    return Circulation.objects.get(meeting_copy__meeting=meeting, entries__reader=person)


def written():
    return sum(model.history.count() for model in (Circulation, CirculationEntry, Copy, MeetingCopy))


# -- the register -------------------------------------------------------------------------------


def test_a_clerk_enters_a_secrecy_work_meeting_with_picked_attendees_and_guests(client, office):
    signed_in(client, office.clerk)
    found = client.get(reverse("registers:meeting_people_new"), {"unit": office.unit.pk, "q": "reader"}).content.decode()
    assert office.reader.username in found and office.administrator.username not in found

    response = client.post(reverse("registers:meetings"), {
        "unit": office.unit.pk, "kind": "work", "name": "第一次保密工作会议", "held_on": TODAY.isoformat(),
        "chaired_by": "王局长", "attendees": [office.leader.pk, office.reader.pk], "guests": "市保密局 <b>李处长</b>",
        "topics": "部署年度工作", "decisions": "修订制度", "reason": "Minutes filed",
    }, follow=True)

    meeting = Meeting.objects.get()
    assert response.redirect_chain[-1][0] == reverse("registers:meeting", args=[meeting.pk])
    assert [row.person for row in meeting.attendees.order_by("position")] == [office.leader, office.reader]
    page = response.content.decode()
    assert "市保密局 &lt;b&gt;李处长&lt;/b&gt;" in page and person_name(office.reader) in page
    assert 'id="materials"' not in page  # a secrecy work meeting has no materials handed out


def test_bad_input_is_a_message_by_field_and_nothing_is_written(office, other_unit):
    cases = [({"held_on": TODAY + datetime.timedelta(days=1)}, "held_on"), ({"topics": "\u200b"}, "topics"),
             ({"attendees": []}, "attendees"), ({"attendees": [other_unit.clerk]}, "attendees"),
             ({"attendees": [office.administrator]}, "attendees"), ({"kind": "party"}, "kind")]
    for overrides, field in cases:
        with pytest.raises(InvalidInput) as refused:
            work_meeting(office, **overrides)
        assert field in refused.value.errors
    # Entered ahead: a secret-related meeting, so that its materials are approved before it.
    secret_meeting(office, [office.reader], held_on=TODAY + datetime.timedelta(days=7))
    assert Meeting.objects.count() == 1 and MeetingAttendee.objects.count() == 1


def test_only_clerks_and_leaders_keep_the_register(office, other_unit):
    for person in (office.inspector, office.reader, other_unit.clerk):
        with pytest.raises(NotPermitted):
            work_meeting(office, by=person)
    assert work_meeting(office, by=office.leader).unit == office.unit


def test_a_correction_changes_the_attendees_in_the_history_and_a_withdrawal_is_confirmed(client, office):
    meeting = work_meeting(office)
    meetings.correct_meeting(meeting=meeting, by=office.clerk, reason="Reader attended too",
                             attendees=[office.leader, office.reader], decisions="修订制度；开展自查")
    assert list(meeting.attendees.order_by("position").values_list("person", flat=True)) == [office.leader.pk,
                                                                                              office.reader.pk]
    assert MeetingAttendee.history.filter(history_type="-").count() == 1

    signed_in(client, office.clerk)
    url = reverse("registers:withdraw_meeting", args=[meeting.pk])
    assert "not undone" in client.post(url, {"reason": "Entered twice"}).content.decode()
    assert Meeting.objects.get().in_use
    client.post(url, {"reason": "Entered twice", "confirm": "1"})
    meeting.refresh_from_db()
    assert meeting.withdrawn_on == TODAY
    with pytest.raises(InvalidState):
        meetings.correct_meeting(meeting=meeting, by=office.clerk, reason="Again", attendees=[office.leader])
    page = client.get(reverse("registers:meeting", args=[meeting.pk])).content.decode()
    assert "Reader attended too" in page and 'id="correct"' not in page


def test_out_of_the_unit_or_without_a_role_it_is_404_everywhere(client, office, other_unit):
    meeting = work_meeting(office)
    for person in (other_unit.clerk, office.administrator):
        signed_in(client, person)
        assert client.get(reverse("registers:meeting", args=[meeting.pk])).status_code == 404
        assert client.get(f"/api/v1/meetings/{meeting.pk}/").status_code == 404
        assert client.post(reverse("registers:print_meetings", args=[office.unit.pk])).status_code == 404
        assert client.post(reverse("registers:hand_out_meeting_materials", args=[meeting.pk]),
                           {"reason": "x"}).status_code == 404
    signed_in(client, other_unit.clerk)
    assert client.get("/api/v1/meetings/").json()["results"] == []
    assert client.get(reverse("registers:meeting_people", args=[meeting.pk]), {"q": "c"}).status_code == 404
    signed_in(client, office.administrator)
    assert client.get(reverse("registers:meetings")).status_code == 404


def test_an_inspector_reads_the_register_and_its_api(client, office):
    meeting = work_meeting(office)
    signed_in(client, office.inspector)
    page = client.get(reverse("registers:meetings")).content.decode()
    assert meeting.name in page and 'id="record-meeting"' not in page
    detail = client.get(f"/api/v1/meetings/{meeting.pk}/").json()
    assert (detail["name"], detail["attendees"], detail["copies"]) == (meeting.name, ["leader", "clerk"], [])
    assert client.get(reverse("registers:meeting", args=[meeting.pk])).status_code == 200


# -- a secret-related meeting's materials ---------------------------------------------------------


def test_the_materials_go_to_the_attendees_one_copy_each_through_reading_lists(office, document):
    meeting = handed_out(office, document)

    first, second, third = document.copies.order_by("number")
    for copy in (first, second, third):
        copy.refresh_from_db()
    # The copies in number order follow the list of attendees; the third stays in the registry.
    assert (first.status, first.holder, second.holder, third.status) == (CopyStatus.OUT, office.reader, office.reader2,
                                                                         CopyStatus.IN_REGISTRY)
    assert [material.state for material in meetings.materials(meeting)] == ["Out with the attendee"] * 2


def test_an_attendee_without_a_commitment_refuses_the_hand_out_by_name_and_nothing_is_written(client, office):
    newcomer = member(office.unit, Role.READER, username="newcomer", commitment=False)
    document = DocumentFactory(registry=office.registry, by=office.clerk, copies_count=2,
                               scope_users=[office.leader, office.reader, newcomer])
    meeting = secret_meeting(office, [office.reader, newcomer])
    before = written()

    page = signed_in(client, office.clerk).post(
        reverse("registers:prepare_meeting_materials", args=[meeting.pk]),
        {"document": document.registry_number, "reason": "Materials"}).content.decode()

    assert MISSING in page and person_name(newcomer) in page and "Nothing was changed" in page
    assert document.copies.get(number=2).label in page  # the copy that refused
    assert written() == before and not MeetingCopy.objects.exists() and not Circulation.objects.exists()


def test_a_commitment_withdrawn_after_the_approval_stops_the_whole_hand_out(office, document):
    meeting = secret_meeting(office, [office.reader, office.reader2])
    meetings.prepare_materials(meeting=meeting, document=document, by=office.clerk, reason="Materials")
    meetings.approve_materials(meeting=meeting, by=office.leader, reason="Approved")
    record_person(user=office.reader2, by=office.clerk, reason="Renewal", post_level="general",
                  commitment_signed_on=None)
    before = written()

    with pytest.raises(bulk.ItemRefused, match=MISSING) as refused:
        meetings.hand_out_materials(meeting=meeting, by=office.clerk, reason="At the meeting")

    assert person_name(office.reader2) in str(refused.value.message)
    assert "Nothing was changed" in str(refused.value.message)
    assert written() == before
    assert not document.copies.filter(status=CopyStatus.OUT).exists()


def test_a_copy_not_handed_in_stays_out_on_the_ledger_and_its_late_return_is_the_meetings(client, office, document):
    meeting = handed_out(office, document)
    late = circulation_of(meeting, office.reader2)
    meetings.take_back_materials(meeting=meeting, circulations=[circulation_of(meeting, office.reader)],
                                 by=office.clerk, reason="End of the meeting")
    meeting.refresh_from_db()
    assert meeting.ended_at is not None

    signed_in(client, office.clerk)
    ledger = client.get(reverse("documents:ledger")).content.decode()
    row = ledger.split(late.copy.label)[1].split("</tr>")[0]
    assert "Out" in row and person_name(office.reader2) in row
    page = client.get(reverse("registers:meeting", args=[meeting.pk])).content.decode()
    assert "1 still out" in page and "Take back a late copy" in page
    with pytest.raises(InvalidState):
        meetings.hand_out_materials(meeting=meeting, by=office.clerk, reason="Again")

    # The late copy comes back through the ordinary take-back (the scan page's), and the meeting shows it late.
    circulation_steps.take_back(circulation=late, by=office.clerk, reason="Handed in the next day")
    states = {material.attendee: (material.state, material.late) for material in meetings.materials(meeting)}
    assert states == {office.reader: ("Back", False), office.reader2: ("Came back late", True)}
    api = client.get(f"/api/v1/meetings/{meeting.pk}/").json()
    assert [(copy["attendee"], copy["out"], copy["late"]) for copy in api["copies"]] == [
        ("reader", False, False), ("reader2", False, True)]


def test_the_late_take_back_from_the_meeting_page(client, office, document):
    meeting = handed_out(office, document)
    meetings.take_back_materials(meeting=meeting, circulations=[circulation_of(meeting, office.reader)],
                                 by=office.clerk, reason="End of the meeting")
    late = circulation_of(meeting, office.reader2)

    signed_in(client, office.clerk).post(reverse("registers:take_back_meeting_materials", args=[meeting.pk]),
                                         {"circulations": [late.pk], "reason": "Handed in late"})

    late.refresh_from_db()
    entry = late.entries.get()
    assert (late.copy.status, entry.received_by) == (CopyStatus.IN_REGISTRY, office.clerk)
    assert not meetings.out_copies(meeting).exists()
    with pytest.raises(InvalidState, match="No copy of the meeting's materials is out"):
        meetings.take_back_materials(meeting=meeting, circulations=[late], by=office.clerk, reason="Twice")


def test_only_a_clerk_handles_the_materials_and_a_meeting_with_copies_out_is_not_withdrawn(office, document):
    meeting = secret_meeting(office, [office.reader])
    for person in (office.leader, office.inspector):
        with pytest.raises(NotPermitted):
            meetings.prepare_materials(meeting=meeting, document=document, by=person, reason="Materials")
    with pytest.raises(InvalidState):
        meetings.prepare_materials(meeting=work_meeting(office), document=document, by=office.clerk, reason="x")
    meetings.prepare_materials(meeting=meeting, document=document, by=office.clerk, reason="Materials")
    assert meetings.check_withdraw_meeting(meeting, office.clerk) is not None


def test_the_register_prints_the_meetings_with_their_copies(client, office, document):
    work_meeting(office)
    meeting = handed_out(office, document)
    meetings.take_back_materials(meeting=meeting, circulations=[circulation_of(meeting, office.reader)],
                                 by=office.clerk, reason="End of the meeting")

    with translation.override("en"):
        response = signed_in(client, office.inspector).post(reverse("registers:print_meetings", args=[office.unit.pk]))
    text = flat("".join(page_texts(response.content)))
    assert flat("2026年第一次保密工作会议") in text and flat("修订保密工作管理制度") in text and flat("市保密局 李处长") in text
    assert flat("2 handed out, 1 back") in text
    assert flat(circulation_of(meeting, office.reader2).copy.label) in text
    assert (PrintRecord.objects.get().kind, PrintRecord.objects.get().row_count) == ("meeting_register", 2)


def test_the_annual_summary_counts_the_meetings_and_the_copies_still_out(office, document):
    work_meeting(office)
    meeting = handed_out(office, document)
    meetings.take_back_materials(meeting=meeting, circulations=[circulation_of(meeting, office.reader)],
                                 by=office.clerk, reason="End of the meeting")
    year = TODAY.year

    with translation.override("en"):
        built = reports.build_report(office.unit, year, annual_summary(office.leader, office.unit, year))
    keys = [section.key for section in built.sections]
    assert keys.index("meetings") == keys.index("leadership") + 1
    section = next(section for section in built.sections if section.key == "meetings")

    assert dict(section.figures) == {"Secrecy work meetings": 1, "Secret-related meetings": 1,
                                     "Copies of meeting materials handed out": 2, "Copies not yet back": 1}
    assert section.paragraph == (
        "The unit held 1 secrecy work meeting this year: 部署年度保密工作. It held 1 secret-related meeting; 2 copies of "
        "its materials were handed out to the attendees and 1 of them is not back yet.")
    for figure in section.figures:
        rows = reports.counted(figure.label, figure.rows, office.unit, year, **figure.params)
        assert rows.value == figure.value


def test_the_list_and_a_meeting_page_ask_as_many_queries_whatever_their_size(client, office):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    signed_in(client, office.clerk)
    document = DocumentFactory(registry=office.registry, by=office.clerk, copies_count=4,
                               scope_users=[office.leader, office.reader, office.reader2, office.inspector])
    meeting = handed_out(office, document)
    work_meeting(office)

    def queries(url):
        with CaptureQueriesContext(connection) as asked:
            assert client.get(url).status_code == 200
        return len(asked)

    client.get(reverse("registers:office"))  # the first page after signing in asks a few things once
    few = queries(reverse("registers:meetings")), queries(reverse("registers:meeting", args=[meeting.pk]))
    for _ in range(3):
        work_meeting(office)
    other = handed_out(office, DocumentFactory(registry=office.registry, by=office.clerk, copies_count=3, scope_users=[
        office.leader, office.reader, office.reader2, office.inspector]), [office.reader, office.reader2, office.inspector])
    assert (queries(reverse("registers:meetings")), queries(reverse("registers:meeting", args=[other.pk]))) == few
