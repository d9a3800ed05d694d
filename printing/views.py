"""The job page of a print and the download of its PDF: only the person who asked for it sees either."""

import io

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from audit.models import AccessKind
from audit.services.access import record_access
from printing import storage
from printing.lease import sweep_expired
from printing.models import PrintJob, PrintJobStatus
from printing.status import job_state


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
        "printing/job.html",
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
