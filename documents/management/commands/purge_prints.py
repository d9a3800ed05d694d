from django.conf import settings
from django.core.management.base import BaseCommand

from documents.pdf.retention import purge_print_files


class Command(BaseCommand):
    help = "Delete background-printed PDFs older than PRINT_FILES_KEEP_DAYS; their print records stay verifiable."

    def handle(self, *args, **options):
        removed = purge_print_files()
        self.stdout.write(
            f"Removed {removed} print file(s) older than {settings.PRINT_FILES_KEEP_DAYS} day(s)."
        )
