"""Procedures under way for the demo: what each demo account finds waiting when it signs in."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from documents.levels import Level
from documents.models import Circulation, Copy, CopyStatus, Document
from documents.services import borrowing, circulation, destruction, loss
from documents.services.recording import stamp

REASON = "Demo data"


def load(registry_code="BGS"):
    if Circulation.objects.filter(copy__document__registry__code=registry_code).exists():
        return False
    users = {user.username: user for user in get_user_model().objects.filter(
        username__in=["clerk", "leader", "reader", "reader2"]
    )}
    clerk, leader, reader, reader2 = (users[name] for name in ("clerk", "leader", "reader", "reader2"))
    free = Copy.objects.filter(document__registry__code=registry_code, status=CopyStatus.IN_REGISTRY).select_related(
        "document"
    ).order_by("document__serial", "number")

    def free_copy(level, readers=(reader,)):
        for copy in free.filter(document__level=level):
            scope = set(Document.objects.get(pk=copy.document_id).user_grants.values_list("user_id", flat=True))
            busy = Circulation.objects.filter(copy=copy).exists() or copy.loans.exists()
            if not busy and all(person.pk in scope for person in readers):
                return copy
        return None

    # A secret copy out with the first of two readers.
    copy = free_copy(Level.SECRET, readers=(reader, reader2))
    if copy:
        round_ = circulation.propose_circulation(copy=copy, readers=[reader, reader2], by=clerk, reason=REASON)
        circulation.approve_circulation(circulation=round_, by=leader, reason=REASON)
        circulation.hand_out(circulation=round_, by=clerk, reason=REASON)
    # A reading list waiting for the leader.
    copy = free_copy(Level.CONFIDENTIAL)
    if copy:
        circulation.propose_circulation(copy=copy, readers=[reader], by=clerk, reason=REASON)
    # A loan that is overdue, and a loan request waiting for approval.
    copy = free_copy(Level.CONFIDENTIAL)
    if copy:
        loan = borrowing.request_loan(
            copy=copy, borrower=reader, by=reader, purpose="Preparing the quarterly report", mode="take_out",
            due_on=timezone.localdate() + datetime.timedelta(days=7),
        )
        borrowing.hand_out_loan(loan=loan, by=clerk, reason=REASON)
        loan.refresh_from_db()
        loan.due_on = timezone.localdate() - datetime.timedelta(days=3)
        stamp(loan, by=clerk, reason="Demo data: a loan three days overdue").save()
    copy = free_copy(Level.SECRET)
    if copy:
        borrowing.request_loan(
            copy=copy, borrower=reader, by=reader, purpose="Checking figures for the budget meeting", mode="reading_room",
            due_on=timezone.localdate(),
        )
    # A destruction list submitted for the leader's approval.
    olds = [c for c in free.filter(document__level=Level.INTERNAL)[:3]]
    if olds:
        dlist = destruction.prepare_destruction_list(
            registry=olds[0].document.registry, copies=olds, by=clerk, reason="Annual clean-up of internal material"
        )
        destruction.submit_destruction_list(dlist=dlist, by=clerk, reason=REASON)
    # An open loss incident.
    copy = free_copy(Level.CONFIDENTIAL)
    if copy:
        loss.report_loss(
            copy=copy, by=clerk, reason="Not found at the monthly check",
            circumstances="Not on its shelf at the monthly check; last handed back on the 3rd.",
        )
    return True
