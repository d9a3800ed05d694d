"""A real streaming replica of the test database: the ledger reads from it, a clerk's own registration does not wait for it.

`make test` starts a hot standby of the throwaway cluster with it
(`PG_STANDBY=1 scripts/with-postgres.sh`, `pg_basebackup -R`, the next port);
run alone, the fixture takes the base backup and starts the standby itself. It adds the `replica` alias the way
REPLICA_DATABASE_URL does (secrecy_registry.databases.replica_database). The
tests pause the standby's replay so that it visibly lags: what it serves is
then told apart from what the primary holds.
"""

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time

import psycopg
import pytest
from django.db import connection, connections, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AccessEvent, AccessKind
from documents.models import Document
from secrecy_registry.databases import replica_database
from secrecy_registry.replica import PIN_COOKIE, REPLICA, reads_may_lag, replica_caught_up
from tests.documents.test_pages import form_data
from tests.factories import PASSWORD, DocumentFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def _pg_bin():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_basebackup"))
    if not found:
        pytest.fail("The replica test needs the PostgreSQL server binaries (pg_basebackup, pg_ctl).")
    return os.path.dirname(found[-1])


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start_standby(primary, work, port):
    """A base backup of the primary's cluster started as a hot standby; its log is in the error if it does not come up."""
    pg_bin = _pg_bin()
    # The cluster belongs to `postgres` when the suite runs as root (initdb refuses root).
    as_pg = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
    os.chmod(work, 0o755)
    if as_pg:
        shutil.chown(work, "postgres")
    data = os.path.join(work, "data")
    subprocess.run(
        [*as_pg, f"{pg_bin}/pg_basebackup", "-h", primary["HOST"], "-p", str(primary["PORT"]), "-U", primary["USER"],
         "-D", data, "-R", "-X", "stream", "-c", "fast"],
        check=True, capture_output=True,
    )
    stop = [*as_pg, f"{pg_bin}/pg_ctl", "-D", data, "-m", "fast", "stop"]
    log = os.path.join(work, "standby.log")
    started = subprocess.run(
        [*as_pg, f"{pg_bin}/pg_ctl", "-D", data, "-l", log, "-w", "-t", "120",
         "-o", f"-p {port} -k {work} -c listen_addresses=127.0.0.1 -c hot_standby=on", "start"],
        capture_output=True,
    )
    if started.returncode:
        subprocess.run(stop, capture_output=True)  # pg_ctl gave up waiting; the server itself may still be running
        with open(log) as handle:
            pytest.fail(
                "The standby did not accept connections within two minutes. A hot standby waits for a snapshot of the "
                "primary, which a long transaction with more than 64 savepoints withholds while it runs: start the "
                "standby before the tests (PG_STANDBY=1 scripts/with-postgres.sh, as `make test` does).\n" + handle.read()
            )
    return stop


@pytest.fixture(scope="module")
def standby(django_db_setup, django_db_blocker):
    """A hot standby of the test database's cluster, and the `replica` alias pointing at it.

    `make test` starts the standby with the cluster (PG_STANDBY_PORT), before any test opens a
    transaction; run on its own, this module takes a base backup and starts one itself.
    """
    if connection.vendor != "postgresql":
        pytest.skip("A streaming replica is a PostgreSQL feature.")
    primary = connection.settings_dict
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute("SHOW wal_level")
        assert cursor.fetchone()[0] in ("replica", "logical"), "The cluster needs wal_level=replica (PG_EXTRA_OPTS)."
    work, stop = None, None
    port = os.environ.get("PG_STANDBY_PORT")
    if not port:
        work, port = tempfile.mkdtemp(prefix="registry-standby."), _free_port()
        try:
            stop = _start_standby(primary, work, port)
        except BaseException:
            shutil.rmtree(work, ignore_errors=True)
            raise
    url = f"postgres://{primary['USER']}@127.0.0.1:{port}/{primary['NAME']}"
    settings = connections.configure_settings({**connections.settings, REPLICA: replica_database(url)})
    connections.settings[REPLICA] = settings[REPLICA]
    control = psycopg.connect(host="127.0.0.1", port=port, user=primary["USER"], dbname=primary["NAME"], autocommit=True)
    try:
        yield control
    finally:
        control.close()
        connections[REPLICA].close()
        del connections.settings[REPLICA]
        try:
            del connections[REPLICA]
        except AttributeError:  # never opened in this thread
            pass
        if stop:
            subprocess.run(stop, capture_output=True)
            shutil.rmtree(work, ignore_errors=True)


def _caught_up(standby):
    assert replica_caught_up(within_seconds=60), "The standby did not replay the primary's WAL within a minute."


def _paused(standby):
    standby.execute("SELECT pg_wal_replay_pause()")


def _resumed(standby):
    standby.execute("SELECT pg_wal_replay_resume()")


def _ledger(client, aliases=("default", REPLICA)):
    """The ledger page, and the SQL each connection ran for it."""
    captures = {alias: CaptureQueriesContext(connections[alias]) for alias in aliases}
    for capture in captures.values():
        capture.__enter__()
    try:
        response = client.get(reverse("documents:ledger"))
    finally:
        for capture in captures.values():
            capture.__exit__(None, None, None)
    assert response.status_code == 200
    return response.content.decode(), {alias: " ".join(q["sql"] for q in c.captured_queries) for alias, c in captures.items()}


def _signed_in(client, username):
    assert client.login(username=username, password=PASSWORD)
    return client


def test_the_ledger_is_read_from_the_replica_and_a_clerk_sees_their_registration_on_the_next_page(
    standby, office, client
):
    DocumentFactory(registry=office.registry, by=office.clerk, title="Filed before the backup", scope_users=[office.leader])
    _caught_up(standby)
    leader = _signed_in(Client(), "leader")

    page, sql = _ledger(leader)
    assert "Filed before the backup" in page
    assert "documents_copy" in sql[REPLICA] and "documents_copy" not in sql["default"]
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery(), current_setting('default_transaction_read_only')")
        assert cursor.fetchone() == (True, "on")

    _paused(standby)
    try:
        clerk = _signed_in(client, "clerk")
        response = clerk.post(reverse("documents:register"), form_data(office, title="Registered while the replica lags"))
        assert response.status_code == 302
        assert PIN_COOKIE in response.cookies

        page, sql = _ledger(clerk)
        assert "Registered while the replica lags" in page
        assert "documents_copy" in sql["default"] and "documents_copy" not in sql[REPLICA]

        # The leader, who wrote nothing, is served by the replica, which has not replayed it yet.
        page, _sql = _ledger(leader)
        assert "Filed before the backup" in page
        assert "Registered while the replica lags" not in page
    finally:
        _resumed(standby)
    _caught_up(standby)
    page, _sql = _ledger(leader)
    assert "Registered while the replica lags" in page


def test_reading_the_ledger_on_the_replica_logs_the_export_on_the_primary(standby, office, client):
    DocumentFactory(registry=office.registry, by=office.clerk, title="Exported", scope_users=[office.leader])
    _caught_up(standby)
    leader = _signed_in(client, "leader")

    response = leader.get(reverse("documents:ledger"), {"export": "csv"})

    assert response.status_code == 200
    assert "Exported" in b"".join(response.streaming_content if response.streaming else [response.content]).decode()
    assert AccessEvent.objects.using("default").filter(user=office.leader, kind=AccessKind.EXPORT).exists()


def test_locks_writes_and_reads_inside_a_transaction_go_to_the_primary_even_where_reads_may_lag(standby, office):
    document = DocumentFactory(registry=office.registry, by=office.clerk)
    _caught_up(standby)

    with reads_may_lag():
        assert Document.objects.all().db == REPLICA
        from_replica = Document.objects.get(pk=document.pk)
        assert from_replica._state.db == REPLICA
        assert Document.objects.select_for_update().db == "default"
        with transaction.atomic():
            assert Document.objects.all().db == "default"
        from_replica.remarks = "corrected"
        from_replica._change_reason = "Corrected after checking the original"
        from_replica.save(update_fields=["remarks"])

    assert Document.objects.using("default").get(pk=document.pk).remarks == "corrected"
    # Outside a view that opted in, even the rows of an object read on the replica come from the primary.
    assert from_replica.copies.all().db == "default"
    assert Document.objects.all().db == "default"


def test_healthz_says_how_far_the_replica_lags_and_nothing_more(standby, office, client):
    from audit.models import CheckpointSource
    from audit.services.checkpoints import record_checkpoint

    record_checkpoint(source=CheckpointSource.DAILY)
    _caught_up(standby)
    assert client.get("/healthz").json() == {"status": "ok", "replica": {"reachable": True, "lag_seconds": 0}}

    _paused(standby)
    try:
        time.sleep(1.5)
        DocumentFactory(registry=office.registry, by=office.clerk, title="Not replayed yet")
        response = client.get("/healthz")
    finally:
        _resumed(standby)

    assert response.status_code == 200
    body = response.json()
    assert body.keys() == {"status", "replica"} and body["replica"].keys() == {"reachable", "lag_seconds"}
    assert body["replica"]["reachable"] is True and body["replica"]["lag_seconds"] >= 1.5
