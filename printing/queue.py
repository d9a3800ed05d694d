"""Asking for a print: the job, its first part and the task that runs it, in the asker's transaction.

The task row is a row of the same database (django-tasks-db), written in the
same transaction as the job: both are there or neither is, so no job waits
for a start that was never sent (the thread of old started on commit).
"""

from django.conf import settings
from django.db import transaction
from django.utils import translation

from printing.models import PrintJob
from printing.models import PrintPart, Stage


def queue_print(*, kind, params, title, expected_rows, by) -> PrintJob:
    with transaction.atomic():
        return _queue(kind=kind, params=params, title=title, expected_rows=expected_rows, by=by)


def _queue(*, kind, params, title, expected_rows, by):
    job = PrintJob.objects.create(
        requested_by=by,
        kind=kind,
        params=params,
        title=title[:300],
        expected_rows=expected_rows,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    enqueue_part(PrintPart.objects.create(job=job, stage=Stage.PLAN))
    return job


def enqueue_part(part):
    """Queue the task that runs `part` and remember its id (to mark it failed if its worker dies)."""
    from printing.tasks import run_part

    result = run_part.enqueue(part.pk)
    PrintPart.objects.filter(pk=part.pk).update(task_id=str(result.id)[:64])
    return result
