"""The sweep every worker runs: jobs left by the version that printed in web threads are not left hanging."""

import datetime

import pytest
from django.utils import timezone

from printing.models import PrintJob, PrintJobStatus
from printing.lease import sweep_expired
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


def _legacy_job(office, status):
    year = timezone.localdate().year
    job = PrintJob.objects.create(
        requested_by=office.clerk, kind="registration", title="R", expected_rows=1, status=status,
        params={"registry": office.registry.pk, "year": year, "date_from": f"{year}-01-01", "date_to": f"{year}-12-31"},
    )
    PrintJob.objects.filter(pk=job.pk).update(requested_at=timezone.now() - datetime.timedelta(minutes=5))
    return job


def test_a_job_queued_before_the_upgrade_is_queued_for_the_workers(office):
    DocumentFactory(registry=office.registry, by=office.clerk, copies_count=1)
    job = _legacy_job(office, PrintJobStatus.QUEUED)

    sweep_expired()  # tasks run where enqueued here: the worker's part is done on the spot

    job.refresh_from_db()
    assert job.status == PrintJobStatus.DONE and job.record.row_count == 1


def test_a_job_a_web_thread_was_printing_is_ended_with_a_message(office):
    job = _legacy_job(office, PrintJobStatus.RUNNING)

    sweep_expired()

    job.refresh_from_db()
    assert job.status == PrintJobStatus.FAILED and "interrupted" in job.error
