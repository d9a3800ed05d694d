"""Printing ledgers, following background prints, and verifying a printed code."""

import datetime
import hashlib
import io
import re
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection, transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from documents.forms.prints import (
    AuditPrintForm,
    CompareForm,
    RegistrationPrintForm,
    VerifyForm,
    initial_from_ledger_filter,
    printable_registries,
)
from documents.models import PrintJob, PrintJobStatus, PrintRecord
from printing import storage
from printing.lease import sweep_expired
from printing.queue import queue_print
from printing.status import job_state
from audit.models import AccessKind
from audit.services.access import record_access
from documents.pdf.ledgers import build_ledger
from documents.pdf.permissions import can_print_history
from documents.selectors import visible_documents
from documents.services.errors import LifecycleError
from documents.views.utils import get_visible_or_404
from people.roles import Role
from people.selectors import has_role, units_where
from secrecy_registry.replica import reads_may_lag


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
    return redirect("documents:print_job", pk=job.pk)


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
    return redirect("documents:print_job", pk=job.pk)


TICKET = re.compile(r"^[a-z0-9]{6,40}$")


def _tell_the_page(request, response):
    """Hand back the page's ticket as a cookie: static/js/print-progress.js then knows the PDF has arrived."""
    ticket = request.POST.get("print_ticket", "")
    if TICKET.match(ticket):
        response.set_cookie(
            "print_ticket", ticket, max_age=120, samesite="Strict", secure=request.is_secure(), httponly=False
        )


@login_required
@reads_may_lag
def print_registration(request):
    registries = printable_registries(request.user)
    if request.method == "POST":
        form = RegistrationPrintForm(request.POST, user=request.user)
        if form.is_valid():
            return print_or_queue(request, "registration", form.params(), back="documents:print_registration")
    else:
        form = RegistrationPrintForm(user=request.user, initial=initial_from_ledger_filter(request.GET, registries))
    return render(
        request,
        "documents/prints_registration.html",
        {"form": form, "threshold": settings.PRINT_BACKGROUND_ROWS, "jobs": _recent_jobs(request.user)},
    )


@login_required
@require_POST
@reads_may_lag
def print_history(request, pk):
    document = get_visible_or_404(visible_documents(request.user), pk=pk, request=request)
    return print_or_queue(request, "history", {"document": document.pk}, back=reverse("documents:detail", args=[document.pk]))


def prints_panel(user, document):
    """What the document page shows about printing its history ledger, for clerks and inspectors of its unit."""
    can_print = can_print_history(user, document)
    return {
        "can_print": can_print,
        "recent": (
            PrintRecord.objects.filter(document=document, kind="history").select_related("printed_by")[:5]
            if can_print
            else []
        ),
    }


def _require_inspector(user):
    if not has_role(user, Role.INSPECTOR):
        # No business here: as for any page this person may not see.
        raise Http404


@login_required
@reads_may_lag
def print_audit(request):
    _require_inspector(request.user)
    form = AuditPrintForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        return print_or_queue(request, "audit", form.params(), back="documents:print_audit")
    return render(
        request,
        "documents/prints_audit.html",
        {"form": form, "threshold": settings.PRINT_BACKGROUND_ROWS, "jobs": _recent_jobs(request.user)},
    )


def _recent_jobs(user):
    return PrintJob.objects.filter(requested_by=user)[:5]


def _verifiable(user, code):
    """The print with this code, if `user` printed it or inspects one of the units it is about."""
    record = PrintRecord.objects.select_related("printed_by", "document").filter(code=code).first()
    if record is None:
        return None
    inspected = set(units_where(user, Role.INSPECTOR).values_list("pk", flat=True))
    if record.printed_by_id == user.pk or inspected & set(record.unit_ids or []):
        return record
    return None


@login_required
def verify(request):
    _require_inspector(request.user)
    form = VerifyForm(request.GET or request.POST or None)
    context = {"form": form, "searched": False}
    if form.is_bound and form.is_valid():
        record = _verifiable(request.user, form.cleaned_data["code"])
        context.update(searched=True, record=record, compare_form=CompareForm())
        if record is not None and record.document_id:
            context["document_visible"] = visible_documents(request.user).filter(pk=record.document_id).exists()
        if record is not None and request.method == "POST":
            compare = CompareForm(request.POST, request.FILES)
            if compare.is_valid():
                digest = hashlib.sha256()
                for chunk in compare.cleaned_data["pdf"].chunks():
                    digest.update(chunk)
                context.update(uploaded_sha256=digest.hexdigest(), matches=digest.hexdigest() == record.sha256)
            context["compare_form"] = compare
    return render(request, "documents/prints_verify.html", context)


@login_required
def print_job(request, pk):
    job = get_object_or_404(PrintJob.objects.select_related("record"), pk=pk, requested_by=request.user)
    if not job.is_finished and connection.vendor == "postgresql":
        # The person watching learns within a lease that a worker died: its part is queued again now.
        # (On SQLite the one worker does this itself: see printing/lease.py.)
        sweep_expired(job=job)
        job.refresh_from_db()
    state = job_state(job)
    return render(
        request,
        "documents/prints_job.html",
        {
            "job": job,
            "state": state,
            "refresh": not state.finished,
            "available": storage.available(job),
            "handed_over": storage.handed_over(job),
            "keep_days": settings.PRINT_FILES_KEEP_DAYS,
        },
    )


@login_required
def download_print(request, pk):
    job = get_object_or_404(
        PrintJob.objects.select_related("record"), pk=pk, requested_by=request.user, status=PrintJobStatus.DONE
    )
    if not storage.available(job):
        raise Http404
    pdf = storage.read(job)
    record_access(request, AccessKind.PRINT, f"{job.kind} ledger, code {job.record.display_code}, downloaded")
    return FileResponse(
        io.BytesIO(pdf), as_attachment=True, filename=f"{job.kind}-ledger-{job.record.display_code}.pdf",
        content_type="application/pdf",
    )
