"""Large ledgers are laid out in chunks by a pool of processes and joined: the reader must not see the seams."""

import hashlib
import re
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from documents.levels import Level
from documents.models import PrintRecord
from printing.models import PrintJob, PrintJobStatus
from documents.pdf.ledgers import build_ledger, print_ledger, registration_params
from tests.factories import DocumentFactory, PASSWORD
from tests.pdf_reading import flat, page_texts

pytestmark = pytest.mark.django_db

DOCUMENTS, COPIES, CHUNK = 8, 3, 7  # 24 rows: chunks of 7, 7, 7 and 3


@pytest.fixture
def ledger_rows(office):
    for number in range(DOCUMENTS):
        level = Level.TOP_SECRET if number == DOCUMENTS - 1 else Level.SECRET
        DocumentFactory(registry=office.registry, by=office.clerk, copies_count=COPIES, level=level, title=f"ROW{number:02d}X")
    return office


def print_registration_ledger(settings, office, *, chunk_rows):
    settings.PRINT_CHUNK_ROWS, settings.PRINT_WORKERS = chunk_rows, 2
    ledger = build_ledger("registration", office.clerk, registration_params(registry=office.registry, year=timezone.localdate().year))
    return print_ledger(ledger, user=office.clerk)


def row_keys(pages):
    """(title, copy) of every printed row, in print order: `1of3ROW00X` in the text without spaces."""
    return re.findall(r"(\d+)of\d+(ROW\d\dX)", flat("".join(pages)))


def test_chunked_ledger_has_the_same_rows_in_the_same_order_as_the_whole_one(settings, ledger_rows):
    whole, _record = print_registration_ledger(settings, ledger_rows, chunk_rows=1000)
    chunked, _record = print_registration_ledger(settings, ledger_rows, chunk_rows=CHUNK)

    whole_pages, chunked_pages = page_texts(whole), page_texts(chunked)

    assert len(chunked_pages) >= 4 > len(whole_pages)  # every chunk starts a new page
    assert len(row_keys(whole_pages)) == DOCUMENTS * COPIES
    assert row_keys(chunked_pages) == row_keys(whole_pages)


def test_every_page_of_a_chunked_ledger_has_the_banner_of_the_whole_ledger_and_n_of_total(settings, ledger_rows):
    pdf, record = print_registration_ledger(settings, ledger_rows, chunk_rows=CHUNK)

    pages = page_texts(pdf)

    # Only the last document is top secret, and it is in the last chunk.
    assert len(pages) >= 4 and record.pages == len(pages)
    # The banner at top and bottom of every page, besides the marking of the top secret rows.
    banner = flat("TOP SECRET ★ 30 years")
    assert sum(flat(text).count(banner) for text in pages) == 2 * len(pages) + COPIES
    for number, text in enumerate(pages, start=1):
        assert flat(text).count(banner) >= 2
        assert f"{number} / {len(pages)}" in text
        assert text.count(" / ") == 1


def test_chunked_ledger_has_its_title_block_once_the_header_on_every_page_and_one_end_line(settings, ledger_rows):
    pdf, _record = print_registration_ledger(settings, ledger_rows, chunk_rows=CHUNK)

    pages = [flat(text) for text in page_texts(pdf)]

    assert "Highestlevel" in pages[0] and not any("Highestlevel" in text for text in pages[1:])
    assert all("Registrynumber" in text and "Originatingorgan" in text for text in pages)
    assert flat("".join(pages)).count(f"Endofledger:{DOCUMENTS * COPIES}rows") == 1
    assert f"Endofledger:{DOCUMENTS * COPIES}rows" in pages[-1]


def test_chunked_ledger_has_one_code_on_every_page_and_one_print_record_matching_the_file(settings, ledger_rows):
    pdf, record = print_registration_ledger(settings, ledger_rows, chunk_rows=CHUNK)

    assert PrintRecord.objects.get() == record
    assert record.row_count == DOCUMENTS * COPIES and record.highest_level == Level.TOP_SECRET
    assert hashlib.sha256(pdf).hexdigest() == record.sha256
    codes = {code for text in page_texts(pdf) for code in re.findall(r"[0-9A-Z]{5}-[0-9A-Z]{5}", text)}
    assert codes == {record.display_code}


@pytest.mark.django_db(transaction=True)
@pytest.mark.slow
def test_background_print_of_a_large_ledger_is_chunked_and_downloads_whole(client, settings, tmp_path, ledger_rows):
    settings.PRINT_BACKGROUND_ROWS, settings.PRINT_CHUNK_ROWS, settings.PRINT_WORKERS = 5, CHUNK, 2
    settings.PRINTS_ROOT = tmp_path / "prints"
    assert client.login(username="clerk", password=PASSWORD)

    response = client.post(
        reverse("documents:print_registration"), {"registry": ledger_rows.registry.pk, "year": timezone.localdate().year}
    )

    job = PrintJob.objects.get()
    assert response.status_code == 302
    deadline = time.monotonic() + 120
    while not job.is_finished and time.monotonic() < deadline:
        time.sleep(0.2)
        job.refresh_from_db()
    assert job.status == PrintJobStatus.DONE, job.error
    pdf = b"".join(client.get(reverse("printing:download", args=[job.pk])).streaming_content)
    pages = page_texts(pdf)
    assert len(pages) >= 4 and job.record.pages == len(pages)
    assert all(f"{number} / {len(pages)}" in text for number, text in enumerate(pages, start=1))
    assert len(row_keys(pages)) == DOCUMENTS * COPIES
    assert hashlib.sha256(pdf).hexdigest() == job.record.sha256
