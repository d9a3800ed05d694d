from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from audit.database import chain_supported
from audit.models import CheckpointSource
from audit.services.checkpoints import record_checkpoint


class Command(BaseCommand):
    help = (
        "Record the head of every audit chain (rows and last hash). Run it daily (cron or a systemd timer): "
        "verify_audit compares the chain with every checkpoint, which is what reveals a deleted tail."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--key", default=getattr(settings, "AUDIT_SIGNING_KEY_FILE", "") or None,
            help="Ed25519 private key file (audit_signing_key writes one); with --file, each head is signed.",
        )
        parser.add_argument(
            "--file", default=getattr(settings, "AUDIT_CHECKPOINT_FILE", "") or None,
            help="Checkpoint file to append the signed heads to (outside the database).",
        )

    def handle(self, *args, key=None, file=None, **options):
        if not chain_supported():
            raise CommandError("This database keeps no audit chain; nothing to record.", returncode=2)
        if bool(key) != bool(file):
            raise CommandError("--key and --file go together: a signed head is written to the checkpoint file.")
        signer = None
        if key:
            from audit import signing

            try:
                signer = signing.load_private_key(key)
            except (OSError, ValueError) as error:
                raise CommandError(f"Cannot read the signing key: {error}", returncode=2) from error
        checkpoints = record_checkpoint(source=CheckpointSource.DAILY)
        if signer is not None:
            from audit import signing

            for checkpoint in checkpoints:
                checkpoint.refresh_from_db(fields=["created_at"])
            signing.append_signed(file, signer, checkpoints)
        for checkpoint in checkpoints:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Checkpoint {checkpoint.created_at:%Y-%m-%d %H:%M:%S}: chain {checkpoint.chain}, "
                    f"{checkpoint.seq} rows, head {checkpoint.last_hash}"
                )
            )
