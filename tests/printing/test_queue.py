"""Prints are done by task workers (`manage.py db_worker` processes), never by the web process that asked.

Each test runs real workers on the test database (tests/printing/workers.py)
and the web request in this process, with the database task backend: what
the request leaves behind is a row, and only a worker turns it into a PDF.
"""

import hashlib
import re
import signal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from documents.levels import Level
from documents.models import PrintRecord
from printing.models import PrintJob, PrintJobStatus
from printing.models import PartStatus, PrintFile, PrintPart, Stage
from tests.factories import PASSWORD, DocumentFactory
from tests.pdf_reading import flat, page_texts
from tests.printing.workers import DATABASE_BACKEND, start_worker, stop, wait_until, workers
from tests.test_two_servers import Browser, clerk, servers  # noqa: F401 - fixtures

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]
YEAR = timezone.localdate().year


@pytest.fixture
def queue(settings, tmp_path):
    settings.TASKS = DATABASE_BACKEND
    # Nothing on this machine's disk: a print is in the database or nowhere.
    settings.PRINTS_ROOT = tmp_path / "no-prints-here"
    return settings


def registration(office):
    return {"registry": office.registry.pk, "year": YEAR}


def ask_for_print(client, office):
    return client.post(reverse("documents:print_registration"), registration(office))


def register(office, count, copies, *, title="ROW"):
    for number in range(count):
        level = Level.TOP_SECRET if number == count - 1 else Level.SECRET
        DocumentFactory(registry=office.registry, by=office.clerk, copies_count=copies, level=level,
                        title=f"{title}{number:02d}X")


def row_keys(pdf):
    """(copy number, title) of every printed row, in print order: `…-3 1 of 3 ROW00X` in the text."""
    keys = re.findall(r"(\d+)of\d+(ROW\d\dX)", flat("".join(page_texts(pdf))))
    # Without spaces the copy number runs into the registry number before it: keep what the row can end with.
    return [(digits, title) for digits, title in keys]


def rows_are(keys, count, copies):
    expected = [(copy, f"ROW{number:02d}X") for number in range(count) for copy in range(1, copies + 1)]
    return len(keys) == len(expected) and all(
        title == want_title and digits.endswith(str(copy)) for (digits, title), (copy, want_title) in zip(keys, expected)
    )


def finished(job):
    job.refresh_from_db()
    return job.is_finished and job


def test_a_print_asked_with_no_worker_running_waits_in_the_queue_and_a_worker_started_later_does_it(
    client, office, queue, tmp_path
):
    queue.PRINT_WAIT_SECONDS = 0
    register(office, 2, 3)
    client.force_login(office.clerk)

    response = ask_for_print(client, office)

    job = PrintJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("printing:job", args=[job.pk])
    page = client.get(response["Location"]).content.decode()
    assert 'data-state="queued"' in page and "Queued" in page
    assert PrintRecord.objects.count() == 0  # nothing was printed by the web process
    with workers(tmp_path, 1):
        wait_until(lambda: finished(job), "the worker prints the queued job", tmp_path=tmp_path)
    assert job.status == PrintJobStatus.DONE
    page = client.get(reverse("printing:job", args=[job.pk])).content.decode()
    assert 'data-state="done"' in page and job.record.display_code in page
    pdf = b"".join(client.get(reverse("printing:download", args=[job.pk])).streaming_content)
    assert rows_are(row_keys(pdf), 2, 3)
    assert hashlib.sha256(pdf).hexdigest() == job.record.sha256


def test_a_small_print_is_handed_over_in_the_request_once_a_worker_has_done_it(client, office, queue, tmp_path):
    queue.PRINT_WAIT_SECONDS = 120
    register(office, 1, 2, title="ROW")
    client.force_login(office.clerk)

    with workers(tmp_path, 1):
        response = ask_for_print(client, office)

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert rows_are(row_keys(response.content), 1, 2)
    job = PrintJob.objects.get()
    # Handed over, it is not kept: the bytes left the database with the answer.
    assert PrintFile.objects.get(job=job).size == 0
    assert client.get(reverse("printing:download", args=[job.pk])).status_code == 404


def test_two_workers_print_one_large_ledger_in_parallel_and_any_server_hands_it_over(
    client, office, queue, tmp_path, clerk, servers  # noqa: F811
):
    register(office, 20, 100)  # 2,000 rows: four chunks of 500
    client.force_login(office.clerk)

    with workers(tmp_path, 2, print_chunk_rows=500):
        response = ask_for_print(client, office)
        job = PrintJob.objects.get()
        assert response["Location"] == reverse("printing:job", args=[job.pk])
        wait_until(lambda: finished(job), "two workers print 2,000 rows", seconds=900, tmp_path=tmp_path)

    assert job.status == PrintJobStatus.DONE, job.error
    chunks = PrintPart.objects.filter(job=job, stage=Stage.CHUNK)
    assert chunks.count() == 4 and all(chunk.status == PartStatus.DONE for chunk in chunks)
    # Each worker laid out chunks of its own: the ledger was printed by both at once.
    assert len({chunk.worker.split(":")[1] for chunk in chunks}) == 2
    # Nothing of the chunks is kept once joined: only the file.
    assert all(chunk.pdf is None and chunk.html == "" for chunk in chunks)
    record = PrintRecord.objects.get()
    assert record == job.record and record.row_count == 2000

    # Another app server (its own process, nothing on its disk) hands the PDF over from the database.
    other = Browser(servers[1])
    other.sign_in("clerk")
    with other.opener.open(other.base + reverse("printing:download", args=[job.pk]), timeout=60) as answer:
        pdf = answer.read()
    assert hashlib.sha256(pdf).hexdigest() == record.sha256
    pages = page_texts(pdf)
    assert len(pages) == record.pages
    assert rows_are(row_keys(pdf), 20, 100)
    assert record.display_code in pages[0] and record.display_code in pages[-1]
    assert f"{len(pages)} / {len(pages)}" in pages[-1]
    assert flat("End of ledger") in flat(pages[-1])


def test_a_worker_killed_mid_chunk_leaves_it_to_another_and_the_page_says_so(client, office, queue, tmp_path):
    register(office, 6, 100)  # 600 rows: three chunks of 200
    client.force_login(office.clerk)
    # A short lease, as the test's own setting: a dead worker's chunk is queued again within seconds.
    short = {"print_chunk_rows": 200, "print_lease_seconds": 6, "print_sweep_seconds": 1, "print_max_attempts": 5}
    queue.PRINT_MAX_ATTEMPTS = 5

    doomed = start_worker(tmp_path, "doomed", **short)
    try:
        ask_for_print(client, office)
        job = PrintJob.objects.get()
        held = wait_until(
            lambda: PrintPart.objects.filter(job=job, stage=Stage.CHUNK, status=PartStatus.RUNNING).first(),
            "the first worker starts a chunk", tmp_path=tmp_path,
        )
    finally:
        stop(doomed, signal.SIGKILL)

    # Its lease runs out; the job page (or any worker's sweep) puts the chunk back in the queue and says so.
    page = wait_until(
        lambda: (text := client.get(reverse("printing:job", args=[job.pk])).content.decode())
        and 'data-state="retrying"' in text and text,
        "the job page tells of the retry", seconds=120, tmp_path=tmp_path,
    )
    assert "A worker stopped while printing this ledger" in page
    held.refresh_from_db()
    assert held.status == PartStatus.QUEUED and held.lost == 1

    with workers(tmp_path, 1, **short):
        wait_until(lambda: finished(job), "another worker finishes the print", seconds=600, tmp_path=tmp_path)

    assert job.status == PrintJobStatus.DONE, job.error
    held.refresh_from_db()
    assert held.status == PartStatus.DONE and held.attempts == 2
    pdf = b"".join(client.get(reverse("printing:download", args=[job.pk])).streaming_content)
    # Every row once, in order: the chunk the dead worker held was laid out again, not lost nor doubled.
    assert rows_are(row_keys(pdf), 6, 100)
    assert PrintRecord.objects.count() == 1
