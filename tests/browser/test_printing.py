"""Printing in Chromium: the clerk's registration ledger, circulation slip and destruction certificate,
and the inspector's audit ledger whose code they then verify."""

from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from documents.levels import Level
from documents.models import PrintRecord
from documents.services import circulation as circulating
from documents.services import destruction
from tests.browser.conftest import shoot, sign_in, sign_out
from tests.factories import PASSWORD, DocumentFactory, proved
from tests.pdf_reading import flat, page_texts

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def download_text(page, click):
    """Click what sends a PDF, catch the download and return its text (spaces and line breaks removed)."""
    with page.expect_download() as caught:
        click()
    download = caught.value
    assert download.suggested_filename.endswith(".pdf")
    return flat("".join(page_texts(Path(download.path()).read_bytes())))


def circulated(office, document):
    circulation = circulating.propose_circulation(
        copy=document.copies.get(number=1), readers=[office.reader, office.reader2], by=office.clerk, reason="For reading"
    )
    circulating.approve_circulation(circulation=circulation, by=office.leader, reason="Agreed")
    for reader in (office.reader, office.reader2):
        circulating.hand_out(circulation=circulation, by=office.clerk, reason="Handed out")
        circulating.take_back(circulation=circulation, by=office.clerk, reason="Taken back")
    return circulation


def destroyed(office, document):
    dlist = destruction.prepare_destruction_list(
        registry=office.registry, copies=[document.copies.get(number=2)], by=office.clerk, reason="No longer needed"
    )
    destruction.submit_destruction_list(dlist=dlist, by=office.clerk, reason="Complete")
    destruction.approve_destruction_list(dlist=dlist, by=office.leader, reason="Agreed", proof=proved(office.leader))
    return destruction.execute_destruction_list(
        dlist=dlist, by=office.clerk, executed_on=timezone.localdate(), place="Shredding room B-104", method="shredding",
        witness_1=office.inspector, witness_2=office.reader2, reason="Destroyed as approved", witness_proofs=[proved(office.inspector), proved(office.reader2)],
    )


def test_clerk_prints_ledger_slip_and_certificate_and_the_inspector_verifies_an_audit_code(page, live_server, office):
    document = DocumentFactory(
        registry=office.registry, by=office.clerk, level=Level.SECRET, title="关于年度保密检查的通知", copies_count=2,
        scope_users=[office.leader, office.reader, office.reader2],
    )
    circulation = circulated(office, document)
    dlist = destroyed(office, document)

    # The clerk prints the registration ledger from the ledger page's "Print…".
    sign_in(page, live_server, "clerk", PASSWORD)
    page.goto(f"{live_server.url}/ledger/")
    page.click("#print-ledger")
    shoot(page, "20-print-registration-form")
    text = download_text(page, lambda: page.click("button:has-text('Print (PDF)')"))
    assert "Registrationledger" in text and text.count("关于年度保密检查的通知") == 2

    # The circulation slip, from the circulation page.
    page.goto(f"{live_server.url}/circulations/{circulation.pk}/")
    shoot(page, "21-circulation-print-slip")
    text = download_text(page, lambda: page.click("#print-slip button"))
    assert "Circulationslip" in text and "关于年度保密检查的通知" in text
    for reader in (office.reader, office.reader2):
        assert flat(reader.get_full_name() or reader.username) in text

    # The destruction certificate, from the executed list's page.
    page.goto(f"{live_server.url}/destruction/{dlist.pk}/")
    shoot(page, "22-destruction-print-certificate")
    text = download_text(page, lambda: page.click("#print-destruction button"))
    assert "Destructioncertificate" in text and "ShreddingroomB-104" in text
    assert flat(office.inspector.get_full_name()) in text and flat(office.reader2.get_full_name()) in text

    # The borrowing ledger form, from the loans page.
    page.goto(f"{live_server.url}/loans/")
    page.click("#print-borrowing")
    expect(page.locator("#id_kind")).to_have_value("borrowing")
    shoot(page, "23-print-procedure-ledger-form")
    sign_out(page)

    # The inspector prints this year's audit ledger, then verifies its code.
    sign_in(page, live_server, "inspector", PASSWORD)
    page.click("text=Audit ledger")
    text = download_text(page, lambda: page.click("button:has-text('Print (PDF)')"))
    record = PrintRecord.objects.get(kind="audit")
    assert "Auditledger" in text and flat(record.display_code) in text
    page.goto(f"{live_server.url}/prints/verify/")
    page.fill("#id_code", record.display_code.lower())
    page.click("button:has-text('Look up')")
    card = page.locator("#print-record")
    expect(card).to_contain_text(record.title)
    expect(card).to_contain_text(record.sha256)
    shoot(page, "24-inspector-verifies-a-code")
    assert set(PrintRecord.objects.values_list("kind", flat=True)) == {"registration", "circulation_slip", "destruction", "audit"}
