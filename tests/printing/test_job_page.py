"""The job page tells the person where their print is: queued, running n of m, retrying, done, failed."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from printing.models import PrintJob, PrintJobStatus
from printing.models import PartStatus, PrintPart, Stage

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(office):
    return PrintJob.objects.create(requested_by=office.clerk, kind="registration", title="Registration ledger · R1",
                                   params={}, expected_rows=2000)


def page(client, office, job):
    client.force_login(office.clerk)
    response = client.get(reverse("printing:job", args=[job.pk]))
    assert response.status_code == 200
    return response.content.decode()


def parts(job, *statuses, lost=0):
    PrintPart.objects.create(job=job, stage=Stage.PLAN, status=PartStatus.DONE)
    for index, status in enumerate(statuses):
        PrintPart.objects.create(job=job, stage=Stage.CHUNK, index=index, status=status, attempts=int(status != PartStatus.QUEUED or lost),
                                 lost=lost * (index == 0))


def test_a_job_no_worker_has_taken_is_queued(client, office, job):
    PrintPart.objects.create(job=job, stage=Stage.PLAN)
    text = page(client, office, job)
    assert 'data-state="queued"' in text and "No print worker" not in text
    assert '<meta http-equiv="refresh" content="2">' in text


def test_a_job_queued_for_minutes_says_the_workers_may_be_stopped(client, office, job):
    PrintPart.objects.create(job=job, stage=Stage.PLAN)
    PrintJob.objects.filter(pk=job.pk).update(requested_at=timezone.now() - datetime.timedelta(minutes=5))
    assert "No print worker has taken this print yet" in page(client, office, job)


def test_a_chunked_job_shows_how_many_parts_are_laid_out(client, office, job):
    PrintJob.objects.filter(pk=job.pk).update(status=PrintJobStatus.RUNNING, progress=30)
    parts(job, PartStatus.DONE, PartStatus.RUNNING, PartStatus.QUEUED, PartStatus.QUEUED)
    text = page(client, office, job)
    assert 'data-state="running"' in text and "1 of 4 parts laid out" in text


def test_a_part_whose_worker_died_is_retrying(client, office, job):
    PrintJob.objects.filter(pk=job.pk).update(status=PrintJobStatus.RUNNING)
    parts(job, PartStatus.QUEUED, PartStatus.DONE, lost=1)
    text = page(client, office, job)
    assert 'data-state="retrying"' in text
    assert "A worker stopped while printing this ledger" in text and "attempt 2 of 3" in text


def test_a_failed_job_says_why_and_stops_refreshing(client, office, job):
    PrintJob.objects.filter(pk=job.pk).update(status=PrintJobStatus.FAILED, error="The print failed. Try again.")
    text = page(client, office, job)
    assert 'data-state="failed"' in text and "The print failed. Try again." in text
    assert 'http-equiv="refresh"' not in text


def test_someone_elses_job_is_not_found(client, office, job):
    client.force_login(office.inspector)
    assert client.get(reverse("printing:job", args=[job.pk])).status_code == 404
