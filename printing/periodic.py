"""What every worker runs every so often, beside the tasks: the place for periodic jobs.

Each entry is (seconds, dotted path of a function without arguments). Every
`manage.py db_worker` process runs them from a thread of its own
(printing/management/commands/db_worker.py); on PostgreSQL an entry runs on
one worker at a time (a try-advisory-lock named for it: the others skip that
round), so with several workers a job still runs about once per period. A
daily job (a purge, a checkpoint, notifications) belongs here too, or is
enqueued from here as a task; it must be safe to run again (docs/deployment.md).
"""

import logging
import threading
import time
import zlib

from django.conf import settings
from django.db import close_old_connections, connection, connections
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


def entries():
    return [
        # A part whose worker died goes back to the queue within a lease and a sweep.
        (settings.PRINT_SWEEP_SECONDS, "printing.lease.sweep_expired"),
        # Stored prints leave the database PRINT_FILES_KEEP_DAYS after printing, on every server at once.
        (3600, "printing.storage.purge"),
        *getattr(settings, "WORKER_PERIODIC_JOBS", []),
    ]


def run_once(path):
    """Run one entry unless another worker is running it now (PostgreSQL); True if it ran."""
    close_old_connections()
    if connection.vendor != "postgresql":
        import_string(path)()
        return True
    key = zlib.crc32(path.encode())
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [7717, key])
        if not cursor.fetchone()[0]:
            return False
        try:
            import_string(path)()
        finally:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [7717, key])
    return True


class Scheduler(threading.Thread):
    """Calls each entry every `seconds`; an entry that fails is logged and tried again next period."""

    def __init__(self, jobs=None):
        super().__init__(name="periodic-jobs", daemon=True)
        self.jobs = jobs if jobs is not None else entries()
        self.stopping = threading.Event()

    def run(self):
        due = {path: time.monotonic() for _seconds, path in self.jobs}
        try:
            while not self.stopping.wait(1.0):
                for seconds, path in self.jobs:
                    if time.monotonic() >= due[path]:
                        due[path] = time.monotonic() + float(seconds)
                        try:
                            run_once(path)
                        except Exception:
                            logger.exception("periodic job %s failed", path)
        finally:
            connections.close_all()
