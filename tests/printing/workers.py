"""Task workers for the queue tests: real `manage.py db_worker` processes on the test's database."""

import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.test_two_servers import _database_url

ROOT = Path(__file__).resolve().parents[2]
DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def start_worker(tmp_path, name, **settings):
    """A worker process as the application role; `settings` become DJANGO_<NAME> variables (its own settings)."""
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DJANGO_DEBUG": "1",
        "DJANGO_TASKS_BACKEND": "database",
        **{f"DJANGO_{key.upper()}": str(value) for key, value in settings.items()},
    }
    log = open(tmp_path / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.2", "--no-startup-delay",
         "--skip-checks", "--worker-id", name],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    process.log = log
    return process


def stop(process, sig=signal.SIGTERM):
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    process.log.close()


@contextmanager
def workers(tmp_path, count, **settings):
    processes = [start_worker(tmp_path, f"worker-{index}", **settings) for index in range(count)]
    try:
        yield processes
    finally:
        for process in processes:
            stop(process)


def wait_until(condition, what, seconds=300, tmp_path=None):
    """Poll `condition` (the workers' progress in the database) until it holds; fail with the workers' logs."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.25)
    logs = ""
    if tmp_path is not None:
        logs = "\n".join(path.read_text(errors="replace")[-3000:] for path in sorted(tmp_path.glob("*.log")))
    pytest.fail(f"{what}: not after {seconds} s\n{logs}")
