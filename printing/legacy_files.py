"""Files under PRINTS_ROOT, written before prints moved into the database: purged like the rest.

A PDF left in PRINTS_ROOT is an uncontrolled copy of classified material on a
disk nobody inventories, so its file goes once the person who asked has had
time to download it (settings.PRINT_FILES_KEEP_DAYS). The PrintRecord stays:
the code printed on the sheets, who printed what and the PDF's SHA-256 are
still there for the inspector to verify. Run `manage.py purge_prints` daily
(docs/deployment.md).
"""

import datetime
import logging
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from printing.models import PrintJob, PrintJobStatus

logger = logging.getLogger(__name__)


def cutoff(now=None):
    return (now or timezone.now()) - datetime.timedelta(days=settings.PRINT_FILES_KEEP_DAYS)


def file_available(job) -> bool:
    if job.status != PrintJobStatus.DONE or not job.file_path:
        return False
    path = Path(job.file_path).resolve()
    return path.is_relative_to(Path(settings.PRINTS_ROOT).resolve()) and path.is_file()


def purge_print_files(*, now=None) -> int:
    """Delete the files of prints finished before the cutoff, and strays as old; return how many files went."""
    before = cutoff(now)
    root = Path(settings.PRINTS_ROOT).resolve()
    removed = 0
    expired = PrintJob.objects.filter(finished_at__lt=before).exclude(file_path="")
    for job in expired.iterator():
        path = Path(job.file_path).resolve()
        if path.is_relative_to(root) and path.is_file():
            path.unlink()
            removed += 1
        # PrintJob is not a tracked model; its PrintRecord keeps the code and hash.
        PrintJob.objects.filter(pk=job.pk).update(file_path="")
    # A file no job points to (a crash between writing it and recording the job) goes by its age.
    if root.is_dir():
        referenced = {str(Path(p).resolve()) for p in PrintJob.objects.exclude(file_path="").values_list("file_path", flat=True)}
        for path in root.glob("*.pdf"):
            modified = datetime.datetime.fromtimestamp(path.stat().st_mtime, tz=datetime.timezone.utc)
            if str(path) not in referenced and modified < before:
                path.unlink()
                removed += 1
    logger.info("purged %d print files finished before %s", removed, before.isoformat())
    return removed
