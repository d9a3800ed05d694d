"""A copy at the end of its life (destroyed, returned to issuer, lost) refuses every procedure that could touch it.

Exhaustive: every end of life against every step that could move, lend, copy or dispose of a copy.
Steps that act on an approval (hand out, lend, make copies, destroy) get a fresh approved row made
for the copy after its end, as a stale approval would be; the service must still refuse. Each
refusal is a LifecycleError about the copy's state, and the copy's row and its history stay exactly as they were.
"""

import datetime

import pytest
from django.utils import timezone

from documents.levels import Level
from documents.models import (
    Circulation,
    CirculationEntry,
    CirculationStatus,
    Copy,
    CopyStatus,
    DestructionItem,
    DestructionList,
    DestructionStatus,
    Loan,
    LoanMode,
    LoanStatus,
    ReproductionKind,
    ReproductionRequest,
    ReproductionStatus,
)
from documents.services import borrowing, circulation, copying, destruction, loss, recovery
from documents.services.errors import InvalidState, LifecycleError
from documents.services.recording import stamp
from tests.factories import DocumentFactory, proved

pytestmark = pytest.mark.django_db

STALE = "test set-up: an approval made before the copy's end was known"


def destroyed(office, copy):
    dlist = destruction.prepare_destruction_list(registry=office.registry, copies=[copy], by=office.clerk, reason="Old")
    destruction.submit_destruction_list(dlist=dlist, by=office.clerk, reason="Complete")
    destruction.approve_destruction_list(dlist=dlist, by=office.leader, reason="Agreed", proof=proved(office.leader))
    destruction.execute_destruction_list(
        dlist=dlist, by=office.clerk, executed_on=timezone.localdate(), place="Shredding room B-104",
        method="shredding", witness_1=office.inspector, witness_2=office.reader2, reason="Destroyed as approved", witness_proofs=[proved(office.inspector), proved(office.reader2)],
    )


def returned(office, copy):
    recovery.recover_copies(
        copies=[copy], issuing_organ="省委办公厅", receipt_reference="QT-1", by=office.clerk, reason="Annual clean-up"
    )


def lost(office, copy):
    loss.report_loss(copy=copy, by=office.clerk, reason="Missing", circumstances="Not in the safe at the evening check")


END_OF_LIFE = {CopyStatus.DESTROYED: destroyed, CopyStatus.RETURNED_TO_ISSUER: returned, CopyStatus.LOST: lost}


def saved(obj, by):
    stamp(obj, by=by, reason=STALE).save()
    return obj


def propose_circulation(office, copy, spare):
    return lambda: circulation.propose_circulation(
        copy=copy, readers=[office.reader], by=office.clerk, reason="For reading"
    )


def hand_out(office, copy, spare):
    now = timezone.now()
    round_ = saved(
        Circulation(
            copy=copy, status=CirculationStatus.APPROVED, proposed_by=office.clerk, proposed_at=now,
            decided_by=office.leader, decided_at=now, decision_reason="Agreed",
        ),
        office.leader,
    )
    saved(CirculationEntry(circulation=round_, reader=office.reader, position=1), office.leader)
    return lambda: circulation.hand_out(circulation=round_, by=office.clerk, reason="Circulation")


def request_loan(office, copy, spare):
    return lambda: borrowing.request_loan(
        copy=copy, borrower=office.reader, by=office.reader, purpose="Drafting a reply", mode=LoanMode.TAKE_OUT,
        due_on=timezone.localdate() + datetime.timedelta(days=3),
    )


def hand_out_loan(office, copy, spare):
    loan = saved(
        Loan(
            copy=copy, borrower=office.reader, requested_by=office.reader, purpose="Drafting a reply",
            mode=LoanMode.TAKE_OUT, due_on=timezone.localdate() + datetime.timedelta(days=3),
            status=LoanStatus.APPROVED, approved_by=office.leader, decided_at=timezone.now(),
        ),
        office.leader,
    )
    return lambda: borrowing.hand_out_loan(loan=loan, by=office.clerk, reason="Handed over")


def request_reproduction(office, copy, spare):
    return lambda: copying.request_reproduction(
        source_copy=copy, kind=ReproductionKind.COPY, count=1, by=office.clerk, reason="Two readers"
    )


def execute_reproduction(office, copy, spare):
    request = saved(
        ReproductionRequest(
            source_copy=copy, kind=ReproductionKind.COPY, count=1, reason="Two readers", requested_by=office.clerk,
            status=ReproductionStatus.APPROVED, approved_by=office.leader, decided_at=timezone.now(),
        ),
        office.leader,
    )
    return lambda: copying.execute_reproduction(request=request, by=office.clerk, reason="Copied")


def recover_copies(office, copy, spare):
    return lambda: recovery.recover_copies(
        copies=[copy], issuing_organ="省委办公厅", receipt_reference="QT-2", by=office.clerk, reason="Clean-up"
    )


def prepare_destruction_list(office, copy, spare):
    return lambda: destruction.prepare_destruction_list(
        registry=office.registry, copies=[copy], by=office.clerk, reason="Old"
    )


def add_to_destruction_list(office, copy, spare):
    dlist = destruction.prepare_destruction_list(registry=office.registry, copies=[spare], by=office.clerk, reason="Old")
    return lambda: destruction.add_to_destruction_list(
        dlist=dlist, copies=[copy], by=office.clerk, reason="This one too"
    )


def execute_destruction_list(office, copy, spare):
    dlist = saved(
        DestructionList(
            registry=office.registry, status=DestructionStatus.APPROVED, reason="Old", prepared_by=office.clerk,
            approved_by=office.leader, decided_at=timezone.now(),
        ),
        office.leader,
    )
    saved(DestructionItem(list=dlist, copy=copy), office.leader)
    return lambda: destruction.execute_destruction_list(
        dlist=dlist, by=office.clerk, executed_on=timezone.localdate(), place="Shredding room B-104",
        method="shredding", witness_1=office.inspector, witness_2=office.reader2, reason="Destroyed as approved", witness_proofs=[proved(office.inspector), proved(office.reader2)],
    )


def report_loss(office, copy, spare):
    return lambda: loss.report_loss(
        copy=copy, by=office.clerk, reason="Missing", circumstances="Not in the safe at the evening check"
    )


# Each step makes what it needs, then returns the one call that must be refused.
STEPS = [
    propose_circulation, hand_out, request_loan, hand_out_loan, request_reproduction, execute_reproduction,
    recover_copies, prepare_destruction_list, add_to_destruction_list, execute_destruction_list, report_loss,
]


def snapshot(copy):
    """The copy's row and every row of its history, as the database holds them."""
    row = Copy.objects.filter(pk=copy.pk).values().get()
    history = list(Copy.history.filter(id=copy.pk).order_by("history_id").values())
    return row, history


@pytest.mark.parametrize("step", STEPS, ids=[step.__name__ for step in STEPS])
@pytest.mark.parametrize("end", list(END_OF_LIFE), ids=[status.value for status in END_OF_LIFE])
def test_a_copy_at_the_end_of_its_life_refuses_every_procedure(office, end, step):
    document = DocumentFactory(
        registry=office.registry, by=office.clerk, level=Level.CONFIDENTIAL, copies_count=2,
        scope_users=[office.leader, office.reader, office.reader2],
    )
    copy, spare = document.copies.order_by("number")
    END_OF_LIFE[end](office, copy)
    copy.refresh_from_db()
    assert copy.status == end
    attempt = step(office, copy, spare)
    before = snapshot(copy)

    with pytest.raises(LifecycleError) as refused:
        attempt()

    # Refused because of where the copy is, in words that say so; and nothing moved.
    assert isinstance(refused.value, InvalidState)
    assert str(end.label).lower() in refused.value.message

    assert snapshot(copy) == before
