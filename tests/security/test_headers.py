"""What every answer tells the browser: a strict Content-Security-Policy, no framing, no sniffing."""

import re
from pathlib import Path

import pytest

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


@pytest.mark.parametrize("path", ["/accounts/login/", "/", "/ledger/", "/api/docs/", "/api/v1/documents/"])
def test_every_answer_has_a_policy_without_inline_scripts(client, office, path):
    client.login(username="clerk", password=PASSWORD)

    response = client.get(path)

    policy = directives(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_no_template_has_inline_script_style_or_event_handler():
    offending = []
    for template in ROOT.glob("**/templates/**/*.html"):
        if ".venv" in template.parts:
            continue
        # PDF templates are rendered by weasyprint into a file, never served to a browser:
        # their page rules (banners, n / N) must live in a <style> element.
        if template.parent.name == "pdf":
            continue
        text = re.sub(r"\{#.*?#\}", "", template.read_text(), flags=re.S)
        for pattern in (r"<script(?![^>]*\bsrc=)[^>]*>", r"<style\b", r"\sstyle=", r"\son[a-z]+\s*=", r"javascript:"):
            if re.search(pattern, text, flags=re.I):
                offending.append((str(template.relative_to(ROOT)), pattern))
    assert not offending


def test_the_api_documentation_is_served_from_here_not_a_cdn(client, office):
    client.login(username="clerk", password=PASSWORD)

    page = client.get("/api/docs/").content.decode()

    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and all(source.startswith("/") for source in sources)
    assert any("swagger-ui-bundle.js" in source for source in sources)
