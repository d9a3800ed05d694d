"""In Chromium: a clerk ticks a copy on the document page and prints its label, then scans the label's code
into the top bar and lands on that copy; a telegram's scope page offers only narrowing. Phone and desktop.

With SCREENSHOT_DIR set (make screenshots) the pages are saved for the README.
"""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from documents.models import DocumentType, PrintRecord
from tests.browser.conftest import shoot, shoot_pdf, sign_in
from tests.factories import PASSWORD, DocumentFactory
from tests.pdf_reading import page_texts

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("size", [(1440, 900), (390, 844)], ids=["desktop", "phone"])
def test_clerk_prints_a_label_and_its_scanned_code_opens_the_copy(browser, live_server, office, size):
    document = DocumentFactory(registry=office.registry, by=office.clerk, title="关于年度保密检查的通知", copies_count=3)
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, live_server, "clerk", PASSWORD)

    page.goto(f"{live_server.url}/documents/{document.pk}/")
    copy = document.copies.get(number=2)
    page.check(f'input[name="copies"][value="{copy.pk}"]')
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    shoot(page, f"copy-labels-document-page-{size[0]}")
    with page.expect_download() as caught:
        page.click("#print-labels")
    pdf = Path(caught.value.path()).read_bytes()
    shoot_pdf(pdf, f"copy-labels-sheet-{size[0]}")
    (text,) = page_texts(pdf)
    assert copy.label in text and document.copies.get(number=1).label not in text
    assert PrintRecord.objects.get(kind="copy_labels").filters["labels"] == [copy.label]

    # A handheld scanner types the code and presses Enter.
    page.fill('form.find input[name="code"]', copy.label)
    page.press('form.find input[name="code"]', "Enter")
    page.wait_for_url(f"**/documents/{document.pk}/#copies-2")
    expect(page.locator("#copies-2")).to_be_visible()
    context.close()


def test_a_telegrams_scope_page_offers_only_narrowing(page, live_server, office):
    telegram = DocumentFactory(
        registry=office.registry, by=office.clerk, document_type=DocumentType.TELEGRAM, title="明电：节日值班安排",
        scope_users=[office.leader, office.reader],
    )
    sign_in(page, live_server, "clerk", PASSWORD)

    page.goto(f"{live_server.url}/documents/{telegram.pk}/scope/")

    expect(page.get_by_text("its readers may not be widened")).to_be_visible()
    expect(page.locator('[name="add_users"]')).to_have_count(0)
    shoot(page, "telegram-scope")
