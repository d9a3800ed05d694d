from django.core.management.base import BaseCommand, CommandError

from audit.services.checkpoints import verify_and_record


class Command(BaseCommand):
    help = (
        "Walk every audit chain and check every history row against it. Exits 0 when all holds "
        "(and records the verified head as a checkpoint); otherwise exits 1 naming the first broken row."
    )

    def handle(self, *args, **options):
        report = verify_and_record(by=None)
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
