from django.conf import settings
from django.core.management.base import BaseCommand

from printing.storage import purge


class Command(BaseCommand):
    help = (
        "Delete stored prints (database, and files of older versions under PRINTS_ROOT) finished more than "
        "PRINT_FILES_KEEP_DAYS days ago; their print records stay verifiable."
    )

    def handle(self, *args, **options):
        removed = purge()
        self.stdout.write(f"Removed {removed} print file(s) older than {settings.PRINT_FILES_KEEP_DAYS} day(s).")
