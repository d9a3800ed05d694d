"""Consulting archives in the reading room: requests, approvals, sessions. Never lending."""

import pytest
from django.urls import get_resolver

from archives.models import Consultation, ConsultationStatus, ReadingRoomSession
from archives.selectors import reading_room_log, visible_volumes
from archives.services.consultation import (
    approve_consultation,
    finish_consultation,
    reject_consultation,
)
from archives.services.reading_room import close_session, open_session
from documents.levels import Level
from documents.models import CopyStatus
from documents.services.copies import lock_copy, move
from documents.services.errors import InvalidInput, InvalidState, NotPermitted, SeparationOfDuties
from documents.services.scope import change_scope
from people.roles import Role
from people.services.membership import add_membership
from tests.archives.conftest import VISITOR, new_volume, request_internal, request_outside
from tests.factories import member

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("missing", list(VISITOR))
def test_an_outside_visitor_needs_every_particular_of_the_introduction_letter(office, filed_volume, missing):
    with pytest.raises(InvalidInput) as error:
        request_outside([filed_volume], by=office.clerk, **{missing: ""})

    assert missing in error.value.errors
    assert Consultation.objects.count() == 0


def test_a_request_is_recorded_by_a_clerk_of_the_archive(office, filed_volume):
    with pytest.raises(NotPermitted):
        request_outside([filed_volume], by=office.leader)


def test_an_outside_consultation_is_approved_by_a_leader_not_a_clerk(office, filed_volume):
    consultation = request_outside([filed_volume], by=office.clerk)
    second_clerk = member(office.unit, Role.CLERK, username="clerk_b")

    for clerk in (office.clerk, second_clerk):
        with pytest.raises(NotPermitted):
            approve_consultation(consultation=consultation, by=clerk, reason="ok")

    approved = approve_consultation(consultation=consultation, by=office.leader, reason="Approved, letter checked")
    assert (approved.status, approved.decided_by) == (ConsultationStatus.APPROVED, office.leader)
    row = approved.history.order_by("-history_id").first()
    assert (row.history_user, row.history_change_reason) == (office.leader, "Approved, letter checked")


def test_whoever_records_an_outside_request_cannot_approve_it(office, filed_volume):
    # A clerk who is also a leader of the unit records the request.
    add_membership(user=office.clerk, unit=office.unit, role=Role.LEADER, by=None, reason="test set-up")
    consultation = request_outside([filed_volume], by=office.clerk)

    with pytest.raises(SeparationOfDuties):
        approve_consultation(consultation=consultation, by=office.clerk, reason="self-approved")
    assert Consultation.objects.get().status == ConsultationStatus.REQUESTED


def test_an_internal_consultation_is_approved_by_a_clerk_never_by_the_person(office, filed_volume):
    consultation = request_internal([filed_volume], person=office.reader, by=office.clerk)
    with pytest.raises(NotPermitted):
        approve_consultation(consultation=consultation, by=office.leader, reason="ok")

    approve_consultation(consultation=consultation, by=office.clerk, reason="Reader needs the 2026 notices")

    assert Consultation.objects.get().status == ConsultationStatus.APPROVED


def test_a_clerk_cannot_approve_their_own_consultation(office, filed_volume):
    consultation = request_internal([filed_volume], person=office.clerk, by=office.clerk)

    with pytest.raises(SeparationOfDuties):
        approve_consultation(consultation=consultation, by=office.clerk, reason="mine")


def test_a_person_outside_a_filed_documents_scope_cannot_consult_the_volume(office, filed_volume):
    with pytest.raises(NotPermitted, match="knowledge scope"):
        request_internal([filed_volume], person=office.reader2, by=office.clerk)


def test_scope_narrowed_after_the_request_blocks_the_approval(office, filed_volume, document):
    consultation = request_internal([filed_volume], person=office.reader, by=office.clerk)
    change_scope(document=document, by=office.clerk, reason="Need to know ended", remove_users=[office.reader])

    with pytest.raises(NotPermitted):
        approve_consultation(consultation=consultation, by=office.clerk, reason="ok")


def test_a_decided_request_cannot_be_decided_again(office, filed_volume):
    consultation = request_outside([filed_volume], by=office.clerk)
    reject_consultation(consultation=consultation, by=office.leader, reason="No letter from the right office")

    with pytest.raises(InvalidState):
        approve_consultation(consultation=consultation, by=office.leader, reason="changed my mind")
    assert Consultation.objects.get().status == ConsultationStatus.REJECTED


def test_a_session_needs_an_approved_consultation(office, filed_volume):
    consultation = request_outside([filed_volume], by=office.clerk)

    with pytest.raises(InvalidState, match="after approval"):
        open_session(consultation=consultation, volumes=[filed_volume], by=office.clerk, reason="visitor arrived")
    assert ReadingRoomSession.objects.count() == 0


def test_the_reading_room_log_records_who_which_volumes_time_in_out_and_the_clerk(office, approved_outside, filed_volume):
    session = open_session(
        consultation=approved_outside, volumes=[filed_volume], by=office.clerk, reason="Visitor arrived 09:00"
    )
    close_session(session=session, by=office.clerk, reason="Volumes returned to the archive")

    [row] = reading_room_log(office.clerk)
    assert row.consultation.reader_name == "Ma Lin 马琳 (Provincial Audit Office 省审计厅)"
    assert [volume.volume_number for volume in row.volumes.all()] == [filed_volume.volume_number]
    assert row.time_in <= row.time_out
    assert (row.supervising_clerk, row.closed_by) == (office.clerk, office.clerk)
    assert row.level == filed_volume.highest_level == Level.SECRET


def test_only_approved_volumes_come_to_the_reading_room(office, approved_outside):
    other = new_volume(office.registry, office.clerk, number="2026-P-009")

    with pytest.raises(NotPermitted):
        open_session(consultation=approved_outside, volumes=[other], by=office.clerk, reason="visitor arrived")


def test_a_volume_is_with_one_reader_at_a_time(office, filed_volume, approved_outside):
    internal = request_internal([filed_volume], person=office.reader, by=office.clerk)
    approve_consultation(consultation=internal, by=office.clerk, reason="ok")
    open_session(consultation=approved_outside, volumes=[filed_volume], by=office.clerk, reason="visitor arrived")

    with pytest.raises(InvalidState, match="with another reader"):
        open_session(consultation=internal, volumes=[filed_volume], by=office.clerk, reason="reader arrived")


def test_a_closed_session_cannot_be_closed_again(office, approved_outside, filed_volume):
    session = open_session(consultation=approved_outside, volumes=[filed_volume], by=office.clerk, reason="in")
    close_session(session=session, by=office.clerk, reason="out")

    with pytest.raises(InvalidState):
        close_session(session=session, by=office.clerk, reason="out again")


def test_an_approved_person_sees_the_volume_until_the_consultation_is_finished(office, filed_volume):
    consultation = request_internal([filed_volume], person=office.reader, by=office.clerk)
    assert filed_volume not in visible_volumes(office.reader)

    approve_consultation(consultation=consultation, by=office.clerk, reason="ok")
    assert filed_volume in visible_volumes(office.reader)

    finish_consultation(consultation=consultation, by=office.clerk, reason="Done reading")
    assert filed_volume not in visible_volumes(office.reader)


def test_a_consultation_cannot_finish_while_the_reader_is_in_the_room(office, approved_outside, filed_volume):
    open_session(consultation=approved_outside, volumes=[filed_volume], by=office.clerk, reason="in")

    with pytest.raises(InvalidState, match="close the session"):
        finish_consultation(consultation=approved_outside, by=office.clerk, reason="done")


def test_nothing_in_the_archives_takes_an_archived_copy_out(office, approved_outside, filed_volume, document):
    session = open_session(consultation=approved_outside, volumes=[filed_volume], by=office.clerk, reason="in")
    close_session(session=session, by=office.clerk, reason="out")
    finish_consultation(consultation=approved_outside, by=office.clerk, reason="done")

    # The whole consultation leaves every copy archived, with nobody holding it.
    assert list(document.copies.values_list("status", "holder")) == [(CopyStatus.ARCHIVED, None)] * 3
    # The copy transition table has no way out of the archive but loss.
    for target in (CopyStatus.OUT, CopyStatus.ON_LOAN, CopyStatus.IN_REGISTRY):
        with pytest.raises(InvalidState):
            move(lock_copy(document.copies.first()), to=target, by=office.clerk, reason="lend", holder=office.reader)
    # And no archives route lends, borrows or hands out anything.
    names = [pattern.name for pattern in get_resolver("archives.urls").url_patterns]
    assert not [name for name in names if any(word in name for word in ("lend", "loan", "borrow", "hand"))]
