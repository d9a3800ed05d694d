from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from audit.services.checkpoints import verify_and_record


class Command(BaseCommand):
    help = (
        "Walk every audit chain and check every history row against it. Exits 0 when all holds "
        "(and records the verified head as a checkpoint); otherwise exits 1 naming the first broken row."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--checkpoints", metavar="FILE", help="The signed checkpoint file written by audit_checkpoint --file."
        )
        parser.add_argument(
            "--public-key",
            metavar="FILE",
            default=getattr(settings, "AUDIT_PUBLIC_KEY_FILE", "") or None,
            help="The checkpoint key's public half (KEY.pub); needed with --checkpoints.",
        )

    def handle(self, *args, checkpoints=None, public_key=None, **options):
        external = None
        if checkpoints:
            from audit import signing

            if not public_key:
                raise CommandError("--checkpoints needs --public-key (the .pub written next to the signing key).")
            try:
                external = signing.read_signed(checkpoints, signing.load_public_key(public_key))
            except (OSError, ValueError) as error:
                raise CommandError(f"Cannot read the checkpoints: {error}", returncode=2) from error
        report = verify_and_record(by=None, external=external)
        if not report.supported:
            raise CommandError(report.summary(), returncode=2)
        if report.ok:
            self.stdout.write(self.style.SUCCESS(report.summary()))
            for head in report.chains:
                self.stdout.write(f"  chain {head.chain}: {head.links} rows, head {head.head_hash}")
            return
        for problem in report.problems:
            self.stderr.write(f"  [{problem.kind}] {problem.message}")
        if report.problem_count > len(report.problems):
            self.stderr.write(f"  ... and {report.problem_count - len(report.problems)} more.")
        raise CommandError(report.summary(), returncode=1)
