from django.core.management.base import BaseCommand, CommandError

from audit.database import chain_supported
from audit.models import CheckpointSource
from audit.services.checkpoints import record_checkpoint


class Command(BaseCommand):
    help = (
        "Record the head of every audit chain (rows and last hash). Run it daily (cron or a systemd timer): "
        "verify_audit compares the chain with every checkpoint, which is what reveals a deleted tail."
    )

    def handle(self, *args, **options):
        if not chain_supported():
            raise CommandError("The audit chain is kept on PostgreSQL only; nothing to record.", returncode=2)
        for checkpoint in record_checkpoint(source=CheckpointSource.DAILY):
            self.stdout.write(
                self.style.SUCCESS(
                    f"Checkpoint {checkpoint.created_at:%Y-%m-%d %H:%M:%S}: chain {checkpoint.chain}, "
                    f"{checkpoint.seq} rows, head {checkpoint.last_hash}"
                )
            )
