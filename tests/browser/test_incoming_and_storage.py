import pytest
from playwright.sync_api import expect

from tests.browser.conftest import shoot, sign_in
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [390, 1400])
def test_clerk_registers_the_senders_copies_and_moves_two_to_another_cabinet(page, live_server, office, other_unit, width):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, "clerk", PASSWORD)
    page.goto(f"{live_server.url}/documents/register/")

    page.select_option("#id_direction", "incoming")
    page.fill("#id_received_on", "2026-03-04")
    page.select_option("#id_received_from_registry", label="Finance Division (CWC)")
    page.fill("#id_delivered_by", "王强")
    page.fill("#id_sender_registry_number", "CWC-2026-00012")
    page.fill("#id_title", "关于年度保密检查的通报")
    page.fill("#id_originating_organ", "财务处")
    page.select_option("#id_level", "2")
    page.fill("#id_date_classified", "2026-03-01")
    page.fill("#id_pages", "8")
    page.fill("#id_copy_numbers", "4, 7, 9-9, 7")
    page.fill("#id_location_room", "301")
    page.fill("#id_location_cabinet", "2")
    page.click("button:has-text('Register')")
    expect(page.locator(".field.has-error")).to_contain_text("Copy number 7 is given twice")
    shoot(page, f"incoming-register-error-{width}")

    page.fill("#id_copy_numbers", "4, 7, 9-11")
    page.click("button:has-text('Register')")
    expect(page.locator("#copies tbody tr")).to_have_count(5)
    expect(page.locator("#copies tbody tr").first).to_contain_text("Room 301, cabinet 2")
    expect(page.locator("dl.fields")).to_contain_text("delivered by 王强")
    shoot(page, f"incoming-document-{width}")

    page.click("text=Move copies to another place")
    page.check("#move-copies tbody tr:nth-child(1) input")
    page.check("#move-copies tbody tr:nth-child(3) input")
    page.fill("#id_location_room", "302")
    page.fill("#id_location_cabinet", "5")
    page.fill("#id_location_shelf", "1")
    page.fill("#id_reason", "换柜")
    shoot(page, f"incoming-move-{width}")
    page.click("button:has-text('Move the ticked copies')")

    expect(page.locator("ul.messages")).to_contain_text("2 copies moved")
    rows = page.locator("#copies tbody tr")
    expect(rows.nth(0)).to_contain_text("Room 302, cabinet 5, shelf 1")
    expect(rows.nth(1)).to_contain_text("Room 301, cabinet 2")
    expect(rows.nth(2)).to_contain_text("Room 302, cabinet 5, shelf 1")

    page.goto(f"{live_server.url}/ledger/")
    expect(page.locator("#ledger thead")).to_contain_text("Kept at")
    shoot(page, f"incoming-ledger-{width}")
