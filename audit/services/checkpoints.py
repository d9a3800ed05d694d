"""Recording the head of each chain: daily, after a verification, on every printed ledger."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from audit import selectors
from audit.models import ChainCheckpoint, CheckpointSource
from audit.verification import verify


def record_checkpoint(*, source, by=None) -> list[ChainCheckpoint]:
    """Record the current head of every chain. Returns the checkpoints (print them on the ledger)."""
    source = CheckpointSource(source)
    with transaction.atomic():
        return [
            ChainCheckpoint.objects.create(
                chain=head.chain, seq=head.links, last_hash=head.head_hash, source=source, recorded_by=by
            )
            for head in selectors.chain_heads()
        ]


def verify_and_record(*, by=None, external=None):
    """Verify every chain; when all holds, record the verified heads as a checkpoint.

    A broken chain records nothing: a checkpoint vouches for what it records.
    """
    report = verify(external=external)
    if report.ok:
        with transaction.atomic():
            for head in report.chains:
                ChainCheckpoint.objects.create(
                    chain=head.chain,
                    seq=head.links,
                    last_hash=head.head_hash,
                    source=CheckpointSource.VERIFY,
                    recorded_by=by,
                )
    return report


@dataclass(frozen=True)
class PrintedHead:
    """What a printed ledger carries of one chain: its head now, and the last checkpoint kept out of reach."""

    chain: str
    seq: int
    head: str
    # The last checkpoint of this chain that the ledger can name: a signed line of the checkpoint file
    # (signed=True), or, where the application cannot read that file, the last daily checkpoint the
    # database recorded (which the daily job also signed when it has the key). None: none yet.
    last_checkpoint: "PrintedCheckpoint | None"


@dataclass(frozen=True)
class PrintedCheckpoint:
    seq: int
    head: str
    at: datetime.datetime | None
    signed: bool


def heads_for_print(*, by) -> list[PrintedHead]:
    """Record the heads as a print checkpoint and return them for the ledger's footer.

    Paper is the copy of the head nobody with the database's passwords can
    recall: the inspector compares it with the check page or the checkpoint
    file (docs/audit.md, "The head on every printed ledger").
    """
    signed = _last_signed_lines()
    heads = []
    for checkpoint in record_checkpoint(source=CheckpointSource.PRINT, by=by):
        last = signed.get(checkpoint.chain)
        if last is None:
            daily = (
                ChainCheckpoint.objects.filter(chain=checkpoint.chain, source=CheckpointSource.DAILY)
                .order_by("-created_at", "-pk")
                .first()
            )
            if daily is not None:
                last = PrintedCheckpoint(seq=daily.seq, head=daily.last_hash, at=daily.created_at, signed=False)
        heads.append(PrintedHead(chain=checkpoint.chain, seq=checkpoint.seq, head=checkpoint.last_hash, last_checkpoint=last))
    return heads


def _last_signed_lines() -> dict:
    """The last validly signed line per chain of the checkpoint file, when this host may read it and its public key."""
    path = getattr(settings, "AUDIT_CHECKPOINT_FILE", "")
    key_path = getattr(settings, "AUDIT_PUBLIC_KEY_FILE", "")
    if not path or not key_path:
        return {}
    from audit import signing

    try:
        lines = signing.read_signed(path, signing.load_public_key(key_path))
    except (OSError, ValueError):
        # The file lives where the application cannot write, often where it cannot read either.
        return {}
    last = {}
    for line in lines:
        if line.valid:
            last[line.chain] = PrintedCheckpoint(seq=line.seq, head=line.head, at=_parse_time(line.at), signed=True)
    return last


def _parse_time(text):
    try:
        return datetime.datetime.fromisoformat(text)
    except ValueError:
        return None
