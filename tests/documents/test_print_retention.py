"""Background prints leave the database after PRINT_FILES_KEEP_DAYS; the record of the print stays verifiable."""

import datetime
import os

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from printing.models import PrintJob, PrintJobStatus
from printing.models import PrintFile
from printing.queue import queue_print
from tests.factories import PASSWORD, DocumentFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def printed_job(settings, tmp_path, office):
    """A registration ledger printed as a background job."""
    settings.PRINTS_ROOT = tmp_path / "prints"
    settings.PRINT_FILES_KEEP_DAYS = 7
    DocumentFactory(registry=office.registry, by=office.clerk, copies_count=2, title="保留期限测试")
    year = timezone.localdate().year
    # Tasks run where they are enqueued here (tests/conftest.py): the job is done when this returns.
    job = queue_print(
        by=office.clerk,
        kind="registration",
        title="Registration ledger",
        params={"registry": office.registry.pk, "registry_code": office.registry.code, "year": year,
                "date_from": f"{year}-01-01", "date_to": f"{year}-12-31"},
        expected_rows=2,
    )
    job.refresh_from_db()
    assert job.status == PrintJobStatus.DONE
    return job


def _age(job, days):
    PrintJob.objects.filter(pk=job.pk).update(finished_at=timezone.now() - datetime.timedelta(days=days))


def test_a_file_older_than_the_keeping_period_is_removed_and_its_code_still_verifies(client, office, printed_job):
    assert PrintFile.objects.filter(job=printed_job).exists()
    _age(printed_job, 8)

    call_command("purge_prints")

    assert not PrintFile.objects.filter(job=printed_job).exists()
    assert client.login(username="clerk", password=PASSWORD)
    assert client.get(reverse("printing:download", args=[printed_job.pk])).status_code == 404
    page = client.get(reverse("printing:job", args=[printed_job.pk])).content.decode()
    assert "removed from the server 7 days after printing" in page
    assert reverse("printing:download", args=[printed_job.pk]) not in page
    assert client.login(username="inspector", password=PASSWORD)
    verified = client.get(reverse("documents:print_verify"), {"code": printed_job.record.display_code})
    assert verified.status_code == 200 and printed_job.record.sha256 in verified.content.decode()


def test_a_file_within_the_keeping_period_stays_downloadable(client, office, printed_job):
    _age(printed_job, 6)

    call_command("purge_prints")

    assert PrintFile.objects.filter(job=printed_job).exists()
    assert client.login(username="clerk", password=PASSWORD)
    response = client.get(reverse("printing:download", args=[printed_job.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_files_left_under_prints_root_by_an_older_version_go_by_their_age(settings, printed_job):
    root = settings.PRINTS_ROOT
    root.mkdir(parents=True, exist_ok=True)
    stray_old, stray_new = root / "job-0-old.pdf", root / "job-0-new.pdf"
    stray_old.write_bytes(b"%PDF-1.7 stray")
    stray_new.write_bytes(b"%PDF-1.7 stray")
    ten_days_ago = (timezone.now() - datetime.timedelta(days=10)).timestamp()
    os.utime(stray_old, (ten_days_ago, ten_days_ago))

    call_command("purge_prints")

    assert not stray_old.exists() and stray_new.exists()
    assert PrintFile.objects.filter(job=printed_job).exists()
