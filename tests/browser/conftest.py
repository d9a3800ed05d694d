"""Browser tests: Debian's Chromium driven by Playwright against Django's live server."""

import os
import shutil
import subprocess
from urllib.parse import quote

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop; Django refuses ORM calls from
    # a thread with a running loop unless told this is deliberate.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def sign_in(page, live_server, username, password):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button.primary")
    page.wait_for_url(f"{live_server.url}/")


def shoot(page, name):
    """Save a screenshot for the README when SCREENSHOT_DIR is set (make screenshots); tests never depend on it."""
    directory = os.environ.get("SCREENSHOT_DIR")
    if directory:
        os.makedirs(directory, exist_ok=True)
        page.screenshot(path=os.path.join(directory, f"{name}.png"), full_page=True)


def shoot_pdf(pdf: bytes, name):
    """Save the first page of a printed PDF as a PNG next to the screenshots (pdftoppm, from poppler-utils)."""
    directory = os.environ.get("SCREENSHOT_DIR")
    if directory:
        os.makedirs(directory, exist_ok=True)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "80", "-singlefile", "-f", "1", "-l", "1", "-", os.path.join(directory, name)],
            input=pdf, check=True, timeout=60,
        )


def sign_out(page):
    page.click("text=Sign out")


def pick_person(page, field, text):
    """Type into a people picker (documents/forms/people_picker.py) and pick the first person offered who matches."""
    # Filling a search box first empties it, which answers with everyone: wait for the answer to this text,
    # so the pick (and a screenshot after it) is from the list the person would see.
    # A click that opens a page returns before htmx has wired the box up; typing before that sends nothing.
    page.wait_for_function(
        "(id) => { const box = document.getElementById(id); return box && box['htmx-internal-data']; }",
        arg=f"id_{field}",
    )
    with page.expect_response(lambda response: "/people/" in response.url and f"q={quote(text)}" in response.url):
        page.fill(f"#id_{field}", text)
    page.locator(f"#id_{field}-results .picker-option", has_text=text).first.click()
