"""Where one procedure meets another: loss ends a loan, an inventory holds copies against disposal."""

import datetime

import pytest
from django.utils import timezone

from documents.levels import Level
from documents.models import CopyStatus, LoanStatus
from documents.selectors import overdue_loans
from documents.services import borrowing, circulation, inventory, loss
from documents.services.destruction import prepare_destruction_list
from documents.services.errors import InvalidState
from documents.services.recovery import recover_copies
from documents.services.recording import stamp
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


def test_a_copy_lost_on_loan_ends_the_loan_and_leaves_the_overdue_list(office):
    document = DocumentFactory(registry=office.registry, by=office.clerk, level=Level.CONFIDENTIAL, scope_users=[office.reader])
    copy = document.copies.first()
    loan = borrowing.request_loan(
        copy=copy, borrower=office.reader, by=office.reader, purpose="Drafting a reply", mode="take_out",
        due_on=timezone.localdate() + datetime.timedelta(days=3),
    )
    borrowing.hand_out_loan(loan=loan, by=office.clerk, reason="Handed over")
    loan.refresh_from_db()
    loan.due_on = timezone.localdate() - datetime.timedelta(days=1)
    stamp(loan, by=office.clerk, reason="test: the due date has passed").save()
    assert overdue_loans(office.clerk).count() == 1

    loss.report_loss(copy=copy, by=office.reader, reason="Lost on the train", circumstances="Left in a bag on the train")

    loan.refresh_from_db()
    assert loan.status == LoanStatus.LOST
    assert overdue_loans(office.clerk).count() == 0


def test_copies_under_an_open_inventory_cannot_be_destroyed_or_recovered(office):
    document = DocumentFactory(registry=office.registry, by=office.clerk, copies_count=2)
    inventory.open_inventory(registry=office.registry, by=office.clerk, reason="Annual inventory")

    with pytest.raises(InvalidState) as refused:
        prepare_destruction_list(registry=office.registry, copies=[document.copies.first()], by=office.clerk, reason="Old")
    assert "inventory" in refused.value.message
    with pytest.raises(InvalidState):
        recover_copies(
            copies=[document.copies.last()], issuing_organ="省委办公厅", receipt_reference="R-1", by=office.clerk, reason="Clean-up"
        )
    assert set(document.copies.values_list("status", flat=True)) == {CopyStatus.IN_REGISTRY}


def test_nobody_who_is_leaving_receives_a_copy(office):
    from documents.services import circulation
    from people.services.personnel import start_departure

    document = DocumentFactory(registry=office.registry, by=office.clerk, scope_users=[office.reader, office.leader])
    round_ = circulation.propose_circulation(copy=document.copies.first(), readers=[office.reader], by=office.clerk, reason="Read")
    circulation.approve_circulation(circulation=round_, by=office.leader, reason="Approved")
    start_departure(
        user=office.reader, kind="leaving", started_on=timezone.localdate(),
        ends_on=timezone.localdate() + datetime.timedelta(days=365), by=office.clerk, reason="Retires",
    )

    with pytest.raises(InvalidState) as refused:
        circulation.hand_out(circulation=round_, by=office.clerk, reason="Hand out")
    assert "leaving" in refused.value.message
    assert document.copies.first().status == CopyStatus.IN_REGISTRY


def test_a_copy_with_a_loan_asked_for_cannot_be_destroyed_or_recovered(office):
    document = DocumentFactory(registry=office.registry, by=office.clerk, level=Level.CONFIDENTIAL, scope_users=[office.reader])
    copy = document.copies.first()
    loan = borrowing.request_loan(
        copy=copy, borrower=office.reader, by=office.reader, purpose="Drafting a reply", mode="take_out",
        due_on=timezone.localdate() + datetime.timedelta(days=3),
    )

    with pytest.raises(InvalidState) as refused:
        prepare_destruction_list(registry=office.registry, copies=[copy], by=office.clerk, reason="Old")
    assert "loan" in refused.value.message
    with pytest.raises(InvalidState):
        recover_copies(copies=[copy], issuing_organ="省委办公厅", receipt_reference="R-1", by=office.clerk, reason="Clean-up")

    loan.refresh_from_db()
    assert loan.status == LoanStatus.APPROVED
    assert document.copies.get(pk=copy.pk).status == CopyStatus.IN_REGISTRY


def test_a_copy_with_a_circulation_under_way_cannot_be_recovered_until_it_is_cancelled(office):
    document = DocumentFactory(registry=office.registry, by=office.clerk, scope_users=[office.reader])
    copy = document.copies.first()
    round_ = circulation.propose_circulation(copy=copy, readers=[office.reader], by=office.clerk, reason="For reading")

    with pytest.raises(InvalidState) as refused:
        recover_copies(copies=[copy], issuing_organ="省委办公厅", receipt_reference="R-1", by=office.clerk, reason="Clean-up")
    assert "circulation" in refused.value.message

    circulation.cancel_circulation(circulation=round_, by=office.clerk, reason="No longer needed")
    recover_copies(copies=[copy], issuing_organ="省委办公厅", receipt_reference="R-1", by=office.clerk, reason="Clean-up")
    assert document.copies.get(pk=copy.pk).status == CopyStatus.RETURNED_TO_ISSUER
