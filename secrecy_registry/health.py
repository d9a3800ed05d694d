"""/healthz: whether this server can serve the registry, for a load balancer or a monitor.

It answers without signing in and says nothing but which of its checks
failed: no version, no counts, no names, no error text (a monitor needs to
know what to look at, not what the registry holds). It touches neither the
session nor the CSRF token, so it sets no cookie.
"""

from datetime import timedelta

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from audit.models import ChainCheckpoint, CheckpointSource

# The daily checkpoint (`manage.py audit_checkpoint`, docs/audit.md) is what
# catches a deleted tail of the history; two days without one means the
# daily job stopped (one missed run is a day, plus slack for when it runs).
CHECKPOINT_MAX_AGE = timedelta(days=2)
# A task ready to run for this long means no task worker (`manage.py db_worker`) is taking the queue.
QUEUE_MAX_WAIT = timedelta(minutes=10)


def _database_answers():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def _migrations_applied():
    executor = MigrationExecutor(connection)
    return not executor.migration_plan(executor.loader.graph.leaf_nodes())


def _daily_checkpoint_recent():
    # Only the daily job's: a verification or a print records heads when someone asks, not every day.
    last = ChainCheckpoint.objects.filter(source=CheckpointSource.DAILY).order_by("-created_at").values_list(
        "created_at", flat=True
    ).first()
    return last is not None and timezone.now() - last <= CHECKPOINT_MAX_AGE


def _task_queue_moving():
    from django_tasks_db.models import DBTaskResult

    oldest = DBTaskResult.objects.ready().order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    return oldest is None or timezone.now() - oldest <= QUEUE_MAX_WAIT


CHECKS = (
    ("database", _database_answers),
    ("migrations", _migrations_applied),
    ("audit_checkpoint", _daily_checkpoint_recent),
    ("task_queue", _task_queue_moving),
)


def failed_checks():
    """The names of the checks that fail, in order; after a database that does not answer, nothing else is tried."""
    failed = []
    for name, check in CHECKS:
        try:
            ok = check()
        except DatabaseError:
            ok = False
        if not ok:
            failed.append(name)
            if name == "database":
                break
    return failed


@login_not_required
@require_safe
def healthz(request):
    failed = failed_checks()
    if failed:
        return JsonResponse({"status": "failing", "failed": failed}, status=503)
    return JsonResponse({"status": "ok"})
