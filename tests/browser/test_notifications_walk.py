"""In Chromium: a reader whose loan is overdue sees the count in the top bar on a phone, opens the list,
follows the link to the document and marks the notification read; the list fits 390 px and 1440 px."""

import pytest
from playwright.sync_api import expect

from documents.levels import Level
from notifications.jobs import make_notifications
from tests.browser.conftest import shoot, sign_in
from tests.factories import PASSWORD, DocumentFactory
from tests.notifications.test_notifications import days, loan_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def overdue(office):
    document = DocumentFactory(registry=office.registry, by=office.clerk, level=Level.SECRET,
                               title="关于开展年度保密清查的通知", scope_users=[office.reader, office.leader])
    loan = loan_out(office, document, due_in=3)
    make_notifications(now=days(5))
    return loan


@pytest.mark.parametrize("size", [(390, 844), (1440, 900)], ids=["phone", "desktop"])
def test_the_reader_finds_follows_and_marks_read_an_overdue_loan(browser, live_server, office, overdue, size):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        sign_in(page, live_server, "reader", PASSWORD)
        toggle = page.locator("header .navtoggle")
        if toggle.is_visible():
            toggle.click()
        link = page.locator("#nav-notifications")
        expect(link.locator(".count")).to_have_text("1")
        link.click()
        row = page.locator("#notifications li").first
        expect(row).to_contain_text(f"Your loan of {overdue.copy.label} was due back on")
        expect(row).to_contain_text("关于开展年度保密清查的通知")
        # Measured once the page's own stylesheet is in: before that the layout is the inbox's alone.
        page.wait_for_load_state("load")
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        shoot(page, f"notifications-{size[0]}")

        row.locator("a").first.click()
        expect(page.locator("h1")).to_contain_text("关于开展年度保密清查的通知")
        page.go_back()

        page.locator("#notifications button:has-text('Mark read')").click()
        expect(page.locator("#notifications li").first).to_contain_text("Read ")
        expect(page.locator("#nav-notifications .count")).to_have_text("0")
    finally:
        context.close()
