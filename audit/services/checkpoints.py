"""Recording the head of each chain: daily, after a verification, on every printed ledger."""

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
