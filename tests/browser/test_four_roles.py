"""The main flow as the four roles, in Chromium: the clerk registers and circulates, the leader approves,
the reader receives and returns, the inspector prints the audit ledger that shows all of it.

With SCREENSHOT_DIR set (make screenshots) each page is saved for the README.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from documents.models import Circulation, CirculationStatus, CopyStatus, Document, PrintRecord
from tests.browser.conftest import pick_person, shoot, shoot_pdf, sign_in, sign_out
from tests.factories import PASSWORD
from tests.pdf_reading import flat, page_texts

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "关于加强涉密载体管理的通知"


def _register(page, office):
    page.click("text=Register a document")
    page.select_option("#id_direction", "incoming")
    page.fill("#id_title", TITLE)
    page.fill("#id_originating_organ", "省委保密委员会")
    page.fill("#id_reference_number", "省保委〔2026〕31号")
    page.select_option("#id_level", "2")
    page.fill("#id_date_classified", "2026-10-09")
    page.fill("#id_pages", "6")
    page.fill("#id_copies_count", "1")
    for user in (office.leader, office.reader):
        pick_person(page, "scope_users", user.username)
    shoot(page, "10-clerk-registers")
    page.click("button:has-text('Register')")
    expect(page.locator("h1")).to_contain_text(TITLE)


def test_clerk_leader_reader_and_inspector_walk_a_document_from_registration_to_the_audit_ledger(
    page, live_server, office
):
    # The clerk registers the document and proposes its circulation to the reader.
    sign_in(page, live_server, "clerk", PASSWORD)
    _register(page, office)
    document = Document.objects.get(title=TITLE)
    page.click("text=Propose circulation")
    pick_person(page, "readers", office.reader.username)
    shoot(page, "11-clerk-proposes-circulation")
    page.click("button:has-text('Propose the list')")
    sign_out(page)

    # The leader finds it waiting and approves it.
    sign_in(page, live_server, "leader", PASSWORD)
    page.goto(f"{live_server.url}/circulations/awaiting/")
    expect(page.locator("body")).to_contain_text(TITLE)
    shoot(page, "12-leader-approves")
    page.click("button:has-text('Approve as proposed')")
    sign_out(page)

    # The clerk hands the copy out.
    circulation = Circulation.objects.get(copy__document=document)
    sign_in(page, live_server, "clerk", PASSWORD)
    page.goto(f"{live_server.url}/circulations/{circulation.pk}/")
    page.click("button:has-text('Hand out to')")
    sign_out(page)

    # The reader sees the copy they hold on their home page and marks it read.
    sign_in(page, live_server, "reader", PASSWORD)
    expect(page.locator("body")).to_contain_text(TITLE)
    shoot(page, "13-reader-holds-the-copy")
    page.goto(f"{live_server.url}/documents/{document.pk}/")
    page.fill("textarea[name=comment]", "已阅。")
    page.click("button:has-text('Mark as read')")
    sign_out(page)

    # The clerk takes it back: the round is complete and the copy is in the registry.
    sign_in(page, live_server, "clerk", PASSWORD)
    page.goto(f"{live_server.url}/circulations/{circulation.pk}/")
    page.click("button:has-text('Take back from')")
    shoot(page, "14-clerk-takes-back")
    sign_out(page)
    circulation.refresh_from_db()
    copy = document.copies.get()
    assert circulation.status == CirculationStatus.COMPLETED
    assert copy.status == CopyStatus.IN_REGISTRY and copy.holder is None

    # The inspector prints this year's audit ledger from the home page and reads the walk in it.
    sign_in(page, live_server, "inspector", PASSWORD)
    page.click("text=Audit ledger")
    shoot(page, "15-inspector-audit-ledger-form")
    with page.expect_download() as download_info:
        page.click("button:has-text('Print (PDF)')")
    download = download_info.value
    pdf = Path(download.path()).read_bytes()
    shoot_pdf(pdf, "16-audit-ledger-pdf")
    pages = page_texts(pdf)
    text = flat("".join(pages))
    assert flat(f"Document {document.registry_number}") in text
    # The copy's rows: registered, handed out to the reader, taken back.
    assert text.count(flat(f"Copy {document.registry_number} / 1")) >= 3
    record = PrintRecord.objects.get(kind="audit", printed_by=office.inspector)
    assert record.display_code in download.suggested_filename
    assert all(re.search(rf"{n}\s*/\s*{len(pages)}", body) for n, body in enumerate(pages, start=1))
    assert all(record.display_code in body for body in pages)
