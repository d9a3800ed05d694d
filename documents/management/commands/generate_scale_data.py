"""Fill an empty PostgreSQL database with a provincial registry at scale, for benchmarks.

    python manage.py generate_scale_data --copies 1000000 --users 10000

Units with their registries, people in roles, documents at every level with
Chinese and English titles, 1 to 30 copies each, knowledge scopes of
realistic size, and a few years of history: every copy's circulation rounds,
loans, recoveries, archiving and destruction as copy history rows with
holders and reasons, and the procedure records behind them (circulation
lists and their readers, loans, destruction lists, recoveries to issuer)
with their own history rows (documents.scale.procedures). Written with COPY in one transaction (see
documents.scale.loader). Every generated account's password is
`scale-pass-2026`: benchmark data only, never on a production database.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from documents.models import Document
from documents.scale.loader import BIG_TABLES, SCALE_PASSWORD, load
from documents.scale.plan import plan_registry


class Command(BaseCommand):
    help = "Generate a realistic registry of the given size in an empty PostgreSQL database (benchmarks only)."

    def add_arguments(self, parser):
        parser.add_argument("--copies", type=int, default=1_000_000, help="number of copies (default 1,000,000)")
        parser.add_argument("--users", type=int, default=10_000, help="number of people (default 10,000)")
        parser.add_argument("--years", type=int, default=4, help="years of history, up to today (default 4)")
        parser.add_argument("--seed", type=int, default=2026, help="random seed: the same seed gives the same registry")
        parser.add_argument("--no-vacuum", action="store_true", help="skip VACUUM ANALYZE after loading")

    def handle(self, *args, copies, users, years, seed, no_vacuum, **options):
        if connection.vendor != "postgresql":
            raise CommandError("generate_scale_data writes with PostgreSQL's COPY: point DATABASE_URL at PostgreSQL.")
        if copies < 1 or users < 12 or years < 1:
            raise CommandError("Give at least 1 copy, 12 people and 1 year.")
        if Document.objects.exists():
            raise CommandError("This database already holds documents: generate into an empty (migrated) database.")
        verbose = options["verbosity"] >= 1
        say = self.stdout.write if verbose else (lambda message: None)
        started = time.monotonic()
        say(f"Planning {copies:,} copies for {users:,} people over {years} years (seed {seed})")
        plan = plan_registry(copies=copies, users=users, years=years, seed=seed)
        say(
            f"  {len(plan.units):,} units and registries, {len(plan.documents):,} documents, "
            f"{len(plan.memberships):,} roles in {time.monotonic() - started:.1f} s"
        )
        with transaction.atomic(), connection.cursor() as cursor:
            rows = load(plan, cursor=cursor, say=say)
        if not no_vacuum:
            vacuum_started = time.monotonic()
            with connection.cursor() as cursor:
                for table in (*BIG_TABLES, "auth_user", "auth_user_groups", "people_membership", "documents_registry",
                              "audit_chainlink"):
                    cursor.execute(f"VACUUM (ANALYZE) {table}")
            say(f"  vacuumed and analysed in {time.monotonic() - vacuum_started:.1f} s")
        say(
            self.style.SUCCESS(
                f"Generated {rows:,} rows in {time.monotonic() - started:.0f} s. "
                f"Password of every generated account: {SCALE_PASSWORD}"
            )
        )
