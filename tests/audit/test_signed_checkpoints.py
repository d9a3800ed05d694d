"""Signed checkpoints outside the database catch what a consistent rewrite inside it hides."""

import io
import json
from hashlib import sha256

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from audit import signing
from audit.models import ChainCheckpoint, ChainLink, CheckpointSource
from audit.models.chain import GENESIS_HASH
from audit.verification import verify
from documents.models import Document
from tests.audit.conftest import tamper
from tests.audit.test_chain import registry_work  # noqa: F401  (fixture)
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(tmp_path, registry_work):  # noqa: F811
    key = tmp_path / "checkpoint.key"
    call_command("audit_signing_key", str(key), stdout=io.StringIO())
    checkpoints = tmp_path / "checkpoints.jsonl"
    call_command("audit_checkpoint", "--key", str(key), "--file", str(checkpoints), stdout=io.StringIO())
    return type("Signed", (), {"key": key, "public": tmp_path / "checkpoint.key.pub", "file": checkpoints, "work": registry_work})


def verify_with_file(signed):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(
            "verify_audit", "--checkpoints", str(signed.file), "--public-key", str(signed.public), stdout=out, stderr=err
        )
    except CommandError as error:
        return False, str(error), err.getvalue()
    return True, out.getvalue(), ""


def rechain():
    """Rebuild every link and every stored checkpoint from the rows as they are now, as the owner could."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL TIME ZONE 'UTC'")
        cursor.execute("SET LOCAL extra_float_digits = 1")
        cursor.execute("SELECT id, table_name, history_id FROM audit_chainlink ORDER BY seq")
        links = cursor.fetchall()
        prev, rows = GENESIS_HASH, []
        for seq, (link_id, table, history_id) in enumerate(links, start=1):
            pk = "id" if table == "audit_accessevent" else "history_id"
            cursor.execute(f"SELECT audit_row_hash(to_jsonb(h), NULL) FROM {table} AS h WHERE {pk} = %s", [history_id])
            row_hash = cursor.fetchone()[0]
            link = sha256(f"main|{seq}|{table}|{history_id}|{row_hash}|{prev}".encode()).hexdigest()
            rows.append((link_id, seq, row_hash, prev, link))
            prev = link
    tamper("UPDATE audit_chainlink SET seq = -seq")
    for link_id, seq, row_hash, prev_hash, link in rows:
        tamper(
            "UPDATE audit_chainlink SET seq = %s, row_hash = %s, prev_hash = %s, link_hash = %s WHERE id = %s",
            [seq, row_hash, prev_hash, link, link_id],
        )
    tamper("UPDATE audit_chaincheckpoint SET seq = %s, last_hash = %s", [len(rows), prev])


def test_the_checkpoint_file_holds_a_signed_line_per_chain_and_verifies(signed):
    entry = json.loads(signed.file.read_text().splitlines()[0])
    head = ChainLink.objects.order_by("-seq").first()

    ok, output, _details = verify_with_file(signed)

    assert (entry["seq"], entry["head"]) == (head.seq, head.link_hash)
    assert ok, output
    assert oct(signed.key.stat().st_mode & 0o777) == "0o600"


def test_a_middle_row_edited_with_the_chain_and_checkpoints_rehashed_is_caught(signed):
    row = Document.history.filter(id=signed.work.first.pk).order_by("history_id").first()
    link = ChainLink.objects.get(table_name="documents_historicaldocument", history_id=row.history_id)
    tamper("UPDATE documents_historicaldocument SET history_change_reason = 'routine' WHERE history_id = %s", [row.history_id])
    rechain()
    assert verify().ok  # inside the database, nothing shows

    ok, message, _details = verify_with_file(signed)

    head = ChainLink.objects.order_by("-seq").first()
    assert not ok
    assert f"link #{head.seq}" in message and "signed checkpoint" in message
    assert link.seq <= head.seq


def test_a_row_removed_before_the_last_external_checkpoint_is_caught_after_rehashing(signed):
    row = Document.history.filter(id=signed.work.second.pk).order_by("history_id").first()
    link = ChainLink.objects.get(table_name="documents_historicaldocument", history_id=row.history_id)
    tamper("DELETE FROM documents_historicaldocument WHERE history_id = %s", [row.history_id])
    tamper("DELETE FROM audit_chainlink WHERE id = %s", [link.pk])
    signed_head = ChainLink.objects.order_by("-seq").first().seq
    rechain()
    assert verify().ok  # inside the database, nothing shows

    ok, message, _details = verify_with_file(signed)

    assert not ok
    assert f"link #{signed_head} is gone, but the signed checkpoint" in message


def test_a_removed_tail_with_its_stored_checkpoints_is_caught(signed):
    last = ChainLink.objects.order_by("-seq").first()
    tamper(f"DELETE FROM {last.table_name} WHERE {'id' if last.table_name == 'audit_accessevent' else 'history_id'} = %s", [last.history_id])
    tamper("DELETE FROM audit_chainlink WHERE id = %s", [last.pk])
    tamper("DELETE FROM audit_chaincheckpoint")

    ok, message, _details = verify_with_file(signed)

    assert not ok
    assert f"link #{last.seq} is gone" in message


def test_an_edited_line_of_the_checkpoint_file_is_refused(signed):
    entry = json.loads(signed.file.read_text())
    entry["head"] = "0" * 64
    signed.file.write_text(json.dumps(entry) + "\n")

    ok, _message, details = verify_with_file(signed)

    assert not ok
    assert "line 1 of the checkpoint file" in details and "no valid signature" in details


def test_a_checkpoint_signed_with_another_key_is_refused(signed, tmp_path):
    other = tmp_path / "other.key"
    signing.generate_key(other)
    call_command("audit_checkpoint", "--key", str(other), "--file", str(signed.file), stdout=io.StringIO())

    ok, _message, details = verify_with_file(signed)

    assert not ok
    assert "line 2 of the checkpoint file" in details


def test_the_daily_job_appends_a_signed_line_to_the_file_its_settings_name(registry_work, office, settings, tmp_path):  # noqa: F811
    key, checkpoints = tmp_path / "checkpoint.key", tmp_path / "daily.jsonl"
    call_command("audit_signing_key", str(key), stdout=io.StringIO())
    settings.AUDIT_SIGNING_KEY_FILE, settings.AUDIT_CHECKPOINT_FILE = str(key), str(checkpoints)

    call_command("audit_checkpoint", stdout=io.StringIO())  # as cron runs it: no arguments
    DocumentFactory(registry=office.registry, by=office.clerk)
    call_command("audit_checkpoint", stdout=io.StringIO())

    lines = [json.loads(line) for line in checkpoints.read_text().splitlines()]
    heads = list(ChainCheckpoint.objects.filter(source=CheckpointSource.DAILY).order_by("pk").values_list("seq", "last_hash"))
    assert [(line["seq"], line["head"]) for line in lines] == heads
    assert len(lines) == 2 and lines[1]["seq"] > lines[0]["seq"]
