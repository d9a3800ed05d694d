"""Large ledgers are printed in a background thread, with real transactions (the thread has its own connection)."""

import hashlib
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from documents.models import PrintRecord
from printing.models import PrintJob, PrintJobStatus
from tests.factories import DocumentFactory, PASSWORD
from tests.pdf_reading import flat, page_texts

pytestmark = pytest.mark.django_db(transaction=True)


def wait_for(job, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.is_finished:
            return job
        time.sleep(0.2)
    raise AssertionError(f"job still {job.status} after {seconds} s")


@pytest.fixture
def small_threshold(settings, tmp_path):
    settings.PRINT_BACKGROUND_ROWS = 5
    settings.PRINTS_ROOT = tmp_path / "prints"
    return settings


def test_ledger_over_the_threshold_is_printed_in_background_then_downloaded(client, office, small_threshold):
    DocumentFactory(registry=office.registry, by=office.clerk, copies_count=8, title="后台打印的台账")
    assert client.login(username="clerk", password=PASSWORD)

    response = client.post(
        reverse("documents:print_registration"), {"registry": office.registry.pk, "year": timezone.localdate().year}
    )

    job = PrintJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("printing:job", args=[job.pk])
    wait_for(job)
    assert job.status == PrintJobStatus.DONE and job.progress == 100
    page = client.get(reverse("printing:job", args=[job.pk])).content.decode()
    assert reverse("printing:download", args=[job.pk]) in page and job.record.display_code in page
    form_page = client.get(reverse("documents:print_registration")).content.decode()
    assert reverse("printing:job", args=[job.pk]) in form_page
    download = client.get(reverse("printing:download", args=[job.pk]))
    pdf = b"".join(download.streaming_content)
    record = PrintRecord.objects.get()
    assert record == job.record and record.row_count == 8
    assert flat("".join(page_texts(pdf))).count("后台打印的台账") == 8
    assert record.display_code in page_texts(pdf)[0]
    assert hashlib.sha256(pdf).hexdigest() == record.sha256


def test_background_print_checks_scope_again_when_it_runs(client, office, small_threshold):
    DocumentFactory(registry=office.registry, by=office.clerk, copies_count=8)
    assert client.login(username="inspector", password=PASSWORD)

    client.post(reverse("documents:print_audit"), {"date_from": "2000-01-01", "date_to": "2999-12-31"})
    job = PrintJob.objects.get()
    wait_for(job)

    assert job.status == PrintJobStatus.DONE
    assert job.record.kind == "audit" and job.record.row_count == job.expected_rows
