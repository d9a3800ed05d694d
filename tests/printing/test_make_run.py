"""`make run` (scripts/run.sh) starts a task worker beside the development server, and Ctrl-C stops both."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.utils import timezone

from printing.models import PrintJobStatus
from printing.queue import queue_print
from tests.factories import DocumentFactory
from tests.printing.workers import DATABASE_BACKEND, wait_until
from tests.test_two_servers import _database_url, _free_port, _wait_until_up

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def _group_alive(group):
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


def test_make_run_prints_with_its_own_worker_and_ctrl_c_stops_everything(office, settings, tmp_path):
    settings.TASKS = DATABASE_BACKEND
    port = _free_port()
    env = {**os.environ, "PY": sys.executable, "DATABASE_URL": _database_url(), "DJANGO_DEBUG": "1",
           "DJANGO_TASKS_BACKEND": "database", "RUN_BIND": f"127.0.0.1:{port}"}
    log = open(tmp_path / "run.log", "wb")  # noqa: SIM115
    # Its own session: the signal below goes to the whole group, as Ctrl-C in a terminal does.
    process = subprocess.Popen(["scripts/run.sh"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    try:
        _wait_until_up(f"http://127.0.0.1:{port}")
        DocumentFactory(registry=office.registry, by=office.clerk, copies_count=2)
        year = timezone.localdate().year
        job = queue_print(by=office.clerk, kind="registration", title="R", expected_rows=2,
                          params={"registry": office.registry.pk, "year": year,
                                  "date_from": f"{year}-01-01", "date_to": f"{year}-12-31"})

        def done():
            job.refresh_from_db()
            return job.is_finished

        wait_until(done, "the worker of `make run` prints", tmp_path=tmp_path)
        assert job.status == PrintJobStatus.DONE

        os.killpg(process.pid, signal.SIGINT)
        process.wait(timeout=60)
        deadline = time.monotonic() + 30
        while _group_alive(process.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _group_alive(process.pid), (tmp_path / "run.log").read_text(errors="replace")
    finally:
        if _group_alive(process.pid):
            os.killpg(process.pid, signal.SIGKILL)
        log.close()
