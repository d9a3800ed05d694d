"""/healthz: 200 when the database answers, every migration is applied, the daily checkpoint is recent and the task queue moves; 503 naming the check otherwise."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from audit.models import ChainCheckpoint, CheckpointSource
from audit.services.checkpoints import record_checkpoint
from tests.db_roles import owner_rights
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _checkpoint(age):
    ChainCheckpoint.objects.create(
        chain="documents", seq=0, last_hash="0" * 64, source=CheckpointSource.DAILY, created_at=timezone.now() - age
    )


def test_healthz_answers_ok_and_nothing_else_when_every_check_holds(client):
    record_checkpoint(source=CheckpointSource.DAILY)

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_healthz_needs_no_sign_in_and_sets_no_cookie(client):
    _checkpoint(timedelta(hours=1))

    response = client.get("/healthz")

    assert response.status_code == 200
    assert not response.cookies


def test_healthz_is_not_held_behind_the_second_factor(client, office, settings):
    settings.REQUIRE_TWO_FACTOR = True
    _checkpoint(timedelta(hours=1))
    client.login(username="leader", password=PASSWORD)  # a leader must give a code, and has not

    assert client.get("/").status_code == 302
    assert client.get("/healthz").status_code == 200


def test_healthz_answers_over_plain_http_where_pages_are_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    _checkpoint(timedelta(hours=1))

    assert client.get("/accounts/login/").status_code == 301
    assert client.get("/healthz").status_code == 200


def test_healthz_fails_on_a_checkpoint_older_than_two_days(client):
    _checkpoint(timedelta(days=2, hours=1))

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "failing", "failed": ["audit_checkpoint"]}


def test_healthz_fails_on_a_task_nobody_has_taken_for_ten_minutes(client, settings):
    from django_tasks_db.models import DBTaskResult

    from printing.tasks import run_part

    record_checkpoint(source=CheckpointSource.DAILY)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    run_part.enqueue(0)
    assert client.get("/healthz").status_code == 200  # just queued: a worker will take it

    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(minutes=11))

    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "failing", "failed": ["task_queue"]}


def test_healthz_fails_when_no_daily_checkpoint_was_ever_recorded(client):
    # A verification records heads when someone asks; it does not show that the daily job runs.
    ChainCheckpoint.objects.create(chain="documents", seq=0, last_hash="0" * 64, source=CheckpointSource.VERIFY)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["failed"] == ["audit_checkpoint"]


def test_healthz_fails_on_a_migration_not_applied(client):
    _checkpoint(timedelta(hours=1))
    latest = MigrationRecorder.Migration.objects.filter(app="audit").order_by("-applied", "-id").first()
    # As if the release had not migrated yet: the record of the last audit migration removed, in this
    # test's transaction only (rolled back with it). Only the owner may write django_migrations.
    with owner_rights(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_migrations WHERE app = %s AND name = %s", ["audit", latest.name])

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "failing", "failed": ["migrations"]}
