"""The registry's daily run. It lives in the notifications app only because that app is the one that
depends on all the others; the jobs themselves are in secrecy_registry/schedule.py."""

from django.core.management.base import BaseCommand, CommandError

from secrecy_registry.schedule import DAILY_JOBS, run_daily


class Command(BaseCommand):
    help = (
        "Run the daily jobs: purge old print files, record the daily audit checkpoint, make the notifications. "
        "Safe to run twice and from several servers at once (each job runs under a lock; a server that finds it taken leaves that job to the other). "
        "Run it from the systemd timer in deploy/systemd/ (docs/deployment.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--only", action="append", choices=[name for name, _job in DAILY_JOBS],
                            help="Run only this job (may be given more than once).")

    def handle(self, *args, only=None, **options):
        results = run_daily(only=only)
        for result in results:
            line = f"{result.job}: {result.said}"
            self.stdout.write(self.style.SUCCESS(line) if result.ok else self.style.ERROR(line))
        failed = [result.job for result in results if not result.ok]
        if failed:
            raise CommandError(f"Daily job(s) failed: {', '.join(failed)}")
