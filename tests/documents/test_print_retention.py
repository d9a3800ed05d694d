"""Background prints leave the server after PRINT_FILES_KEEP_DAYS; the record of the print stays verifiable."""

import datetime
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from documents.models import PrintJob, PrintJobStatus
from documents.pdf.jobs import start_thread
from tests.factories import PASSWORD, DocumentFactory

# The job runs in its own thread with its own connection, as it does in production.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def printed_job(settings, tmp_path, office):
    """A registration ledger printed as a background job."""
    settings.PRINTS_ROOT = tmp_path / "prints"
    settings.PRINT_FILES_KEEP_DAYS = 7
    DocumentFactory(registry=office.registry, by=office.clerk, copies_count=2, title="保留期限测试")
    year = timezone.localdate().year
    job = PrintJob.objects.create(
        requested_by=office.clerk,
        kind="registration",
        title="Registration ledger",
        params={"registry": office.registry.pk, "registry_code": office.registry.code, "year": year,
                "date_from": f"{year}-01-01", "date_to": f"{year}-12-31"},
        expected_rows=2,
    )
    start_thread(job.pk).join(timeout=120)
    job.refresh_from_db()
    assert job.status == PrintJobStatus.DONE
    return job


def _age(job, days):
    PrintJob.objects.filter(pk=job.pk).update(finished_at=timezone.now() - datetime.timedelta(days=days))


def test_a_file_older_than_the_keeping_period_is_removed_and_its_code_still_verifies(client, office, printed_job):
    path = printed_job.file_path
    _age(printed_job, 8)

    call_command("purge_prints")

    printed_job.refresh_from_db()
    assert printed_job.file_path == ""
    assert not Path(path).exists()
    assert client.login(username="clerk", password=PASSWORD)
    assert client.get(reverse("documents:print_download", args=[printed_job.pk])).status_code == 404
    page = client.get(reverse("documents:print_job", args=[printed_job.pk])).content.decode()
    assert "removed from the server 7 days after printing" in page
    assert reverse("documents:print_download", args=[printed_job.pk]) not in page
    assert client.login(username="inspector", password=PASSWORD)
    verified = client.get(reverse("documents:print_verify"), {"code": printed_job.record.display_code})
    assert verified.status_code == 200 and printed_job.record.sha256 in verified.content.decode()


def test_a_file_within_the_keeping_period_stays_downloadable(client, office, printed_job):
    _age(printed_job, 6)

    call_command("purge_prints")

    printed_job.refresh_from_db()
    assert printed_job.file_path
    assert client.login(username="clerk", password=PASSWORD)
    response = client.get(reverse("documents:print_download", args=[printed_job.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_an_old_file_no_job_points_to_is_removed_but_a_new_one_is_kept(settings, printed_job):
    root = settings.PRINTS_ROOT
    stray_old, stray_new = root / "job-0-old.pdf", root / "job-0-new.pdf"
    stray_old.write_bytes(b"%PDF-1.7 stray")
    stray_new.write_bytes(b"%PDF-1.7 stray")
    ten_days_ago = (timezone.now() - datetime.timedelta(days=10)).timestamp()
    os.utime(stray_old, (ten_days_ago, ten_days_ago))

    call_command("purge_prints")

    assert not stray_old.exists() and stray_new.exists()
    printed_job.refresh_from_db()
    assert Path(printed_job.file_path).is_file()
