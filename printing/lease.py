"""A worker holds a part under a lease it renews while it works; a part whose lease ran out goes back to the queue.

django-tasks-db hands each task to one worker (SELECT ... FOR UPDATE SKIP
LOCKED) but knows nothing of a worker that dies: its task stays "running"
for ever. So each part carries its own lease. Claiming it is one conditional
UPDATE (queued -> running), so of two workers given the same part (a task
queued again by a sweep while a slow worker still held it) one wins and the
other does nothing; finishing it is another (only the holder of a live lease
may), in the same transaction as the part's result, so a worker that lost
its lease writes nothing. Any worker's sweep (printing/periodic.py, every
PRINT_SWEEP_SECONDS) and the job page queue again a part whose lease ran
out, up to PRINT_MAX_ATTEMPTS attempts; then the job fails.
"""

import datetime
import logging
import os
import socket
import threading
from contextlib import contextmanager

from django.conf import settings
from django.db import OperationalError, connection, connections, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from printing.models import PrintJob, PrintJobStatus
from printing.models import PartStatus, PrintPart

logger = logging.getLogger(__name__)


class LeaseLost(Exception):
    """This worker's lease on the part ran out and another may hold it: nothing of its work may be kept."""


def lease_length():
    return datetime.timedelta(seconds=settings.PRINT_LEASE_SECONDS)


def worker_name():
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"[:100]


def claim(part_id):
    """Take the part if it is queued; None if another worker has it or it is finished."""
    now = timezone.now()
    me = worker_name()
    taken = PrintPart.objects.filter(pk=part_id, status=PartStatus.QUEUED).update(
        status=PartStatus.RUNNING, worker=me, attempts=F("attempts") + 1, lease_until=now + lease_length(),
        started_at=now,
    )
    if not taken:
        return None
    return PrintPart.objects.select_related("job", "job__requested_by").get(pk=part_id)


def finish(part, **fields):
    """Mark the part done with its result, in the caller's transaction; LeaseLost if this worker no longer holds it."""
    # Not "lease still in the future": a slow worker nobody has replaced yet may keep its work.
    done = PrintPart.objects.filter(pk=part.pk, worker=part.worker, status=PartStatus.RUNNING).update(status=PartStatus.DONE, finished_at=timezone.now(), lease_until=None, **fields)
    if not done:
        raise LeaseLost(part.pk)


class Heartbeat:
    """Renews the lease and writes the job's progress from a thread of its own (its own connection, autocommit).

    The part's work runs in one transaction, invisible until it commits; the
    heartbeat is how the job page learns of progress meanwhile. A render is
    pure Python, so the thread gets its turn however busy the render is.
    """

    TICK = 1.0

    def __init__(self, part):
        self.part = part
        self.lost = False
        self._progress = None
        self._written = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"lease-{part.pk}", daemon=True)

    def progress(self, fraction, step):
        self._progress = (max(1, min(99, int(fraction * 100))), step)

    def _run(self):
        renew_every = max(self.TICK, settings.PRINT_LEASE_SECONDS / 4)
        self._last_renewal = timezone.now()
        try:
            while not self._stop.wait(self.TICK):
                try:
                    if not self._tick(renew_every):
                        return
                except OperationalError:
                    # SQLite: the render's own transaction holds the database; the next tick tries again.
                    continue
        except Exception:
            logger.exception("heartbeat of print part %s stopped", self.part.pk)
        finally:
            connections.close_all()

    def _tick(self, renew_every):
        """Renew the lease when due and write the progress; False once the lease is lost."""
        now = timezone.now()
        if (now - self._last_renewal).total_seconds() >= renew_every:
            renewed = PrintPart.objects.filter(
                pk=self.part.pk, worker=self.part.worker, status=PartStatus.RUNNING
            ).update(lease_until=now + lease_length())
            self._last_renewal = now
            if not renewed:
                self.lost = True
                return False
        if self._progress is not None and self._progress != self._written:
            percent, step = self._written = self._progress
            PrintJob.objects.filter(pk=self.part.job_id, status=PrintJobStatus.RUNNING).update(
                progress=percent, step=step
            )
        return True

    def start(self):
        self._thread.start()

    def stop(self):
        self._stop.set()
        self._thread.join()


class _NoHeartbeat:
    lost = False

    def progress(self, fraction, step):
        pass

    def stop(self):
        pass


@contextmanager
def heartbeat(part):
    """A heartbeat for `part` while the block runs; none when called inside a transaction (nobody else sees the rows).

    That is a task run where it was enqueued (the immediate backend of tests
    that are not about the queue): no other worker exists to take the part.
    """
    if connection.in_atomic_block:
        yield _NoHeartbeat()
        return
    beat = Heartbeat(part)
    beat.start()
    try:
        yield beat
    finally:
        beat.stop()


def sweep_expired(*, job=None, now=None) -> int:
    """Queue again every running part whose lease ran out (of `job`, or all); return how many."""
    from printing.queue import enqueue_part

    now = now or timezone.now()
    requeued = 0
    with transaction.atomic():
        # Only the parts' rows: a job's row is where heartbeats write progress.
        expired = PrintPart.objects.select_for_update(skip_locked=True, of=("self",)).filter(
            status=PartStatus.RUNNING, lease_until__lt=now
        )
        if job is not None:
            expired = expired.filter(job=job)
        # This process is alive: a part it holds is late because its heartbeat was held up, not dead.
        expired = expired.exclude(worker__startswith=f"{socket.gethostname()}:{os.getpid()}:")
        for part in expired.select_related("job"):
            _give_up_task(part.task_id)
            if part.attempts >= settings.PRINT_MAX_ATTEMPTS:
                logger.error("print part %s lost its worker %d times: the job fails", part.pk, part.attempts)
                PrintPart.objects.filter(pk=part.pk).update(status=PartStatus.FAILED, lease_until=None, html="", pdf=None)
                fail_job(part.job, _("The workers printing this ledger stopped %(times)d times. Print it again; "
                                     "if it fails again, tell your administrator.") % {"times": part.attempts})
                continue
            logger.warning("print part %s: worker %s stopped beating, queued again", part.pk, part.worker)
            PrintPart.objects.filter(pk=part.pk).update(
                status=PartStatus.QUEUED, worker="", lease_until=None, lost=F("lost") + 1
            )
            enqueue_part(part)
            requeued += 1
    if job is None:
        _adopt_orphans(now)
    return requeued


def _adopt_orphans(now):
    """Jobs left by the version that printed in web threads (no parts): queue them, or end those a thread held."""
    from printing.queue import enqueue_part
    from printing.models import Stage

    orphans = PrintJob.objects.filter(status__in=[PrintJobStatus.QUEUED, PrintJobStatus.RUNNING], parts__isnull=True)
    for job in orphans.filter(requested_at__lt=now - datetime.timedelta(minutes=1)):
        with transaction.atomic():
            if job.status == PrintJobStatus.RUNNING:
                fail_job(job, _("This print was interrupted (the server restarted). Print the ledger again."))
            else:
                enqueue_part(PrintPart.objects.create(job=job, stage=Stage.PLAN))


def _give_up_task(task_id):
    """The dead worker's task row would read "running" for ever: mark it failed (the part has a new task)."""
    if not task_id or "django_tasks_db" not in settings.INSTALLED_APPS:
        return
    from django_tasks_db.models import DBTaskResult
    from django_tasks import TaskResultStatus

    DBTaskResult.objects.filter(id=task_id, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED, finished_at=timezone.now(),
        exception_class_path="printing.lease.LeaseLost", traceback="The worker stopped renewing its lease.",
    )


def fail_job(job, message):
    PrintJob.objects.filter(pk=job.pk).exclude(status=PrintJobStatus.DONE).update(
        status=PrintJobStatus.FAILED, error=message, finished_at=timezone.now()
    )
    # A failed print keeps nothing of the ledger: the chunks' HTML and PDFs are classified material.
    PrintPart.objects.filter(job=job).update(html="", pdf=None)
