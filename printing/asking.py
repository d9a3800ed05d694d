"""How a view asks for a print: queue it, and hand the PDF over if a worker is quick, else show the job page.

Every app that prints calls `print_or_queue` from its view (after its own
checks of who may print what); the ledger itself is built by
`documents.pdf.ledgers.build_ledger` from the kind and its parameters.
"""

import datetime
import re
import time

from django.conf import settings
from django.contrib import messages
from django.db import connection, transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AccessKind
from audit.services.access import record_access
from documents.pdf.ledgers import build_ledger
from documents.services.errors import LifecycleError
from printing import storage
from printing.models import PrintJob, PrintJobStatus
from printing.queue import queue_print


def print_or_queue(request, kind, params, *, back):
    """Queue the print for a worker; hand the PDF over if it comes quickly, else show the job page.

    No ledger is rendered here: a worker (`manage.py db_worker`) prints it
    (printing/). Up to PRINT_BACKGROUND_ROWS rows this request waits up to
    PRINT_WAIT_SECONDS for the worker and sends the PDF itself, which then
    leaves the server; a larger ledger, or a worker slower than that, goes to
    the job page. A double click sends the same request twice: one print is
    made, not two (docs/pdf.md): prints by one person of one kind are asked
    for one at a time (a lock to the end of the transaction), and the same
    print asked for in the last PRINT_REPEAT_SECONDS goes to the first's page.
    """
    # From the moment this request came in: the twin it may be waiting on began before then.
    since = timezone.now() - datetime.timedelta(seconds=settings.PRINT_REPEAT_SECONDS)
    with transaction.atomic():
        _one_print_at_a_time(request.user, kind)
        try:
            ledger = build_ledger(kind, request.user, params)
        except LifecycleError as error:
            messages.error(request, error.message)
            return redirect(back)
        repeated = _repeated(request, kind, params, ledger, since=since, back=back)
        if repeated is not None:
            return repeated
        job = queue_print(kind=kind, params=params, title=ledger.title, expected_rows=ledger.count, by=request.user)
    if ledger.count <= settings.PRINT_BACKGROUND_ROWS and _wait_for(job):
        if job.status == PrintJobStatus.DONE:
            return _hand_over(request, job)
        messages.error(request, job.error)
        return redirect(back)
    messages.info(request, _("This ledger has %(rows)d rows: it is being printed in the background.") % {"rows": ledger.count})
    return redirect("printing:job", pk=job.pk)


def _wait_for(job):
    """Wait for the worker up to PRINT_WAIT_SECONDS; True if the job finished (the web only reads meanwhile)."""
    deadline = time.monotonic() + settings.PRINT_WAIT_SECONDS
    while True:
        job.refresh_from_db(fields=["status", "error", "record"])
        if job.is_finished:
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.2)


def _hand_over(request, job):
    record = job.record
    pdf = storage.hand_over(job)
    record_access(request, AccessKind.PRINT, f"{job.kind} ledger, code {record.display_code}, {record.row_count} rows")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{job.kind}-ledger-{record.display_code}.pdf"'
    _tell_the_page(request, response)
    return response


def _one_print_at_a_time(user, kind):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext('print:' || %s), %s)", [kind, user.pk])


def _repeated(request, kind, params, ledger, *, since, back):
    """The job page of the same print by the same person since `since`; None if it is new."""
    job = (
        PrintJob.objects.select_related("record")
        .filter(requested_by=request.user, kind=kind, params=params, requested_at__gte=since)
        .exclude(status=PrintJobStatus.FAILED)
        .first()
    )
    if job is None:
        return None
    if job.record is not None:
        messages.info(
            request,
            _("You printed this ledger a moment ago (verification code %(code)s): it is recorded once, not twice. "
              "To print another copy, wait a few seconds and print again.") % {"code": job.record.display_code},
        )
    return redirect("printing:job", pk=job.pk)


TICKET = re.compile(r"^[a-z0-9]{6,40}$")


def _tell_the_page(request, response):
    """Hand back the page's ticket as a cookie: static/js/print-progress.js then knows the PDF has arrived."""
    ticket = request.POST.get("print_ticket", "")
    if TICKET.match(ticket):
        response.set_cookie(
            "print_ticket", ticket, max_age=120, samesite="Strict", secure=request.is_secure(), httponly=False
        )


def recent_jobs(user):
    """The last prints this person asked for, for the list under a print form."""
    return PrintJob.objects.filter(requested_by=user)[:5]
