"""Registry numbers: unique per registry and year, never reused.

The counter is advanced on a database connection of its own (the
`allocator` alias, the same PostgreSQL database) and committed at once. A
registration that later fails leaves a gap, never a number that a second
document could get. Under SQLite (local trial runs only) there is a single
connection and the counter commits with the registration.
"""

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, transaction

from documents.models import RegistryNumberCounter


def _alias():
    return "allocator" if "allocator" in settings.DATABASES else DEFAULT_DB_ALIAS


def allocate_serial(*, registry, year) -> int:
    alias = _alias()
    with transaction.atomic(using=alias):
        counters = RegistryNumberCounter.objects.using(alias)
        counters.get_or_create(registry_id=registry.pk, year=year)
        counter = counters.select_for_update().get(registry_id=registry.pk, year=year)
        counter.last_serial += 1
        counter.save(using=alias, update_fields=["last_serial"])
        return counter.last_serial


def format_registry_number(*, registry, year, serial) -> str:
    return f"{registry.code}-{year}-{serial:05d}"
