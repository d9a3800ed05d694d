"""Production settings pass Django's deployment checklist with nothing to report."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


# Each runs manage.py in a subprocess with production settings.
pytestmark = pytest.mark.slow


def test_check_deploy_reports_nothing_with_production_settings():
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for themselves; production never has it.
    inherited = {name: value for name, value in os.environ.items() if name != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **inherited,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "a-long-random-production-secret-" + "x9Q2#k" * 8,
        "DJANGO_ALLOWED_HOSTS": "registry.example.internal",
    }
    # The browser tests allow async-unsafe ORM calls for Playwright; a deployment never does.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def _without_a_secret_key(*command):
    env = {**os.environ, "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "", "DJANGO_ALLOWED_HOSTS": "registry.example.internal"}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run([sys.executable, *command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_the_web_application_refuses_to_start_without_a_secret_key():
    result = _without_a_secret_key("-c", "import secrecy_registry.wsgi")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_the_deployment_checklist_fails_without_a_secret_key():
    result = _without_a_secret_key("manage.py", "check", "--deploy")
    assert result.returncode != 0
    assert "secrecy_registry.E001" in result.stderr and "DJANGO_SECRET_KEY" in result.stderr


def test_commands_that_serve_no_one_run_on_a_fresh_checkout_without_a_secret_key():
    result = _without_a_secret_key("manage.py", "makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stdout + result.stderr
