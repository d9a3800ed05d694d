"""`manage.py run_daily`: every daily job, safe to run twice, and one server at a time."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connections
from django.utils import timezone

from audit.models import ChainCheckpoint, CheckpointSource
from documents.levels import Level
from documents.services.recording import stamp
from notifications.models import Notification
from secrecy_registry.schedule import lock_key, run_daily
from tests.factories import DocumentFactory
from tests.notifications.test_notifications import days, loan_out

pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue(office):
    document = DocumentFactory(registry=office.registry, by=office.clerk, level=Level.SECRET,
                               scope_users=[office.reader, office.leader])
    return loan_out(office, document, due_in=3)


def daily_checkpoints():
    return ChainCheckpoint.objects.filter(source=CheckpointSource.DAILY).count()


def test_the_daily_run_does_every_job(office, overdue):
    results = run_daily(now=days(5))

    assert [(r.job, r.ok) for r in results] == [("purge_prints", True), ("audit_checkpoint", True), ("notifications", True)]
    assert daily_checkpoints() > 0
    assert Notification.objects.filter(object_id=overdue.pk).count() == 2


def test_running_it_twice_the_same_day_records_one_checkpoint_and_no_second_notification(office, overdue):
    # Today, for real: the checkpoint is the chain's head at the moment it is recorded.
    overdue.due_on = timezone.localdate() - datetime.timedelta(days=1)
    stamp(overdue, by=office.clerk, reason="test: the due date passes").save()
    run_daily()
    checkpoints, notifications = daily_checkpoints(), list(Notification.objects.values_list("pk", flat=True))
    assert checkpoints and len(notifications) == 2

    results = run_daily()

    assert dict((r.job, r.said) for r in results)["audit_checkpoint"] == "already recorded today"
    assert daily_checkpoints() == checkpoints
    assert list(Notification.objects.values_list("pk", flat=True)) == notifications


def test_a_second_server_leaves_a_job_another_is_running_to_it(office, overdue):
    # Another server's run: the same database, another connection, in the middle of the notifications.
    other = connections["allocator"]
    with other.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [lock_key("notifications")])
    try:
        results = {r.job: r for r in run_daily(now=days(5))}
        out = io.StringIO()
        call_command("run_daily", "--only", "notifications", stdout=out)
        assert "notifications: running on another server" in out.getvalue()
    finally:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [lock_key("notifications")])
    assert results["notifications"].skipped and not Notification.objects.exists()
    # The other jobs were this server's to run.
    assert not results["audit_checkpoint"].skipped and daily_checkpoints() > 0

    assert not run_daily(now=days(5))[-1].skipped  # the lock is free again
    assert Notification.objects.exists()


def test_the_command_says_what_each_job_did(office, overdue):
    out = io.StringIO()
    call_command("run_daily", "--only", "notifications", stdout=out)

    assert out.getvalue().startswith("notifications: 0 new")
    assert daily_checkpoints() == 0
