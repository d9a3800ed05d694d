"""The shape `make serve` runs, for real: gunicorn with two workers, production settings, whitenoise, the application role.

The server is started as `scripts/serve.sh` starts it (gunicorn.conf.py,
DEBUG off, a secret key, DJANGO_SERVE_STATIC=1, no HTTPS redirect on the
loopback) on this test's database as `registry_app`, as tests/test_two_servers.py
does. Static files are collected with the production storage first; only our
own apps' files and the small apps', so that collecting takes seconds, not the
minute that the API documentation's bundles take to compress.
"""

import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from audit.models import CheckpointSource
from audit.services.checkpoints import record_checkpoint
from tests.db_roles import APP_ROLE
from tests.test_two_servers import _database_url, _free_port

ROOT = Path(__file__).resolve().parent.parent
APPLICATION_NAME = "registry-serve-test"

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def _production_env(static_root):
    env = {name: value for name, value in os.environ.items() if name not in ("DJANGO_DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update(
        DJANGO_SECRET_KEY="a-long-random-secret-for-the-serve-test-" + "k3#Vq9" * 6,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SSL_REDIRECT="0",
        DJANGO_SERVE_STATIC="1",
        DJANGO_STATIC_ROOT=str(static_root),
    )
    return env


@pytest.fixture(scope="module")
def server(django_db_setup, tmp_path_factory):
    static_root = tmp_path_factory.mktemp("static")
    env = _production_env(static_root)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0",
         "-i", "admin", "-i", "rest_framework", "-i", "drf_spectacular_sidecar"],
        cwd=ROOT, env=env, check=True, timeout=120,
    )  # fmt: skip
    port = _free_port()
    env.update(
        DATABASE_URL=f"{_database_url()}?application_name={APPLICATION_NAME}",
        # Connections kept between requests, as `make serve` keeps them: the test can then see whom they log in as.
        DJANGO_CONN_MAX_AGE="60",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="2",
    )
    log = tmp_path_factory.mktemp("gunicorn") / "errors.log"
    with log.open("wb") as errors:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "secrecy_registry.wsgi"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=errors,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process, log)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_until_up(url, process, log, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"gunicorn exited: {log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/accounts/login/", timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise AssertionError(f"gunicorn at {url} did not start")


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_healthz_answers_ok_from_gunicorn(server):
    record_checkpoint(source=CheckpointSource.DAILY)

    status, _headers, body = _get(f"{server}/healthz")

    assert (status, body) == (200, b'{"status": "ok"}')


def test_the_server_connects_as_the_application_role(server):
    _get(f"{server}/healthz")

    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT usename FROM pg_stat_activity WHERE application_name = %s", [APPLICATION_NAME])
        users = {row[0] for row in cursor.fetchall()}

    assert users == {APP_ROLE}


def test_the_sign_in_page_is_served_without_debug_or_https_redirect(server):
    status, headers, body = _get(f"{server}/accounts/login/")

    assert status == 200
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert b"Traceback" not in body


def test_static_files_are_served_by_whitenoise_under_hashed_names_cached_for_a_year(server):
    _status, _headers, page = _get(f"{server}/accounts/login/")
    stylesheet = re.search(rb'href="(/static/css/app\.[0-9a-f]{12}\.css)"', page).group(1).decode()

    status, headers, body = _get(server + stylesheet)

    assert status == 200
    assert headers["Content-Type"].startswith("text/css")
    assert "max-age=315360000" in headers["Cache-Control"] and "immutable" in headers["Cache-Control"]
    assert b".topbar" in body
