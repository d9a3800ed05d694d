"""In Chromium: a clerk scans a copy's code into the top bar and lands on it; the main pages of every role
fit 1440x900, 1280x720 and 390x844, log no console error or failed request; a print button shows progress.

With SCREENSHOT_DIR set (make screenshots) the pages are saved for the README.
"""

import pytest
from playwright.sync_api import expect

from documents.models import PrintRecord
from documents.services import circulation as circulating
from tests.browser.conftest import shoot, sign_in
from tests.factories import PASSWORD, DocumentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP, LAPTOP, PHONE = (1440, 900), (1280, 720), (390, 844)


@pytest.fixture
def sized(browser):
    """`sized((w, h))`: a new page of that size; closed at the end."""
    contexts = []

    def make(size):
        context = browser.new_context(viewport={"width": size[0], "height": size[1]}, locale="en-US")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def world(office, other_unit):
    """A document with a copy out with a reader, one in another unit's registry, and its circulation."""
    document = DocumentFactory(
        registry=office.registry, by=office.clerk, title="关于开展年度保密清查的通知", copies_count=3,
        scope_users=[office.reader, office.leader],
    )
    circulation = circulating.propose_circulation(
        copy=document.copies.get(number=2), readers=[office.reader], by=office.clerk, reason="For reading"
    )
    circulating.approve_circulation(circulation=circulation, by=office.leader, reason="Agreed")
    circulating.hand_out(circulation=circulation, by=office.clerk, reason="Handed out")
    hidden = DocumentFactory(registry=other_unit.registry, by=other_unit.clerk, title="财务处内部文件")
    return type("World", (), {"document": document, "circulation": circulation, "hidden": hidden})


def scan(page, code):
    """What a scanner does: the code typed into the focused box, then Enter."""
    box = page.locator("header form.find input")
    box.click()
    box.fill(code)
    box.press("Enter")
    page.wait_for_load_state()


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["1440x900", "390x844"])
def test_clerk_scans_a_copy_code_into_the_top_bar_and_lands_on_the_copy(sized, live_server, office, world, size):
    page = sized(size)
    sign_in(page, live_server, "clerk", PASSWORD)
    document = world.document
    code = f"  {document.registry_number.lower()}-002 "
    scan(page, code)
    assert page.url.endswith(f"/documents/{document.pk}/#copies-2")
    row = page.locator("#copies-2")
    expect(row).to_be_in_viewport()
    expect(row).to_contain_text("Out with a reader")
    assert page.evaluate("getComputedStyle(document.querySelector('#copies-2 td')).backgroundColor") != "rgba(0, 0, 0, 0)"
    shoot(page, f"30-clerk-finds-a-copy-by-code-{size[0]}x{size[1]}")


def test_an_unknown_code_and_one_out_of_scope_read_the_same(sized, live_server, office, world):
    page = sized(DESKTOP)
    sign_in(page, live_server, "clerk", PASSWORD)
    scan(page, "BGS-2026-99999-1")
    unknown = page.locator("main").inner_text().replace("BGS-2026-99999-1", "CODE")
    scan(page, f"{world.hidden.registry_number}-1")
    hidden = page.locator("main").inner_text().replace(f"{world.hidden.registry_number}-1", "CODE")
    assert "Nothing found for CODE." in unknown
    assert hidden == unknown
    assert "财务处内部文件" not in page.content()
    shoot(page, "33-find-by-code-not-found")


def main_pages(page, live_server, extra):
    """Every page the person's navigation offers, then `extra` (paths)."""
    page.goto(f"{live_server.url}/")
    links = page.locator("header .mainnav a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    return list(dict.fromkeys(["/", *links, *extra]))


ROLE_EXTRAS = {
    "clerk": ["/documents/{doc}/", "/circulations/{circ}/", "/loans/", "/incidents/", "/destruction/", "/recoveries/",
              "/prints/registration/", "/prints/procedures/", "/find/"],
    "leader": ["/documents/{doc}/", "/approvals/", "/classification/periods/", "/circulations/awaiting/"],
    "reader": ["/documents/{doc}/"],
    "inspector": ["/documents/{doc}/", "/prints/audit/", "/prints/verify/", "/incidents/"],
    "administrator": [],
}


@pytest.mark.parametrize("role", list(ROLE_EXTRAS))
def test_main_pages_of_every_role_log_no_console_error_and_no_failed_request(sized, live_server, office, world, role):
    page = sized(DESKTOP)
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(f"console: {message.text}"))
    page.on("pageerror", lambda error: problems.append(f"script: {error}"))
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url} {request.failure}"))
    page.on("response", lambda response: response.status >= 400 and problems.append(f"{response.status}: {response.url}"))
    sign_in(page, live_server, role, PASSWORD)
    extras = [path.format(doc=world.document.pk, circ=world.circulation.pk) for path in ROLE_EXTRAS[role]]
    for path in main_pages(page, live_server, extras):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
    assert problems == []


def overflow(page):
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("size", [DESKTOP, LAPTOP, PHONE], ids=["1440x900", "1280x720", "390x844"])
def test_main_pages_fit_the_window_and_sign_out_stays_readable(sized, live_server, office, world, size):
    page = sized(size)
    sign_in(page, live_server, "clerk", PASSWORD)
    paths = {
        "home": "/", "ledger": "/ledger/", "document": f"/documents/{world.document.pk}/",
        "circulation": f"/circulations/{world.circulation.pk}/", "inventories": "/inventories/",
    }
    for name, path in paths.items():
        page.goto(f"{live_server.url}{path}")
        assert overflow(page) <= 0, f"{path} is wider than {size[0]} px"
        sign_out = page.locator("header button:has-text('Sign out')")
        expect(sign_out).to_be_in_viewport()
        bar = page.locator("header.topbar").bounding_box()
        box = sign_out.bounding_box()
        # On the dark bar, where its white text is readable.
        assert bar["x"] <= box["x"] and box["x"] + box["width"] <= bar["x"] + bar["width"]
        assert bar["y"] <= box["y"] and box["y"] + box["height"] <= bar["y"] + bar["height"]
        shoot(page, f"fit-{size[0]}x{size[1]}-{name}")


def test_ledger_title_column_is_readable_at_1280(sized, live_server, office, world):
    page = sized(LAPTOP)
    sign_in(page, live_server, "clerk", PASSWORD)
    page.goto(f"{live_server.url}/ledger/")
    width = page.locator("#ledger td.title").first.bounding_box()["width"]
    assert width >= 180


def test_navigation_folds_behind_menu_on_a_phone(sized, live_server, office, world):
    page = sized(PHONE)
    sign_in(page, live_server, "clerk", PASSWORD)
    nav = page.locator("header .mainnav")
    expect(nav).to_be_hidden()
    page.click("header .navtoggle")
    expect(nav).to_be_visible()
    shoot(page, "31-menu-open-390x844")
    page.click("header .mainnav >> text=Ledger")
    page.wait_for_url(f"{live_server.url}/ledger/")


def test_navigation_is_open_without_a_menu_on_a_desktop(sized, live_server, office, world):
    page = sized(DESKTOP)
    sign_in(page, live_server, "clerk", PASSWORD)
    expect(page.locator("header .mainnav")).to_be_visible()
    expect(page.locator("header .navtoggle")).to_be_hidden()


def test_print_button_shows_progress_and_a_double_click_prints_once(sized, live_server, office, world):
    quiet = DocumentFactory(registry=office.registry, by=office.clerk, title="从未外借的文件")
    page = sized(DESKTOP)
    sign_in(page, live_server, "clerk", PASSWORD)
    page.goto(f"{live_server.url}/documents/{quiet.pk}/")
    button = page.locator("form[data-print] button").first
    # A quick PDF can arrive before a poll from here sees the busy state, so the
    # page itself records what it showed while the print was under way.
    page.evaluate(
        """() => {
          window.seenWhilePrinting = {note: "", disabled: false};
          const form = document.querySelector("form[data-print]");
          new MutationObserver(() => {
            const note = form.querySelector(".print-progress");
            if (note) { window.seenWhilePrinting.note = note.textContent; }
            if (form.querySelector("button").disabled) { window.seenWhilePrinting.disabled = true; }
          }).observe(form, {subtree: true, childList: true, attributes: true});
        }"""
    )
    with page.expect_download() as caught:
        button.dblclick()
        shoot(page, "32-print-in-progress")
    assert caught.value.suggested_filename.endswith(".pdf")
    seen = page.evaluate("window.seenWhilePrinting")
    assert "being prepared" in seen["note"]
    assert seen["disabled"] is True
    # The PDF has arrived: the button is back, the note gone.
    expect(button).to_be_enabled(timeout=20_000)
    expect(page.locator(".print-progress")).to_have_count(0)
    assert PrintRecord.objects.filter(kind="history").count() == 1
