import pytest
from playwright.sync_api import expect

from tests.browser.conftest import pick_person, sign_in
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_clerk_registers_a_chinese_title_and_finds_it_in_the_ledger(page, live_server, office):
    sign_in(page, live_server, "clerk", PASSWORD)
    page.click("text=Register a document")

    page.select_option("#id_direction", "incoming")
    page.fill("#id_title", "关于二〇二六年度保密检查的通知")
    page.fill("#id_originating_organ", "省委保密委员会")
    page.fill("#id_reference_number", "省保委〔2026〕12号")
    page.select_option("#id_level", "2")
    page.fill("#id_date_classified", "2026-03-01")
    page.fill("#id_pages", "8")
    page.fill("#id_copies_count", "3")
    pick_person(page, "scope_users", "leader")
    page.click("button:has-text('Register')")

    expect(page.locator("h1")).to_contain_text("关于二〇二六年度保密检查的通知")
    expect(page.locator(".marking").first).to_have_text("SECRET ★ 20 years")
    expect(page.locator("#copies tbody tr")).to_have_count(3)

    page.click("nav.mainnav >> text=Ledger")
    page.fill("#id_q", "保密检查")
    page.click("button:has-text('Search')")
    rows = page.locator("#ledger tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.first).to_contain_text("省保委〔2026〕12号")


def test_reader_outside_scope_gets_not_found(page, live_server, office):
    from tests.factories import DocumentFactory

    document = DocumentFactory(registry=office.registry, by=office.clerk, title="绝密预算", scope_users=[office.leader])
    sign_in(page, live_server, "reader", PASSWORD)

    response = page.goto(f"{live_server.url}/documents/{document.pk}/")

    assert response.status == 404
    expect(page.locator("body")).not_to_contain_text("绝密预算")
