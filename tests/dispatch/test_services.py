"""Dispatch and receipt through the services, on PostgreSQL."""

import datetime

import pytest
from django.utils import timezone

from dispatch.models import DispatchItem, ItemStatus, Problem
from dispatch.selectors import coming_in, find_coming_in, visible_dispatches
from dispatch.services import dispatch_copies, receive_copy, record_returned_receipt, report_not_received
from documents.models import CopyStatus, Direction, Document, Incident
from documents.selectors import visible_documents
from documents.services import borrowing, copying, destruction
from documents.services.circulation import approve_circulation, propose_circulation
from documents.services.copies import move_refusal
from documents.services.errors import InvalidInput, InvalidState, NotPermitted
from documents.services.holds import copy_blockers
from tests.dispatch.conftest import copy_of

pytestmark = pytest.mark.django_db


def send(office, notice, lines, **overrides):
    return dispatch_copies(document=notice, lines=lines, by=overrides.pop("by", office.clerk),
                           reason=overrides.pop("reason", "For action"), **overrides)


def item_for(copy):
    return DispatchItem.objects.get(copy=copy, status=ItemStatus.IN_TRANSIT)


def test_dispatch_puts_the_copies_in_transit_held_by_no_one(office, other_unit, notice):
    send(office, notice, [(copy_of(notice, 1), other_unit.registry), (copy_of(notice, 4), "Provincial Audit Bureau")])

    assert [(c.number, c.status, c.holder) for c in notice.copies.order_by("number")] == [
        (1, CopyStatus.IN_TRANSIT, None), (2, CopyStatus.IN_REGISTRY, None), (3, CopyStatus.IN_REGISTRY, None),
        (4, CopyStatus.IN_TRANSIT, None), (5, CopyStatus.IN_REGISTRY, None),
    ]
    assert copy_of(notice, 1).history.first().history_change_reason.startswith("Dispatched to Finance Division")


def test_copies_to_one_recipient_share_one_recipient_row(office, other_unit, notice):
    dispatch = send(office, notice, [(copy_of(notice, 1), other_unit.registry), (copy_of(notice, 2), other_unit.registry)])

    assert dispatch.recipients.count() == 1
    assert dispatch.recipients.get().items.count() == 2


def test_dispatching_a_copy_that_is_out_is_refused_and_nothing_is_sent(office, other_unit, notice):
    circulation = propose_circulation(copy=copy_of(notice, 2), readers=[office.leader], by=office.clerk, reason="Read")
    approve_circulation(circulation=circulation, by=office.leader, reason="Approved")

    with pytest.raises(InvalidState) as refused:
        send(office, notice, [(copy_of(notice, 1), other_unit.registry), (copy_of(notice, 2), other_unit.registry)])

    assert "circulation under way" in str(refused.value.message)
    assert copy_of(notice, 1).status == CopyStatus.IN_REGISTRY
    assert not DispatchItem.objects.exists()


def test_dispatch_to_its_own_registry_is_refused(office, notice):
    with pytest.raises(InvalidInput) as refused:
        send(office, notice, [(copy_of(notice, 1), office.registry)])

    assert "not to its own registry" in str(refused.value.message)


def test_only_a_clerk_of_the_issuing_registry_dispatches(office, other_unit, notice):
    with pytest.raises(NotPermitted):
        send(office, notice, [(copy_of(notice, 1), other_unit.registry)], by=office.leader)


def test_a_copy_in_transit_cannot_be_handed_out(office, other_unit, notice):
    send(office, notice, [(copy_of(notice, 1), other_unit.registry)])
    copy = copy_of(notice, 1)

    with pytest.raises(InvalidState) as refused:
        propose_circulation(copy=copy, readers=[office.leader], by=office.clerk, reason="Read")
    assert "is in transit to another unit: until it is received it is not handed out" in str(refused.value.message)
    # Nor by any procedure: the transition table itself refuses it.
    assert "in transit; it cannot become out with a reader" in str(move_refusal(copy, CopyStatus.OUT).message)


def test_a_copy_in_transit_cannot_be_lent_copied_or_destroyed(office, other_unit, notice):
    send(office, notice, [(copy_of(notice, 1), other_unit.registry)])
    copy = copy_of(notice, 1)

    assert "in transit" in str(borrowing.check_request_loan(copy, office.leader).message).lower()
    assert "in transit" in str(copying.check_request_reproduction(copy, office.clerk).message).lower()
    with pytest.raises(InvalidState) as refused:
        destruction.prepare_destruction_list(registry=office.registry, copies=[copy], by=office.clerk, reason="Clean-up")
    assert "in transit" in str(refused.value.message).lower()
    assert any("in transit" in reason for reason in copy_blockers(copy))


def test_receipt_registers_the_incoming_document_with_the_issuers_numbers(office, other_unit, notice):
    send(office, notice, [(copy_of(notice, 1), other_unit.registry), (copy_of(notice, 3), other_unit.registry)])

    receive_copy(item=item_for(copy_of(notice, 3)), by=other_unit.clerk, reason="Received")
    receive_copy(item=item_for(copy_of(notice, 1)), by=other_unit.clerk, reason="Received")

    incoming = Document.objects.get(registry=other_unit.registry)
    assert (incoming.direction, incoming.reference_number, incoming.level, incoming.secrecy_period_years) == (
        Direction.INCOMING, "BGS [2026] No. 7", notice.level, 20,
    )
    assert incoming.registry_number.startswith("CWC-") and incoming.registry_number != notice.registry_number
    assert sorted(incoming.copies.values_list("number", flat=True)) == [1, 3]
    assert incoming.copies_count == 2
    assert f"their {notice.registry_number} copy 3" in incoming.history.earliest().history_change_reason


def test_receipt_moves_custody_to_the_recipient(office, other_unit, notice):
    send(office, notice, [(copy_of(notice, 1), other_unit.registry)])

    item = receive_copy(item=item_for(copy_of(notice, 1)), by=other_unit.clerk, reason="Received")

    assert copy_of(notice, 1).status == CopyStatus.DELIVERED
    assert item.received_copy.status == CopyStatus.IN_REGISTRY
    assert visible_documents(other_unit.clerk).filter(pk=item.received_copy.document_id).exists()
    # The recipient's people reach it only through the recipient's own scope decisions.
    assert not visible_documents(other_unit.reader).filter(pk=item.received_copy.document_id).exists()


def test_receiving_a_copy_sent_to_another_unit_is_refused(office, other_unit, third_unit, notice):
    send(office, notice, [(copy_of(notice, 1), third_unit.registry)])
    item = item_for(copy_of(notice, 1))

    with pytest.raises(NotPermitted):
        receive_copy(item=item, by=other_unit.clerk, reason="Received")
    assert not coming_in(other_unit.clerk).exists()
    assert find_coming_in(other_unit.clerk, copy_of(notice, 1).label) is None


def test_receiving_a_copy_twice_is_refused(office, other_unit, notice):
    send(office, notice, [(copy_of(notice, 1), other_unit.registry)])
    item = item_for(copy_of(notice, 1))
    receive_copy(item=item, by=other_unit.clerk, reason="Received")

    with pytest.raises(InvalidState) as refused:
        receive_copy(item=item, by=other_unit.clerk, reason="Received")

    assert "was received on" in str(refused.value.message)


def test_a_scanned_code_finds_the_copy_coming_in(office, other_unit, notice):
    send(office, notice, [(copy_of(notice, 2), other_unit.registry)])
    year, serial = notice.year, notice.serial

    assert find_coming_in(other_unit.clerk, f"bgs-{year}-{serial}-2") == item_for(copy_of(notice, 2))


def test_not_received_opens_an_incident_at_the_issuer(office, other_unit, notice):
    send(office, notice, [(copy_of(notice, 2), other_unit.registry)])

    incident = report_not_received(
        item=item_for(copy_of(notice, 2)), by=other_unit.clerk, reason="Envelope held copy 3",
        problem=Problem.WRONG_COPY, circumstances="The envelope held copy 3 instead of copy 2.",
    )

    assert incident.copy == copy_of(notice, 2) and incident.is_open
    assert copy_of(notice, 2).status == CopyStatus.LOST
    assert "Not received by Finance Division" in incident.circumstances
    assert Incident.objects.filter(copy__document=notice).count() == 1
    assert not Document.objects.filter(registry=other_unit.registry).exists()


def test_not_received_needs_the_circumstances(office, other_unit, notice):
    send(office, notice, [(copy_of(notice, 2), other_unit.registry)])

    with pytest.raises(InvalidInput) as refused:
        report_not_received(item=item_for(copy_of(notice, 2)), by=other_unit.clerk, reason="Missing",
                            problem=Problem.MISSING, circumstances="  ")

    assert "circumstances" in refused.value.errors
    assert copy_of(notice, 2).status == CopyStatus.IN_TRANSIT


def test_returned_receipt_of_an_outside_organ_delivers_its_copies(office, notice):
    dispatch = send(office, notice, [(copy_of(notice, 4), "Provincial Audit Bureau")])
    recipient = dispatch.recipients.get()

    record_returned_receipt(recipient=recipient, signed_by="王芳", signed_on=timezone.localdate(), by=office.clerk,
                            reason="Receipt came back")

    recipient.refresh_from_db()
    assert (recipient.receipt_signed_by, recipient.receipt_recorded_by) == ("王芳", office.clerk)
    assert copy_of(notice, 4).status == CopyStatus.DELIVERED
    assert recipient.items.get().status == ItemStatus.RECEIVED


def test_returned_receipt_dated_tomorrow_is_refused(office, notice):
    dispatch = send(office, notice, [(copy_of(notice, 4), "Provincial Audit Bureau")])

    with pytest.raises(InvalidInput) as refused:
        record_returned_receipt(recipient=dispatch.recipients.get(), signed_by="王芳",
                                signed_on=timezone.localdate() + datetime.timedelta(days=1), by=office.clerk, reason="r")

    assert "signed_on" in refused.value.errors
    assert copy_of(notice, 4).status == CopyStatus.IN_TRANSIT


def test_a_unit_inside_the_registry_confirms_receipt_itself(office, other_unit, notice):
    dispatch = send(office, notice, [(copy_of(notice, 1), other_unit.registry)])

    with pytest.raises(InvalidState):
        record_returned_receipt(recipient=dispatch.recipients.get(), signed_by="x", signed_on=timezone.localdate(),
                                by=office.clerk, reason="r")


def test_the_recipient_sees_nothing_of_the_issuers_registry(office, other_unit, notice):
    send(office, notice, [(copy_of(notice, 1), other_unit.registry)])

    assert not visible_documents(other_unit.clerk).filter(registry=office.registry).exists()
    assert not visible_dispatches(other_unit.clerk).exists()
    assert [item.copy for item in coming_in(other_unit.clerk)] == [copy_of(notice, 1)]
