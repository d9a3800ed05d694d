"""`manage.py db_worker`: django-tasks-db's worker, with the periodic jobs (printing/periodic.py) beside it.

Named like the library's command so that what docs/deployment.md says to run
is what the library documents; `printing` comes before `django_tasks_db` in
INSTALLED_APPS, so this one is found first. Everything else is theirs.
"""

from django_tasks_db.management.commands.db_worker import Command as WorkerCommand

from printing.periodic import Scheduler


class Command(WorkerCommand):
    help = "Run a database background worker (print parts and other tasks), with the periodic jobs."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--no-periodic", action="store_false", dest="periodic",
            help="Do not run the periodic jobs (the lease sweep) in this worker.",
        )

    def handle(self, *args, periodic=True, **options):
        if periodic and not options.get("reload"):
            Scheduler().start()
        elif periodic:
            # With the autoreloader the worker runs in a child process: start the thread there, not in the watcher.
            import os

            from django.utils.autoreload import DJANGO_AUTORELOAD_ENV

            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                Scheduler().start()
        return super().handle(*args, **options)
