"""The chain on SQLite, the database `make run` serves.

The suite's database is PostgreSQL, so these tests run the registry itself
(`manage.py migrate`, `load_demo`, `verify_audit`) in subprocesses against a
SQLite file, and tamper with that file through Python's sqlite3 module, as
someone with the `sqlite3` shell would. The demo database is built once per
module; each test works on its own copy.
"""

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

# A demo registry migrated and loaded in a subprocess, then verify_audit in one per test.
pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
MANAGE = [sys.executable, str(ROOT / "manage.py")]


def run(database, *args, script=None):
    env = {**os.environ, "DJANGO_DEBUG": "1", "DATABASE_URL": f"sqlite:///{database}"}
    command = [*MANAGE, *args] if script is None else [*MANAGE, "shell", "-c", script]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def demo_database(tmp_path_factory):
    database = tmp_path_factory.mktemp("sqlite-demo") / "registry.sqlite3"
    for step in (("migrate", "--noinput"), ("load_demo",)):
        done = run(database, *step)
        assert done.returncode == 0, done.stderr
    return database


@pytest.fixture
def database(demo_database, tmp_path):
    copy = tmp_path / "registry.sqlite3"
    shutil.copy(demo_database, copy)
    return copy


def shell(database):
    """The sqlite3 shell: no hash functions registered, triggers as the file has them."""
    connection = sqlite3.connect(database, isolation_level=None)
    return connection


def scalar(database, sql, params=()):
    with shell(database) as connection:
        return connection.execute(sql, params).fetchone()[0]


def test_every_demo_history_row_is_linked_and_verify_audit_passes(database):
    done = run(database, "verify_audit")

    links = scalar(database, "SELECT count(*) FROM audit_chainlink")
    documents = scalar(database, "SELECT count(*) FROM documents_historicaldocument")
    linked_documents = scalar(
        database, "SELECT count(*) FROM audit_chainlink WHERE table_name = 'documents_historicaldocument'"
    )
    assert done.returncode == 0, done.stderr
    assert f"{links} history rows in 1 chain(s) verified" in done.stdout
    assert documents > 0 and linked_documents == documents
    assert scalar(database, "SELECT max(seq) FROM audit_chainlink") == links


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE documents_historicaldocument SET title = 'nothing to see'",
        "DELETE FROM documents_historicalcopy",
        "UPDATE audit_chainlink SET link_hash = 'f'",
        "DELETE FROM audit_chainlink",
        "UPDATE audit_rowshape SET columns = 'id'",
    ],
)
def test_history_and_audit_tables_refuse_update_and_delete(database, statement):
    with shell(database) as connection, pytest.raises(sqlite3.IntegrityError, match="append-only"):
        connection.execute(statement)


def test_a_history_row_cannot_be_inserted_from_the_sqlite_shell(database):
    with shell(database) as connection, pytest.raises(sqlite3.OperationalError, match="audit_sha256"):
        connection.execute(
            "INSERT INTO documents_historicalregistry SELECT * FROM documents_historicalregistry LIMIT 1"
        )


def test_an_edited_history_row_makes_verify_audit_fail_and_name_it(database):
    history_id = scalar(database, "SELECT min(history_id) FROM documents_historicaldocument")
    seq = scalar(
        database,
        "SELECT seq FROM audit_chainlink WHERE table_name = 'documents_historicaldocument' AND history_id = ?",
        (history_id,),
    )
    with shell(database) as connection:
        connection.execute("DROP TRIGGER audit_append_only_update__documents_historicaldocument")
        connection.execute(
            "UPDATE documents_historicaldocument SET title = 'nothing to see' WHERE history_id = ?", (history_id,)
        )

    done = run(database, "verify_audit")

    assert done.returncode == 1
    assert (
        f"First broken row: documents_historicaldocument history row {history_id} (link #{seq}) was altered"
        in done.stderr
    )
    assert "documents_historicaldocument has lost its audit_append_only trigger" in done.stderr


def test_a_row_inserted_with_the_chain_trigger_dropped_is_named(database):
    with shell(database) as connection:
        connection.execute("DROP TRIGGER audit_chain_link__documents_historicalregistry")
        connection.execute(
            "INSERT INTO documents_historicalregistry (id, code, name, unit_id, history_date, history_type, "
            "history_change_reason) SELECT id, code, name, unit_id, history_date, '~', 'routine' "
            "FROM documents_historicalregistry ORDER BY history_id LIMIT 1"
        )
        forged = connection.execute("SELECT max(history_id) FROM documents_historicalregistry").fetchone()[0]

    done = run(database, "verify_audit")

    assert done.returncode == 1
    assert f"documents_historicalregistry history row {forged} is not in the chain" in done.stderr


def test_a_deleted_tail_is_caught_by_the_checkpoint(database):
    assert run(database, "verify_audit").returncode == 0  # records a checkpoint
    with shell(database) as connection:
        table, history_id, seq = connection.execute(
            "SELECT table_name, history_id, seq FROM audit_chainlink ORDER BY seq DESC LIMIT 1"
        ).fetchone()
        connection.execute(f"DROP TRIGGER audit_append_only_delete__{table}")
        connection.execute("DROP TRIGGER audit_append_only_delete__audit_chainlink")
        connection.execute(f'DELETE FROM "{table}" WHERE history_id = ?', (history_id,))
        connection.execute("DELETE FROM audit_chainlink WHERE seq = ?", (seq,))

    done = run(database, "verify_audit")

    assert done.returncode == 1
    assert f"link #{seq} onward" in done.stderr
    assert "the last rows were removed" in done.stderr


CHECK_PAGE = """
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
with override_settings(REQUIRE_TWO_FACTOR=False, ALLOWED_HOSTS=["testserver"]):
    client = Client()
    client.force_login(get_user_model().objects.get(username="inspector"))
    page = client.get("/audit/check/").content.decode()
    print("check page offers the check:", "Run the check now" in page)
    print(client.post("/audit/check/run/", follow=True).content.decode())
"""


def test_the_inspectors_check_page_verifies_on_sqlite_and_names_the_edited_row(database):
    history_id = scalar(database, "SELECT min(history_id) FROM documents_historicalcopy")
    with shell(database) as connection:
        connection.execute("DROP TRIGGER audit_append_only_update__documents_historicalcopy")
        connection.execute(
            "UPDATE documents_historicalcopy SET history_change_reason = 'routine' WHERE history_id = ?", (history_id,)
        )

    done = run(database, script=CHECK_PAGE)

    assert done.returncode == 0, done.stderr
    assert "check page offers the check: True" in done.stdout
    assert "Audit trail broken" in done.stdout
    assert f"documents_historicalcopy history row {history_id}" in done.stdout
