"""Circulation (传阅): the reading list, the leader's decision, and the copy's trips out and back."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from documents.models import Circulation, CirculationEntry, CirculationStatus, Copy, CopyStatus
from documents.selectors import circulation_round, circulations_awaiting_approval
from documents.services.circulation import (
    approve_circulation,
    cancel_circulation,
    hand_out,
    mark_read,
    propose_circulation,
    reject_circulation,
    take_back,
)
from documents.services.errors import (
    Conflict,
    InvalidInput,
    InvalidState,
    MissingReason,
    NotPermitted,
    SeparationOfDuties,
)
from people.names import person_name
from people.roles import Role
from tests.factories import DocumentFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(office):
    return DocumentFactory(
        registry=office.registry, by=office.clerk, copies_count=2, scope_users=[office.leader, office.reader, office.reader2]
    )


@pytest.fixture
def copy(document):
    return document.copies.get(number=1)


def proposed(office, copy, readers=None):
    readers = readers or [office.reader, office.reader2]
    return propose_circulation(copy=copy, readers=readers, by=office.clerk, reason="For reading")


def approved(office, copy, readers=None):
    circulation = proposed(office, copy, readers)
    return approve_circulation(circulation=circulation, by=office.leader, reason="Approved")


def test_full_round_of_two_readers_goes_out_and_back_through_the_registry(office, copy):
    circulation = approved(office, copy)

    for reader in (office.reader, office.reader2):
        entry = hand_out(circulation=circulation, by=office.clerk, reason="Circulation")
        copy.refresh_from_db()
        assert (copy.status, copy.holder) == (CopyStatus.OUT, reader)
        mark_read(circulation=circulation, by=reader, reason="Read", comment=f"Seen by {reader.username}")
        take_back(circulation=circulation, by=office.clerk, reason="Returned")
        copy.refresh_from_db()
        assert (copy.status, copy.holder) == (CopyStatus.IN_REGISTRY, None)
        entry.refresh_from_db()
        assert entry.reader == reader
        assert (entry.handed_out_by, entry.received_by) == (office.clerk, office.clerk)
        assert entry.handed_out_at <= entry.read_at <= entry.returned_at

    circulation.refresh_from_db()
    assert circulation.status == CirculationStatus.COMPLETED
    assert circulation.ended_at is not None
    round_ = circulation_round(circulation)
    assert [entry.comment for entry in round_.entries] == ["Seen by reader", "Seen by reader2"]
    assert all(row.history_change_reason for row in round_.history)


def test_proposal_waits_in_the_leaders_queue(office, copy):
    circulation = proposed(office, copy)

    assert list(circulations_awaiting_approval(office.leader)) == [circulation]
    assert list(circulations_awaiting_approval(office.reader)) == []
    assert [entry.reader for entry in circulation.entries.order_by("position")] == [office.reader, office.reader2]


def test_proposer_cannot_approve_their_own_list(office, copy):
    both = member(office.unit, Role.LEADER, username="clerk")  # the clerk also holds a leader's role
    circulation = propose_circulation(copy=copy, readers=[office.reader], by=both, reason="For reading")

    with pytest.raises(SeparationOfDuties):
        approve_circulation(circulation=circulation, by=both, reason="Approved")
    circulation.refresh_from_db()
    assert circulation.status == CirculationStatus.PROPOSED
    assert list(circulations_awaiting_approval(both)) == []


def test_only_a_leader_of_the_unit_can_approve(office, other_unit, copy):
    circulation = proposed(office, copy)

    for somebody in (office.reader, office.inspector, other_unit.clerk):
        with pytest.raises(NotPermitted):
            approve_circulation(circulation=circulation, by=somebody, reason="Approved")
    assert Circulation.objects.get().status == CirculationStatus.PROPOSED


def test_leader_outside_the_knowledge_scope_cannot_approve(office):
    hidden = DocumentFactory(registry=office.registry, by=office.clerk, scope_users=[office.reader])
    circulation = proposed(office, hidden.copies.first(), readers=[office.reader])

    with pytest.raises(NotPermitted):
        approve_circulation(circulation=circulation, by=office.leader, reason="Approved")


def test_reader_outside_the_knowledge_scope_is_refused_at_proposal(office, other_unit, copy):
    with pytest.raises(InvalidInput) as refused:
        proposed(office, copy, readers=[office.reader, other_unit.reader])

    assert "readers" in refused.value.errors
    assert person_name(other_unit.reader) in str(refused.value.message)
    assert Circulation.objects.count() == 0
    assert CirculationEntry.objects.count() == 0


def test_reader_who_left_the_scope_is_refused_at_hand_out(office, document, copy):
    from documents.services.scope import change_scope

    circulation = approved(office, copy, readers=[office.reader2])
    change_scope(document=document, by=office.clerk, reason="Need to know ended", remove_users=[office.reader2])

    with pytest.raises(InvalidState) as refused:
        hand_out(circulation=circulation, by=office.clerk, reason="Circulation")
    assert "no longer in the knowledge scope" in str(refused.value.message)
    copy.refresh_from_db()
    assert copy.status == CopyStatus.IN_REGISTRY


def test_the_same_reader_cannot_be_listed_twice(office, copy):
    with pytest.raises(InvalidInput):
        proposed(office, copy, readers=[office.reader, office.reader])


def test_only_a_clerk_of_the_registry_can_propose(office, copy):
    with pytest.raises(NotPermitted):
        propose_circulation(copy=copy, readers=[office.reader2], by=office.reader, reason="For reading")


def test_leader_can_approve_an_edited_list(office, copy):
    circulation = proposed(office, copy)

    approve_circulation(circulation=circulation, by=office.leader, reason="Reader 2 first", readers=[office.reader2])

    circulation.refresh_from_db()
    assert circulation.status == CirculationStatus.APPROVED
    assert (circulation.decided_by, circulation.decision_reason) == (office.leader, "Reader 2 first")
    assert [entry.reader for entry in circulation.entries.all()] == [office.reader2]
    removed = CirculationEntry.history.filter(history_type="-", circulation_id=circulation.pk)
    assert removed.count() == 2
    assert all("edited" in row.history_change_reason for row in removed)


def test_rejecting_requires_a_reason(office, copy):
    circulation = proposed(office, copy)

    with pytest.raises(MissingReason):
        reject_circulation(circulation=circulation, by=office.leader, reason="  ")
    assert Circulation.objects.get().status == CirculationStatus.PROPOSED

    reject_circulation(circulation=circulation, by=office.leader, reason="Reader 2 has no need to know")
    circulation.refresh_from_db()
    assert circulation.status == CirculationStatus.REJECTED
    assert circulation.decision_reason == "Reader 2 has no need to know"


def test_a_rejected_list_cannot_be_handed_out(office, copy):
    circulation = proposed(office, copy)
    reject_circulation(circulation=circulation, by=office.leader, reason="No")

    with pytest.raises(InvalidState):
        hand_out(circulation=circulation, by=office.clerk, reason="Circulation")


def test_an_unapproved_list_cannot_be_handed_out(office, copy):
    circulation = proposed(office, copy)

    with pytest.raises(InvalidState):
        hand_out(circulation=circulation, by=office.clerk, reason="Circulation")
    copy.refresh_from_db()
    assert copy.status == CopyStatus.IN_REGISTRY


def test_handing_out_while_the_copy_is_out_is_refused_with_a_clear_message(office, copy):
    circulation = approved(office, copy)
    hand_out(circulation=circulation, by=office.clerk, reason="Circulation")

    with pytest.raises(InvalidState) as refused:
        hand_out(circulation=circulation, by=office.clerk, reason="Circulation")

    assert f"out with {person_name(office.reader)} since" in str(refused.value.message)
    assert "never goes from one reader to another" in str(refused.value.message)
    copy.refresh_from_db()
    assert copy.holder == office.reader
    assert CirculationEntry.objects.filter(handed_out_at__isnull=False).count() == 1


@pytest.mark.parametrize("step", [hand_out, take_back])
def test_a_reader_can_take_no_hand_over_step(office, copy, step):
    circulation = approved(office, copy)
    hand_out(circulation=circulation, by=office.clerk, reason="Circulation")

    for reader in (office.reader, office.reader2):
        with pytest.raises(NotPermitted):
            step(circulation=circulation, by=reader, reason="Passing it on")

    copy.refresh_from_db()
    assert copy.holder == office.reader
    assert CirculationEntry.objects.get(reader=office.reader2).handed_out_at is None


def test_only_the_reader_holding_the_copy_can_mark_it_read(office, copy):
    circulation = approved(office, copy)
    hand_out(circulation=circulation, by=office.clerk, reason="Circulation")

    for somebody in (office.reader2, office.clerk, office.leader):
        with pytest.raises(NotPermitted):
            mark_read(circulation=circulation, by=somebody, reason="Read")
    assert CirculationEntry.objects.filter(read_at__isnull=False).count() == 0


def test_clerk_cannot_hand_the_copy_to_themselves(office, copy):
    circulation = propose_circulation(copy=copy, readers=[office.clerk], by=office.clerk, reason="For reading")
    approve_circulation(circulation=circulation, by=office.leader, reason="Approved")

    with pytest.raises(SeparationOfDuties):
        hand_out(circulation=circulation, by=office.clerk, reason="Circulation")


def test_the_one_who_receives_is_never_the_reader(office, copy):
    clerk2 = member(office.unit, Role.CLERK, username="clerk2")
    circulation = propose_circulation(copy=copy, readers=[clerk2], by=office.clerk, reason="For reading")
    approve_circulation(circulation=circulation, by=office.leader, reason="Approved")
    hand_out(circulation=circulation, by=office.clerk, reason="Circulation")

    with pytest.raises(SeparationOfDuties):
        take_back(circulation=circulation, by=clerk2, reason="Returned")
    take_back(circulation=circulation, by=office.clerk, reason="Returned")
    assert CirculationEntry.objects.get().received_by == office.clerk


def test_only_one_circulation_under_way_per_copy(office, copy):
    proposed(office, copy)

    with pytest.raises(Conflict):
        proposed(office, copy)
    assert Circulation.objects.count() == 1


def test_database_refuses_a_second_active_circulation_for_a_copy(office, copy):
    first = proposed(office, copy)

    with pytest.raises(IntegrityError), transaction.atomic():
        Circulation(copy=copy, proposed_by=office.clerk, proposed_at=timezone.now()).save_base(raw=True)
    assert Circulation.objects.get() == first


def test_a_finished_circulation_lets_a_new_one_start(office, copy):
    circulation = proposed(office, copy)
    reject_circulation(circulation=circulation, by=office.leader, reason="Wrong readers")

    again = proposed(office, copy, readers=[office.reader])
    assert again.status == CirculationStatus.PROPOSED


def test_cancel_is_refused_while_a_reader_holds_the_copy(office, copy):
    circulation = approved(office, copy)
    hand_out(circulation=circulation, by=office.clerk, reason="Circulation")

    with pytest.raises(InvalidState):
        cancel_circulation(circulation=circulation, by=office.clerk, reason="Stop")

    take_back(circulation=circulation, by=office.clerk, reason="Returned")
    cancel_circulation(circulation=circulation, by=office.leader, reason="Stop")
    circulation.refresh_from_db()
    assert circulation.status == CirculationStatus.CANCELLED


def test_every_step_is_in_the_history_with_its_actor_and_reason(office, copy):
    circulation = approved(office, copy, readers=[office.reader])
    hand_out(circulation=circulation, by=office.clerk, reason="Circulation round 1")

    copy_rows = Copy.history.filter(id=copy.pk).order_by("history_date")
    assert (copy_rows.last().history_user, copy_rows.last().history_change_reason) == (office.clerk, "Circulation round 1")
    decided = circulation.history.filter(status=CirculationStatus.APPROVED).get()
    assert (decided.history_user, decided.history_change_reason) == (office.leader, "Approved")
