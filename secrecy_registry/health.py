"""/healthz: whether this server can serve the registry, for a load balancer or a monitor.

It answers without signing in and says nothing but which of its checks
failed: no version, no counts, no names, no error text (a monitor needs to
know what to look at, not what the registry holds). It touches neither the
session nor the CSRF token, so it sets no cookie.

With a read replica it also says whether the replica answers and how many
seconds of the primary's work it has yet to replay. Neither fails the check:
while the replica is down or behind, the primary answers (secrecy_registry/replica.py).
"""

from datetime import timedelta

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from audit.models import ChainCheckpoint, CheckpointSource
from secrecy_registry.replica import REPLICA, replica_configured, replica_reachable

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


def replica_lag_seconds():
    """Seconds of the primary's work the replica has yet to replay (0 when it has replayed all); None if it does not answer.

    Measured against the primary's current WAL position, not the replica's
    own view: a standby cut off from its primary has nothing left to replay
    that it knows of, yet lags. The age is that of the last transaction it
    replayed.
    """
    if not replica_reachable():
        return None
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()")
            primary_at = cursor.fetchone()[0]
        with connections[REPLICA].cursor() as cursor:
            cursor.execute(
                "SELECT CASE WHEN pg_last_wal_replay_lsn() >= %s::pg_lsn THEN 0"
                " ELSE coalesce(extract(epoch FROM now() - pg_last_xact_replay_timestamp()), 0) END",
                [primary_at],
            )
            return round(max(0.0, float(cursor.fetchone()[0])), 1)
    except DatabaseError:
        connections[REPLICA].close()
        return None


@login_not_required
@require_safe
def healthz(request):
    failed = failed_checks()
    body = {"status": "failing", "failed": failed} if failed else {"status": "ok"}
    if replica_configured() and "database" not in failed:
        lag = replica_lag_seconds()
        body["replica"] = {"reachable": lag is not None, "lag_seconds": lag}
    return JsonResponse(body, status=503 if failed else 200)
