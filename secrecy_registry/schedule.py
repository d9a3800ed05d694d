"""The daily jobs, run by `manage.py run_daily` from a systemd timer (deploy/systemd/, docs/deployment.md).

Each job is a plain function of the moment it runs for (`now`), safe to run
again the same day: so a timer that fires twice, a run started by hand, or
a task queue that retries one, changes nothing a first run did not. Two
servers whose timers fire at once do not run a job side by side: each job
runs under its own PostgreSQL advisory lock (session-level, so it is let go
if the process dies), and the second server finds it taken and leaves that
job to the first.
"""

import io
import logging
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.management import call_command
from django.db import connection
from django.utils import timezone

logger = logging.getLogger(__name__)

# Each job's advisory lock key: a bigint no other part of the registry uses, one per job, so that the
# checkpoint run on the backup host (its own account and signing key) never waits for the app servers' run.
LOCK_BASE = 0x6461696C79_00


def purge_prints(*, now):
    """Delete the stored prints past PRINT_FILES_KEEP_DAYS, in the database and any older files (printing/storage.py)."""
    from printing.storage import purge

    return f"{purge(now=now)} print file(s) removed"


def audit_checkpoint(*, now):
    """Record the daily head of every audit chain, once a day: a second run the same day records nothing."""
    from audit.database import chain_supported
    from audit.models import ChainCheckpoint, CheckpointSource

    if not chain_supported():
        return "no audit chain on this database"
    midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    if ChainCheckpoint.objects.filter(source=CheckpointSource.DAILY, created_at__gte=midnight).exists():
        return "already recorded today"
    out = io.StringIO()
    # The command, so that the signing key and checkpoint file of the settings are used as when run alone.
    call_command("audit_checkpoint", stdout=out)
    return out.getvalue().strip() or "recorded"


def notifications(*, now):
    """Make, keep and resolve the in-app notifications (notifications/jobs.py)."""
    from notifications.jobs import make_notifications

    return str(make_notifications(now=now))


DAILY_JOBS = (("purge_prints", purge_prints), ("audit_checkpoint", audit_checkpoint), ("notifications", notifications))


@dataclass
class Result:
    job: str
    ok: bool
    said: str
    skipped: bool = False  # another run (on any server) held this job's lock


def lock_key(name):
    return LOCK_BASE + [job for job, _run in DAILY_JOBS].index(name)


@contextmanager
def job_lock(name):
    """True when this run holds the job's lock; False when another run (on any server) holds it now."""
    if connection.vendor != "postgresql":
        # A trial on SQLite runs on one machine.
        yield True
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [lock_key(name)])
        held = cursor.fetchone()[0]
    try:
        yield held
    finally:
        if held:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [lock_key(name)])


def run_daily(*, now=None, only=None):
    """Run every daily job (or those named in `only`), each on its own: one failing does not stop the next,
    and one another server is running just now is left to it."""
    now = now or timezone.now()
    results = []
    for name, job in DAILY_JOBS:
        if only and name not in only:
            continue
        with job_lock(name) as held:
            if not held:
                results.append(Result(name, True, "running on another server; left to it", skipped=True))
                continue
            try:
                results.append(Result(name, True, job(now=now)))
            except Exception as error:  # noqa: BLE001 - reported, and the run ends failed
                logger.exception("Daily job %s failed", name)
                results.append(Result(name, False, f"{type(error).__name__}: {error}"))
    return results
