"""Two app servers, one PostgreSQL: what a province's deployment looks like (docs/deployment.md).

Two `manage.py runserver --noreload` processes (stand-ins for gunicorn
workers on two machines) serve the test database. A clerk signs in on both
and registers documents through both at the same moment: no registry number
is given twice and every registration is there. Then clerks correct
different particulars of the same document through both at the same
moment: every correction survives (no lost update), each with its history row.
"""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from documents.models import Document
from tests.db_roles import APP_ROLE
from tests.factories import PASSWORD, DocumentFactory, document_fields

ROOT = Path(__file__).resolve().parent.parent
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url():
    """The test database, as the application role (tests/db_roles.py): the servers log in as it, as in production."""
    db = settings.DATABASES["default"]
    user = urllib.parse.quote(APP_ROLE)
    return f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def servers():
    """Two server processes on free loopback ports, on this test's database."""
    env = {**os.environ, "DATABASE_URL": _database_url(), "DJANGO_DEBUG": "1", "DJANGO_ALLOWED_HOSTS": "127.0.0.1"}
    processes, urls = [], []
    for _ in range(2):
        port = _free_port()
        processes.append(
            subprocess.Popen(
                [sys.executable, "manage.py", "runserver", "--noreload", "--skip-checks", f"127.0.0.1:{port}"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        urls.append(f"http://127.0.0.1:{port}")
    try:
        for url in urls:
            _wait_until_up(url)
        yield urls
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=10)


def _wait_until_up(url, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/accounts/login/", timeout=2) as response:
                if response.status == 200:
                    return
        # A server still importing Django may accept the connection and answer late: a timeout is "not up yet".
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise AssertionError(f"server at {url} did not start")


class Browser:
    """A signed-in session on one server: cookies, CSRF token, no redirects followed."""

    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect())

    def get(self, path):
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.status, response.read().decode()

    def post(self, path, data):
        self.get(path)  # the page sets the CSRF cookie, as a browser would load it first
        token = next(cookie.value for cookie in self.jar if cookie.name == "csrftoken")
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}, doseq=True).encode()
        request = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.headers.get("Location"), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location"), error.read().decode()

    def sign_in(self, username):
        status, location, _body = self.post("/accounts/login/", {"username": username, "password": PASSWORD})
        assert status == 302 and location == "/", status


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def clerk(office, settings):
    # The servers check passwords with the real hashers, not the tests' fast one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    office.clerk.set_password(PASSWORD)
    office.clerk.save()
    return office.clerk


def _in_threads(count, target):
    barrier = threading.Barrier(count)
    results, errors = [None] * count, []

    def run(index):
        try:
            barrier.wait()
            results[index] = target(index)
        except Exception as error:  # noqa: BLE001 - the test reports any failure of a thread
            errors.append(error)

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    return results


def test_registrations_through_two_servers_never_share_a_registry_number(servers, office, clerk):
    browsers = [Browser(url) for url in servers for _ in range(4)]
    for browser in browsers:
        browser.sign_in(clerk.username)

    def register(index):
        fields = document_fields(title=f"关于两台服务器并发登记的通知（{index}）", reference_number=f"并发〔2026〕{index + 1}号")
        data = {name: "" if value is None else str(value) for name, value in fields.items()}
        data.update(registry=office.registry.pk, reason="Registered on receipt", scope_users=[office.leader.pk])
        status, location, body = browsers[index].post("/documents/register/", data)
        assert status == 302, body[:3000]
        return int(re.search(r"/documents/(\d+)/", location).group(1))

    ids = _in_threads(len(browsers), register)

    documents = Document.objects.filter(pk__in=ids)
    assert documents.count() == len(browsers)
    numbers = [document.registry_number for document in documents]
    assert len(set(numbers)) == len(numbers)
    assert sorted(document.serial for document in documents) == list(range(1, len(browsers) + 1))
    assert all(document.copies.count() == document.copies_count for document in documents)


def test_corrections_through_two_servers_are_all_kept(servers, office, clerk):
    document = DocumentFactory(registry=office.registry, by=office.clerk, pages=12, attachments=0, remarks="")
    as_loaded = {
        "direction": document.direction,
        "title": document.title,
        "originating_organ": document.originating_organ,
        "reference_number": document.reference_number,
        "date_classified": document.date_classified.isoformat(),
        "pages": str(document.pages),
        "attachments": str(document.attachments),
        "urgency": document.urgency,
        "medium": document.medium,
        "remarks": document.remarks,
    }
    # Each clerk loaded the page before either saved, and changes one thing.
    corrections = [
        ("pages", "13"),
        ("attachments", "2"),
        ("remarks", "附件另存"),
        ("urgency", "urgent"),
        ("originating_organ", "省政府办公厅"),
        ("medium", "electronic"),
    ]
    browsers = [Browser(servers[index % 2]) for index in range(len(corrections))]
    for browser in browsers:
        browser.sign_in(clerk.username)

    def correct(index):
        name, value = corrections[index]
        data = {**as_loaded, **{f"initial-{key}": old for key, old in as_loaded.items()}}
        data.update({name: value, "reason": f"Corrected the {name}"})
        status, location, body = browsers[index].post(f"/documents/{document.pk}/edit/", data)
        assert status == 302, body[:3000]

    _in_threads(len(corrections), correct)

    document.refresh_from_db()
    assert document.pages == 13
    assert document.attachments == 2
    assert document.remarks == "附件另存"
    assert document.urgency == "urgent"
    assert document.originating_organ == "省政府办公厅"
    assert document.medium == "electronic"
    reasons = set(document.history.filter(history_type="~").values_list("history_change_reason", flat=True))
    assert reasons == {f"Corrected the {name}" for name, _value in corrections}
