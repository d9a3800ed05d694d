import pytest
from playwright.sync_api import expect

from tests.archives.conftest import hand_out
from tests.browser.conftest import sign_in
from tests.factories import PASSWORD, DocumentFactory

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
    expect(row).to_contain_text("clerk")


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
