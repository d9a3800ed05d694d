"""Issue 6 in the browser: archives, the reading room, a departing reader, a USB key's life to its scrapping."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from carriers.models import Device, DeviceStatus
from documents.models import PrintRecord
from tests.archives.conftest import hand_out, take_back
from tests.browser.conftest import pick_person, shoot, sign_in
from tests.factories import PASSWORD, DocumentFactory
from tests.pdf_reading import flat, page_texts
from people.names import person_name

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_clerk_files_three_copies_and_an_outside_visitor_consults_after_approval(page, live_server, office):
    DocumentFactory(registry=office.registry, by=office.clerk, title="关于2026年度保密检查的通知", copies_count=3)
    sign_in(page, live_server, "clerk", PASSWORD)
    page.click("nav.mainnav >> text=Archives")
    page.click("text=Open a new volume")
    page.fill("#id_volume_number", "2026-P-001")
    page.fill("#id_title", "2026年度保密工作文件")
    page.fill("#id_year", "2026")
    page.select_option("#id_retention_period", "permanent")
    page.fill("#id_location", "Archive room 1, cabinet 2")
    page.click("button:has-text('Open the volume')")
    page.click("text=File copies into this volume")
    for box in page.locator("input[name=copies]").all():
        box.check()
    page.click("button:has-text('File the chosen copies')")
    expect(page.locator("#catalogue tbody tr")).to_have_count(3)
    expect(page.locator("#catalogue")).to_contain_text("Archived")
    shoot(page, "archives-volume")

    with page.expect_download() as download:
        page.click("#print-catalogue")
    pages = page_texts(Path(download.value.path()).read_bytes())
    text = flat("".join(pages))
    assert text.count("关于2026年度保密检查的通知") == 3
    assert "2026-P-001" in text
    record = PrintRecord.objects.get(kind="volume_catalogue")
    for number, sheet in enumerate(pages, start=1):
        assert sheet.count("SECRET ★ 20 years") >= 2 and f"{number} / {len(pages)}" in sheet and record.display_code in sheet

    page.click("text=Record a consultation request")
    page.check("input[name=kind][value=outside]")
    page.fill("#id_visitor_unit", "Provincial Audit Office")
    page.fill("#id_letter_issued_by", "Provincial Audit Office")
    page.fill("#id_letter_number", "审介〔2026〕8号")
    page.fill("#id_visitor_name", "Ma Lin 马琳")
    page.fill("#id_visitor_identity", "ID card 110101199001011234")
    page.fill("#id_purpose", "Audit of the 2026 budget files")
    page.click("button:has-text('Record the request')")
    expect(page.locator("#actions")).to_contain_text("Awaiting a leader's approval")
    consultation_url = page.url

    page.context.clear_cookies()
    sign_in(page, live_server, "leader", PASSWORD)
    page.goto(consultation_url)
    page.fill("#id_reason", "Approved: letter checked")
    page.click("button:has-text('Approve')")
    expect(page.locator("#status")).to_have_text("Approved")

    page.context.clear_cookies()
    sign_in(page, live_server, "clerk", PASSWORD)
    page.goto(consultation_url)
    page.click("button:has-text('Open a reading-room session')")
    page.click("button:has-text('Close the session')")
    page.goto(f"{live_server.url}/archives/reading-room/")
    row = page.locator("#log tbody tr").first
    expect(row).to_contain_text("Ma Lin 马琳")
    expect(row).to_contain_text("2026-P-001")
    # The supervising clerk by name (people.names), as everywhere.
    expect(row).to_contain_text(person_name(office.clerk))
    shoot(page, "archives-reading-room-log")


def test_a_departing_reader_who_holds_a_copy_is_stopped(page, live_server, office):
    document = DocumentFactory(registry=office.registry, by=office.clerk, scope_users=[office.reader], copies_count=1)
    copy = hand_out(document.copies.get(), to=office.reader, by=office.clerk)
    sign_in(page, live_server, "clerk", PASSWORD)
    page.goto(f"{live_server.url}/people/{office.reader.pk}/")
    page.check("input[name=kind][value=leaving]")
    page.fill("#departure #id_reason", "Transferred")
    page.click("button:has-text('Start the departure')")
    expect(page.locator("#hand-back")).to_contain_text(copy.label)

    page.click("button:has-text('Complete the departure')")

    expect(page.locator("#departure .error, #departure .errors")).to_contain_text("must be handed back first")
    shoot(page, "personnel-departure-stopped")

    take_back(copy, by=office.clerk)
    page.goto(f"{live_server.url}/people/{office.reader.pk}/")
    expect(page.locator("#hand-back")).not_to_contain_text(copy.label)
    page.fill("#departure form[action*='/complete/'] input[name=reason]", "Every copy handed back")
    page.click("button:has-text('Complete the departure')")
    expect(page.locator("#departure table")).to_contain_text("Completed")


def test_a_usb_key_changes_custodian_and_is_scrapped_with_a_destruction_certificate(page, live_server, office):
    sign_in(page, live_server, "clerk", PASSWORD)
    page.goto(f"{live_server.url}/devices/")
    page.select_option("#id_kind", "usb")
    page.fill("#id_asset_number", "U-2026-007")
    page.fill("#id_model_name", "Kingston DT 32G")
    page.fill("#id_serial_number", "KS-889-0042")
    page.select_option("#id_level", "2")
    pick_person(page, "custodian", office.reader.username)
    page.fill("#id_location", "Room 301 safe")
    page.select_option("#id_network", "none")
    page.click("form.card button.primary")
    expect(page.locator("h1")).to_contain_text("U-2026-007")

    pick_person(page, "custodian", office.reader2.username)
    page.fill("form[action$='/custodian/'] input[name=reason]", "reader leaves the project")
    page.click("button:has-text('Hand over')")
    expect(page.locator(".messages")).to_contain_text("Custodian changed.")
    assert Device.objects.get().custodian == office.reader2

    page.fill("#scrapping input[name=reason]", "Worn out: the key no longer mounts")
    page.click("#scrapping button:has-text('Scrap')")
    expect(page.locator("#device-items")).to_contain_text("U-2026-007")
    page.fill("#submit-reason", "Submitted for approval")
    page.click("button:has-text('Submit for approval')")
    list_url = page.url

    page.context.clear_cookies()
    sign_in(page, live_server, "leader", PASSWORD)
    page.goto(list_url)
    page.fill("#approve-reason", "Approved: worn-out key")
    page.click("button:has-text('Approve the destruction')")
    expect(page.locator("#list-status")).to_contain_text("Approved")

    page.context.clear_cookies()
    sign_in(page, live_server, "clerk", PASSWORD)
    page.goto(list_url)
    page.click("text=Record the destruction")
    page.fill("#id_place", "Secrecy office degausser room")
    page.select_option("#id_method", index=1)
    pick_person(page, "witness_1", office.inspector.username)
    pick_person(page, "witness_2", office.reader.username)
    # Each witness confirms with their own password on the clerk's form (issue 14: witnesses confirm for themselves).
    page.fill("#id_witness_1_password", PASSWORD)
    page.fill("#id_witness_2_password", PASSWORD)
    page.click("button:has-text('Record the destruction')")
    expect(page.locator("#changes")).to_contain_text("Scrapped")
    shoot(page, "34-destruction-asks-to-confirm")
    page.click("#confirm")
    expect(page.locator("#execution")).to_contain_text("Secrecy office degausser room")
    expect(page.locator("#device-items")).to_contain_text("Scrapped")
    shoot(page, "device-scrapped-destruction-record")
    assert Device.objects.get().status == DeviceStatus.SCRAPPED

    with page.expect_download() as certificate:
        page.click("#print-destruction button")
    text = flat("".join(page_texts(Path(certificate.value.path()).read_bytes())))
    assert flat("Destruction certificate") in text
    assert "U-2026-007" in text and flat("Secrecy office degausser room") in text

    page.goto(f"{live_server.url}/devices/")
    with page.expect_download() as download:
        page.click(".print-register")
    text = flat("".join(page_texts(Path(download.value.path()).read_bytes())))
    assert "U-2026-007" in text and "KS-889-0042" in text and "Scrapped" in text
