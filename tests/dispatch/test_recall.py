"""Recall (清退) from recipients through the services, on PostgreSQL."""

import pytest

from dispatch.models import DispatchItem, ItemStatus, RecallItem, RecallStatus
from dispatch.recall import (
    check_recall_copies,
    confirm_return,
    hand_back,
    recall_copies,
    record_organ_return,
)
from dispatch.selectors import recalled_from, returns_to_confirm, visible_recall_items
from dispatch.services import dispatch_copies, receive_copy, record_returned_receipt, report_not_received
from documents.models import CopyStatus
from documents.services.circulation import approve_circulation, hand_out, propose_circulation
from documents.services.errors import InvalidState, NotPermitted
from documents.services.scope import change_scope
from tests.dispatch.conftest import copy_of
from tests.factories import proved

pytestmark = pytest.mark.django_db

ORGAN = "Provincial Audit Bureau"


@pytest.fixture
def sent(office, other_unit, third_unit, notice):
    """Copies 1-2 to Finance, 3 to Legal, 4 to an outside organ; 1, 2 and 4 received."""
    dispatch_copies(
        document=notice, by=office.clerk, reason="For action",
        lines=[(copy_of(notice, 1), other_unit.registry), (copy_of(notice, 2), other_unit.registry),
               (copy_of(notice, 3), third_unit.registry), (copy_of(notice, 4), ORGAN)],
    )
    for number in (1, 2):
        receive_copy(item=item_of(notice, number), by=other_unit.clerk, reason="Received")
    record_returned_receipt(recipient=item_of(notice, 4).recipient, signed_by="Wang", signed_on=_today(), by=office.clerk,
                            reason="Receipt back")
    return notice


def _today():
    from django.utils import timezone

    return timezone.localdate()


def item_of(document, number):
    return DispatchItem.objects.filter(copy__document=document, copy__number=number).latest("pk")


def recall(office, document, numbers, **kwargs):
    return recall_copies(document=document, items=[item_of(document, n) for n in numbers], by=kwargs.pop("by", office.clerk),
                         reason="Year-end clean-up")


def asked(document, number):
    return RecallItem.objects.filter(item__copy__document=document, item__copy__number=number).latest("pk")


def test_a_recalled_copy_handed_back_and_confirmed_is_in_the_issuers_registry_again(office, other_unit, sent):
    recall(office, sent, [1])
    received = item_of(sent, 1).received_copy

    hand_back(recall_item=asked(sent, 1), by=other_unit.clerk, reason="Handed back")

    assert copy_of(sent, 1).status == CopyStatus.IN_TRANSIT
    received.refresh_from_db()
    assert received.status == CopyStatus.RETURNED_TO_ISSUER
    assert asked(sent, 1).status == RecallStatus.RETURNING

    confirm_return(recall_item=asked(sent, 1), by=office.clerk, reason="Returned and checked")

    copy = copy_of(sent, 1)
    assert (copy.status, copy.holder) == (CopyStatus.IN_REGISTRY, None)
    assert copy.history.first().history_change_reason.startswith("Recovered from Finance Division")
    assert item_of(sent, 1).status == ItemStatus.RECOVERED
    assert asked(sent, 1).recovered_by == office.clerk


def test_recalling_a_copy_not_yet_received_is_refused(office, sent):
    with pytest.raises(InvalidState) as refused:
        recall(office, sent, [1, 3])

    assert "has not been received by Legal Office yet" in refused.value.message
    assert not RecallItem.objects.exists()


def test_recalling_a_copy_reported_not_received_is_refused(office, other_unit, third_unit, sent):
    report_not_received(item=item_of(sent, 3), by=third_unit.clerk, reason="Missing", problem="missing",
                        circumstances="Empty envelope")

    with pytest.raises(InvalidState) as refused:
        recall(office, sent, [3])

    assert "reported not received" in refused.value.message


def test_a_copy_is_recalled_once_at_a_time(office, sent):
    recall(office, sent, [1])

    with pytest.raises(InvalidState) as refused:
        recall(office, sent, [1, 2])

    assert "already being recalled" in refused.value.message


def test_only_a_clerk_of_the_issuing_registry_recalls(office, other_unit, sent):
    assert isinstance(check_recall_copies(sent, other_unit.clerk), NotPermitted)
    with pytest.raises(NotPermitted):
        recall(office, sent, [1], by=other_unit.clerk)


def test_a_recipient_cannot_hand_back_a_copy_out_with_a_reader(office, other_unit, sent):
    recall(office, sent, [1])
    received = item_of(sent, 1).received_copy
    leader = _leader_of(other_unit)
    # Finance lets its people know it: its own scope decision, recorded there.
    change_scope(document=received.document, by=other_unit.clerk, reason="Needs it",
                 add_users=[other_unit.reader, leader], proof=proved(other_unit.clerk))
    circulation = propose_circulation(copy=received, readers=[other_unit.reader], by=other_unit.clerk, reason="Read")
    approve_circulation(circulation=circulation, by=leader, reason="Approved")
    hand_out(circulation=circulation, by=other_unit.clerk, reason="Read it")

    with pytest.raises(InvalidState) as refused:
        hand_back(recall_item=asked(sent, 1), by=other_unit.clerk, reason="Handed back")

    assert "take it back into the registry" in refused.value.message
    assert copy_of(sent, 1).status == CopyStatus.DELIVERED
    assert asked(sent, 1).status == RecallStatus.REQUESTED


def _leader_of(unit):
    from people.roles import Role
    from tests.factories import member

    return member(unit.unit, Role.LEADER, username=f"{unit.unit.code}_leader")


def test_a_clerk_of_a_third_unit_can_neither_hand_back_nor_confirm(office, other_unit, third_unit, sent):
    recall(office, sent, [1])
    with pytest.raises(NotPermitted):
        hand_back(recall_item=asked(sent, 1), by=third_unit.clerk, reason="Handed back")
    hand_back(recall_item=asked(sent, 1), by=other_unit.clerk, reason="Handed back")
    with pytest.raises(NotPermitted):
        confirm_return(recall_item=asked(sent, 1), by=third_unit.clerk, reason="Returned")
    # Nor does the recipient confirm its own hand-back.
    with pytest.raises(NotPermitted):
        confirm_return(recall_item=asked(sent, 1), by=other_unit.clerk, reason="Returned")
    assert not visible_recall_items(third_unit.clerk).exists()


def test_the_issuer_cannot_confirm_a_copy_not_yet_handed_back(office, sent):
    recall(office, sent, [1])

    with pytest.raises(InvalidState) as refused:
        confirm_return(recall_item=asked(sent, 1), by=office.clerk, reason="Returned")

    assert "has not been handed back by Finance Division yet" in refused.value.message


def test_an_outside_organs_copy_is_recorded_returned_by_the_issuers_clerk(office, other_unit, sent):
    recall(office, sent, [4])
    with pytest.raises(InvalidState):
        hand_back(recall_item=asked(sent, 4), by=other_unit.clerk, reason="Handed back")

    record_organ_return(recall_item=asked(sent, 4), by=office.clerk, reason="Returned by courier")

    assert copy_of(sent, 4).status == CopyStatus.IN_REGISTRY
    assert asked(sent, 4).status == RecallStatus.RECOVERED


def test_the_recipients_clerk_sees_the_request_and_the_issuer_the_return(office, other_unit, sent):
    recall(office, sent, [1, 2])
    assert [r.item.copy.number for r in recalled_from(other_unit.clerk)] == [1, 2]
    assert not recalled_from(office.clerk).exists()

    hand_back(recall_item=asked(sent, 2), by=other_unit.clerk, reason="Handed back")

    assert [r.item.copy.number for r in recalled_from(other_unit.clerk)] == [1]
    assert [r.item.copy.number for r in returns_to_confirm(office.clerk)] == [2]
    assert not returns_to_confirm(other_unit.clerk).exists()


def test_a_recovered_copy_can_be_dispatched_again(office, other_unit, sent):
    recall(office, sent, [1])
    hand_back(recall_item=asked(sent, 1), by=other_unit.clerk, reason="Handed back")
    confirm_return(recall_item=asked(sent, 1), by=office.clerk, reason="Returned")

    dispatch_copies(document=sent, lines=[(copy_of(sent, 1), other_unit.registry)], by=office.clerk, reason="Again")

    assert item_of(sent, 1).status == ItemStatus.IN_TRANSIT


def test_knowledge_scope_does_not_travel_with_the_copy(office, other_unit, sent):
    """Who knows the issuer's notice does not know Finance's copy: Finance's people reach it by Finance's decision."""
    from documents.selectors import may_know, visible_documents

    received = item_of(sent, 1).received_copy.document
    assert may_know(office.leader, sent) and not may_know(office.leader, received)
    assert not visible_documents(other_unit.reader).filter(pk=received.pk).exists()
    assert not visible_documents(other_unit.reader).filter(pk=sent.pk).exists()

    change_scope(document=received, by=other_unit.clerk, reason="Needs it", add_users=[other_unit.reader],
                 proof=proved(other_unit.clerk))

    assert visible_documents(other_unit.reader).filter(pk=received.pk).exists()
    # Finance's decision reaches Finance's copy only, never the issuer's document.
    assert not visible_documents(other_unit.reader).filter(pk=sent.pk).exists()
    assert received.history.first().history_user == other_unit.clerk
