from django.core.management.base import BaseCommand, CommandError

from audit import signing


class Command(BaseCommand):
    help = (
        "Create the Ed25519 key that signs audit checkpoints: PATH (private, mode 0600; only the checkpoint job "
        "reads it, keep it off the database host if you can) and PATH.pub (public; verify_audit needs it)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        try:
            public = signing.generate_key(path)
        except FileExistsError as error:
            raise CommandError(f"{path} exists: a key is never overwritten.") from error
        self.stdout.write(self.style.SUCCESS(f"Signing key {path}, public key {public}."))
