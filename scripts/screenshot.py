"""Sign in as a demo account and take full-page screenshots of the given paths.

Usage: python scripts/screenshot.py USERNAME OUTPUT_DIR PATH [PATH ...]
Uses Debian's Chromium; set BASE_URL (default http://127.0.0.1:8000) and
SCREENSHOT_LANGUAGE=zh-hans for the Chinese interface (sets Django's language cookie).
"""

import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

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


def main(username, out_dir, *paths):
    base = os.environ.get("BASE_URL", "http://127.0.0.1:8000")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        if os.environ.get("SCREENSHOT_LANGUAGE"):
            context.add_cookies([{"name": "django_language", "value": os.environ["SCREENSHOT_LANGUAGE"], "url": base}])
        page = context.new_page()
        page.goto(f"{base}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", os.environ.get("DEMO_PASSWORD", "demo-pass-2026"))
        page.click("button[type=submit].primary")
        for path in paths:
            page.goto(f"{base}{path}")
            name = path.strip("/").replace("/", "_").replace("?", "_").replace("=", "-").replace("&", "_") or "home"
            page.screenshot(path=str(out / f"{username}_{name}.png"), full_page=os.environ.get("FULL_PAGE", "1") == "1")
            print(out / f"{username}_{name}.png")
        browser.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
