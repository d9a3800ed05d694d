"""The daily jobs, run by `manage.py run_daily` from a systemd timer (deploy/systemd/, docs/deployment.md).

Each job is a plain function of the moment it runs for (`now`), safe to run
again the same day: so a timer that fires twice, a run started by hand, or
a task queue that retries one, changes nothing a first run did not. Two
servers whose timers fire at once do not run them side by side: the run
holds a PostgreSQL advisory lock, and the second one finds it taken and
says so.
"""

import io
import logging
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.management import call_command
from django.db import connection
from django.utils import timezone

logger = logging.getLogger(__name__)

# The advisory lock's key: any bigint no other part of the registry uses ("daily" in ASCII).
DAILY_LOCK = 0x6461696C79


def purge_prints(*, now):
    """Delete the print files past PRINT_FILES_KEEP_DAYS (documents/pdf/retention.py)."""
    from documents.pdf.retention import purge_print_files

    return f"{purge_print_files(now=now)} print file(s) removed"


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


@contextmanager
def daily_lock():
    """True when this run holds the daily lock; False when another run (on any server) holds it now."""
    if connection.vendor != "postgresql":
        # A trial on SQLite runs on one machine.
        yield True
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [DAILY_LOCK])
        held = cursor.fetchone()[0]
    try:
        yield held
    finally:
        if held:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [DAILY_LOCK])


def run_daily(*, now=None, only=None):
    """Run every daily job (or those named in `only`), each on its own: one failing does not stop the next.

    Returns the results, or None when another run holds the lock.
    """
    now = now or timezone.now()
    with daily_lock() as held:
        if not held:
            return None
        results = []
        for name, job in DAILY_JOBS:
            if only and name not in only:
                continue
            try:
                results.append(Result(name, True, job(now=now)))
            except Exception as error:  # noqa: BLE001 - reported, and the run ends failed
                logger.exception("Daily job %s failed", name)
                results.append(Result(name, False, f"{type(error).__name__}: {error}"))
        return results
