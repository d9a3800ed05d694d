"""The classification review in the browser: a staff member proposes, the clerk reviews, the leader approves."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import pick_person, shoot, sign_in, sign_out
from tests.factories import PASSWORD
from tests.review.conftest import proposal, reviewed  # noqa: F401 - fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_proposal_is_reviewed_approved_and_registered(page, live_server, office):
    sign_in(page, live_server, "reader", PASSWORD)
    page.click("nav.mainnav >> text=Classification review")
    page.click("text=Propose an outgoing document")
    page.fill("#id_title", "关于年终保密检查的通知")
    page.fill("#id_originating_organ", "办公室")
    page.fill("#id_reference_number", "办发〔2026〕7号")
    page.select_option("#id_level", "2")
    page.fill("#id_date_classified", "2026-11-20")
    page.fill("#id_pages", "6")
    page.fill("#id_copies_count", "5")
    page.fill("#id_basis", "保密事项范围目录 第3.2项")
    pick_person(page, "scope_users", "leader")
    shoot(page, "review-propose-form")
    page.click("button:has-text('Send for review')")
    expect(page.locator("#proposal-status")).to_have_text("Awaiting review")
    sign_out(page)

    sign_in(page, live_server, "clerk", PASSWORD)
    expect(page.locator("#proposals-review")).to_contain_text("关于年终保密检查的通知")
    page.click("#proposals-review >> text=Pass it on")
    sign_out(page)

    sign_in(page, live_server, "leader", PASSWORD)
    page.click("#proposals-approve >> text=Decide")
    expect(page.locator("#basis")).to_have_text("保密事项范围目录 第3.2项")
    shoot(page, "review-proposal-leader")
    page.click("button:has-text('Approve and register')")
    page.click("button:has-text('Confirm: approve and register')")

    expect(page.locator(".marking").first).to_have_text("SECRET ★ 20 years")
    expect(page.locator("#copies tbody tr")).to_have_count(5)
    expect(page.locator("#classification-review")).to_contain_text("保密事项范围目录 第3.2项")
    shoot(page, "review-registered-document")


def test_the_proposal_page_fits_a_phone(browser, live_server, office, reviewed):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    phone = context.new_page()
    sign_in(phone, live_server, "leader", PASSWORD)
    phone.goto(f"{live_server.url}/classification-review/{reviewed.pk}/")
    expect(phone.locator("#next-step")).to_be_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    shoot(phone, "review-proposal-phone-zh")
    context.close()
    assert width <= 390
