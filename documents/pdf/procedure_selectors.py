"""The rows of the procedure prints: circulation slip, destruction list/certificate, borrowing, copy and recovery ledgers.

Like documents/pdf/selectors.py, every selector starts from documents.selectors
(visible_circulations, visible_destruction_lists, visible_loans,
visible_reproductions, visible_recoveries, visible_copies) and returns dicts
with a `level`, so the renderer prints the banner of the highest row.
"""

import datetime

from django.utils import timezone
from django.utils.translation import get_language

from documents.levels import marking
from documents.models import LoanStatus, RecoveryItem
from documents.pdf.selectors import _person
from documents.punctuation import listing
from documents.selectors import (
    circulation_round,
    destruction_certificate,
    visible_copies,
    visible_loans,
    visible_reproductions,
)


def _local(moment):
    return timezone.localtime(moment) if moment else None


def _marking(document):
    return marking(
        document.level, document.secrecy_period_years, get_language() or "en",
        declassified=document.declassified_on is not None,
    )


def period_bounds(date_from, date_to):
    """[start, end) as aware datetimes: both dates included; an open end stays None."""
    start = timezone.make_aware(datetime.datetime.combine(date_from, datetime.time.min)) if date_from else None
    end = (
        timezone.make_aware(datetime.datetime.combine(date_to + datetime.timedelta(days=1), datetime.time.min))
        if date_to
        else None
    )
    return start, end


def _within(queryset, field, start, end):
    if start:
        queryset = queryset.filter(**{f"{field}__gte": start})
    if end:
        queryset = queryset.filter(**{f"{field}__lt": end})
    return queryset


# ---------------------------------------------------------------- circulation slip

def circulation_slip_rows(circulation):
    """One row per reader on the list, in reading order: hand-out and return with the two people each time.

    `circulation` comes from visible_circulations(user).
    """
    round_ = circulation_round(circulation)
    level = round_.document.level
    return round_, [
        {
            "level": level,
            "period": round_.document.secrecy_period_years,
            "position": entry.position,
            "reader": _person(entry.reader),
            "handed_out_at": _local(entry.handed_out_at),
            "handed_out_by": _person(entry.handed_out_by) if entry.handed_out_by_id else "",
            "read_at": _local(entry.read_at),
            "comment": entry.comment,
            "returned_at": _local(entry.returned_at),
            "received_by": _person(entry.received_by) if entry.received_by_id else "",
        }
        for entry in round_.entries
    ]


# ---------------------------------------------------------------- destruction list / certificate

def destruction_rows(dlist):
    """The copies, then the devices, of a list from visible_destruction_lists(user), numbered as printed."""
    certificate = destruction_certificate(dlist)
    rows = [{"kind": "copy", **row} for row in certificate["copies"]]
    rows += [{"kind": "device", **row} for row in certificate["devices"]]
    for number, row in enumerate(rows, start=1):
        row["line"] = number
    return certificate, rows


# ---------------------------------------------------------------- borrowing ledger

def borrowing_loans(user, *, registry, date_from=None, date_to=None):
    """Loans of the registry's copies that were out at some moment of the period (handed out before
    it ended, not returned before it began): still-out loans appear in every period after hand-out."""
    start, end = period_bounds(date_from, date_to)
    loans = visible_loans(user).filter(copy__document__registry=registry, handed_out_at__isnull=False)
    if end:
        loans = loans.filter(handed_out_at__lt=end)
    if start:
        loans = loans.exclude(returned_at__lt=start)
    return loans


def borrowing_ledger_rows(user, *, registry, date_from=None, date_to=None, today=None):
    today = today or timezone.localdate()
    loans = (
        borrowing_loans(user, registry=registry, date_from=date_from, date_to=date_to)
        .select_related("copy__document", "borrower", "approved_by", "handed_out_by", "received_by")
        .order_by("handed_out_at", "pk")
    )
    rows = []
    for loan in loans:
        document = loan.copy.document
        returned_on = timezone.localdate(loan.returned_at) if loan.returned_at else None
        rows.append(
            {
                "level": document.level,
                "period": document.secrecy_period_years,
                "copy": loan.copy.label,
                "title": document.title,
                "marking": _marking(document),
                "borrower": _person(loan.borrower),
                "outside_unit": loan.outside_unit,
                "purpose": loan.purpose,
                "mode": loan.get_mode_display(),
                "approved_by": _person(loan.approved_by) if loan.approved_by_id else "",
                "handed_out_at": _local(loan.handed_out_at),
                "handed_out_by": _person(loan.handed_out_by) if loan.handed_out_by_id else "",
                "due_on": loan.due_on,
                "returned_at": _local(loan.returned_at),
                "received_by": _person(loan.received_by) if loan.received_by_id else "",
                "status": loan.get_status_display(),
                "overdue": loan.status == LoanStatus.OUT and loan.due_on < today,
                "returned_late": returned_on is not None and returned_on > loan.due_on,
                "complete": loan.status == LoanStatus.RETURNED and not loan.discrepancy,
                "discrepancy": loan.discrepancy,
            }
        )
    return rows


# ---------------------------------------------------------------- copy (reproduction) ledger

def copying_requests(user, *, registry, date_from=None, date_to=None):
    """Copying and excerpting requests for the registry's copies, asked for within the period."""
    start, end = period_bounds(date_from, date_to)
    requests = visible_reproductions(user).filter(source_copy__document__registry=registry)
    return _within(requests, "requested_at", start, end)


def copying_ledger_rows(user, *, registry, date_from=None, date_to=None):
    requests = (
        copying_requests(user, registry=registry, date_from=date_from, date_to=date_to)
        .select_related("source_copy__document", "requested_by", "approved_by", "executed_by")
        .prefetch_related("copies")
        .order_by("requested_at", "pk")
    )
    rows = []
    for request in requests:
        document = request.source_copy.document
        rows.append(
            {
                "level": document.level,
                "period": document.secrecy_period_years,
                "source": request.source_copy.label,
                "title": document.title,
                "marking": _marking(document),
                "kind": request.get_kind_display(),
                "count": request.count,
                "reason": request.reason,
                "originating_approval": request.originating_approval,
                "requested_by": _person(request.requested_by),
                "requested_at": _local(request.requested_at),
                "approved_by": _person(request.approved_by) if request.approved_by_id else "",
                "decided_at": _local(request.decided_at),
                "executed_by": _person(request.executed_by) if request.executed_by_id else "",
                "executed_at": _local(request.executed_at),
                "status": request.get_status_display(),
                "new_copies": listing(copy.number for copy in sorted(request.copies.all(), key=lambda c: c.number)),
            }
        )
    return rows


# ---------------------------------------------------------------- recovery ledger

def recovery_items(user, *, registry, date_from=None, date_to=None):
    """Copies of the registry handed back to their issuer within the period, one row per copy."""
    start, end = period_bounds(date_from, date_to)
    items = RecoveryItem.objects.filter(
        recovery__registry=registry, copy__in=visible_copies(user).filter(document__registry=registry).values("pk")
    )
    return _within(items, "recovery__recovered_at", start, end)


def recovery_ledger_rows(user, *, registry, date_from=None, date_to=None):
    items = (
        recovery_items(user, registry=registry, date_from=date_from, date_to=date_to)
        .select_related("recovery__recovered_by", "recovery__registry", "copy__document")
        .order_by("recovery__recovered_at", "recovery_id", "copy__document__year", "copy__document__serial", "copy__number")
    )
    rows = []
    for item in items:
        document, recovery = item.copy.document, item.recovery
        rows.append(
            {
                "level": document.level,
                "period": document.secrecy_period_years,
                "record": recovery.label,
                "returned_at": _local(recovery.recovered_at),
                "issuing_organ": recovery.issuing_organ,
                "receipt_reference": recovery.receipt_reference,
                "copy": item.copy.label,
                "title": document.title,
                "reference_number": document.reference_number,
                "marking": _marking(document),
                "pages": document.pages,
                "returned_by": _person(recovery.recovered_by),
                "reason": recovery.reason,
            }
        )
    return rows
