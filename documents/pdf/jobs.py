"""Large ledgers are printed in the background so that no web worker waits minutes on weasyprint.

The view creates a PrintJob and, once that row is committed, starts a daemon
thread in the same process that builds the ledger again for the requester
(role and scope are checked again, at run time), renders it with progress,
stores the PDF under settings.PRINTS_ROOT and records the print. The person
watches the job page, which refreshes itself, and downloads the file there.

Why a thread and not a queue: the registry is deployed as one process per
server on an isolated network, and a thread needs no broker. Its limits: a
job dies with its process (the job page then shows it as interrupted after
STALE_AFTER), and long renders share the process's CPU with the web workers.
For production the same `run_job(job_id)` is meant to be called by a worker
(e.g. a `manage.py` loop polling queued jobs, or Celery/RQ if one is adopted);
nothing else changes (docs/pdf.md).
"""

import datetime
import logging
import os
import threading
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections, connections, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _, gettext_lazy
from weasyprint.urls import FatalURLFetchingError

from documents.models import PrintJob, PrintJobStatus
from documents.pdf.ledgers import build_ledger, print_ledger
from documents.services.errors import LifecycleError
from secrecy_registry.replica import reads_may_lag_once_caught_up

logger = logging.getLogger(__name__)

STALE_AFTER = datetime.timedelta(hours=2)
STEPS = {
    "selecting": gettext_lazy("Selecting rows"),
    "layout": gettext_lazy("Laying out pages"),
    "writing": gettext_lazy("Writing the PDF"),
    "done": gettext_lazy("Done"),
}


def queue_print(*, kind, params, title, expected_rows, by) -> PrintJob:
    """Create the job and start it once the row is committed."""
    job = PrintJob.objects.create(
        requested_by=by,
        kind=kind,
        params=params,
        title=title[:300],
        expected_rows=expected_rows,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    transaction.on_commit(lambda: start_thread(job.pk))
    return job


def start_thread(job_id):
    thread = threading.Thread(target=run_job, args=(job_id,), name=f"print-job-{job_id}", daemon=True)
    thread.start()
    return thread


def run_job(job_id):
    """Run one job to the end. Whatever happens, the job ends done or failed, never stuck at running."""
    close_old_connections()
    try:
        job = PrintJob.objects.select_related("requested_by").get(pk=job_id)
        if job.status != PrintJobStatus.QUEUED:
            return
        _update(job, status=PrintJobStatus.RUNNING, step="selecting", progress=1)
        with translation.override(job.language):
            try:
                # Rows from the replica once it has what the requester saw; the record on the primary.
                with reads_may_lag_once_caught_up():
                    ledger = build_ledger(job.kind, job.requested_by, job.params)
                    pdf, record = print_ledger(ledger, user=job.requested_by, progress=_reporter(job))
                path = _store(job, record.code, pdf)
            except LifecycleError as error:
                _fail(job, str(error.message))
            # A background thread has nobody above it to catch anything: without
            # this the job would stay "running" forever. FatalURLFetchingError is
            # a BaseException (see documents/pdf/fetcher.py), hence named too.
            except (Exception, FatalURLFetchingError):
                logger.exception("print job %s failed", job_id)
                _fail(job, _("The print failed. Try again; if it fails again, tell your administrator."))
            else:
                _update(
                    job, status=PrintJobStatus.DONE, progress=100, step="done", record=record, file_path=str(path),
                    finished_at=timezone.now(),
                )
    finally:
        connections.close_all()


def _reporter(job):
    last = {"percent": -1}

    def report(fraction, step):
        percent = max(1, min(99, int(fraction * 100)))
        if percent != last["percent"]:
            last["percent"] = percent
            _update(job, progress=percent, step=step)

    return report


def _update(job, **fields):
    # PrintJob is not a tracked model: a plain UPDATE of its own row is right here.
    for name, value in fields.items():
        setattr(job, name, value)
    PrintJob.objects.filter(pk=job.pk).update(**fields)


def _fail(job, message):
    _update(job, status=PrintJobStatus.FAILED, error=message, finished_at=timezone.now())


def _store(job, code, pdf):
    root = Path(settings.PRINTS_ROOT)
    os.makedirs(root, mode=0o700, exist_ok=True)
    path = root / f"job-{job.pk}-{code}.pdf"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(pdf)
    return path


def is_stale(job):
    return not job.is_finished and job.requested_at < timezone.now() - STALE_AFTER


def step_label(job):
    return STEPS.get(job.step, job.step)
