"""Finished prints are kept in PostgreSQL (printing.PrintFile), not on a disk (docs/pdf.md, "Where prints are kept").

Each PDF is an uncontrolled copy of classified material. In the database it
is in the one place already protected, backed up and inventoried like the
registry itself: every app server hands it over (no shared directory, no
NFS), and one DELETE purges it everywhere. A print handed over in the
request that asked for it is not kept at all (as before, a person who wants
another copy prints again); a job printed for the job page is kept
PRINT_FILES_KEEP_DAYS days.
"""

import datetime
import hashlib
import logging

from django.conf import settings
from django.utils import timezone

from printing.models import PrintJob, PrintJobStatus
from printing import legacy_files
from printing.models import PrintFile, PrintPart

logger = logging.getLogger(__name__)


def store(job, pdf):
    PrintFile.objects.create(job=job, data=pdf, size=len(pdf), sha256=hashlib.sha256(pdf).hexdigest())


def available(job) -> bool:
    if job.status != PrintJobStatus.DONE:
        return False
    if PrintFile.objects.filter(job=job, handed_over_at__isnull=True).exists():
        return True
    return legacy_files.file_available(job)


def handed_over(job) -> bool:
    return PrintFile.objects.filter(job=job, handed_over_at__isnull=False).exists()


def read(job) -> bytes:
    """The PDF's bytes, from the database (or a file under PRINTS_ROOT printed before prints moved there)."""
    stored = PrintFile.objects.filter(job=job, handed_over_at__isnull=True).values_list("data", flat=True).first()
    if stored is not None:
        return bytes(stored)
    from pathlib import Path

    return Path(job.file_path).resolve().read_bytes()


def hand_over(job) -> bytes:
    """The PDF for the request that asked for it, which then leaves the server (the row stays, empty, as a note)."""
    pdf = read(job)
    PrintFile.objects.filter(job=job).update(data=b"", size=0, handed_over_at=timezone.now())
    return pdf


def cutoff(now=None):
    return (now or timezone.now()) - datetime.timedelta(days=settings.PRINT_FILES_KEEP_DAYS)


def purge(*, now=None) -> int:
    """Delete the PDFs (and what is left of their parts) of prints finished before the cutoff; return how many."""
    before = cutoff(now)
    finished = PrintJob.objects.filter(finished_at__lt=before)
    removed, _by_model = PrintFile.objects.filter(job__in=finished).exclude(size=0).delete()
    PrintFile.objects.filter(job__in=finished).delete()
    PrintPart.objects.filter(job__in=finished).delete()
    _prune_task_rows(before)
    # Files written under PRINTS_ROOT before prints moved into the database.
    removed += legacy_files.purge_print_files(now=now)
    logger.info("purged %d stored prints finished before %s", removed, before.isoformat())
    return removed


def _prune_task_rows(before):
    """Finished task rows say only "run part n": kept as long as the prints, then gone too."""
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.finished().filter(finished_at__lt=before).delete()
