"""purge_prints deletes what a print left in the database: the file, its parts, the task rows; the record stays."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from documents.models import PrintRecord
from printing.models import PrintJob
from printing.models import PrintFile, PrintPart, Stage
from printing.queue import queue_print
from tests.factories import DocumentFactory
from tests.printing.workers import DATABASE_BACKEND

pytestmark = pytest.mark.django_db(transaction=True)


def test_purge_deletes_the_pdf_its_chunks_and_its_task_rows_but_not_the_record(office, settings):
    from django_tasks_db.models import DBTaskResult

    settings.PRINT_CHUNK_ROWS = 2  # three chunks
    DocumentFactory(registry=office.registry, by=office.clerk, copies_count=5)
    year = timezone.localdate().year
    job = queue_print(by=office.clerk, kind="registration", title="R", expected_rows=5,
                      params={"registry": office.registry.pk, "year": year,
                              "date_from": f"{year}-01-01", "date_to": f"{year}-12-31"})
    job.refresh_from_db()
    assert PrintFile.objects.filter(job=job).exists()
    assert PrintPart.objects.filter(job=job, stage=Stage.CHUNK).count() == 3
    # A finished task row of the database backend, as a worker leaves it.
    settings.TASKS = DATABASE_BACKEND
    from printing.tasks import run_part

    run_part.enqueue(0)
    DBTaskResult.objects.update(status="SUCCESSFUL", finished_at=timezone.now() - datetime.timedelta(days=8))
    PrintJob.objects.filter(pk=job.pk).update(finished_at=timezone.now() - datetime.timedelta(days=8))

    call_command("purge_prints")

    assert not PrintFile.objects.exists() and not PrintPart.objects.exists() and not DBTaskResult.objects.exists()
    assert PrintRecord.objects.filter(pk=job.record_id).exists()
