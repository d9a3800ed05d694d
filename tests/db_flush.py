"""Between transactional tests, empty the tables that hold rows, instead of Django's flush.

Django's `flush` TRUNCATEs every table (about 330 of them with the history
tables) and then emits post_migrate, which re-creates every content type and
every permission for 92 apps: 3 to 7 s after each transactional test, the
largest part of the suite's time once there were a few hundred such tests
(docs/testing.md, "Where the time goes"). Here:

- the content types and permissions are kept: post_migrate would write the
  same rows again, only with new ids. A test that changes them (the printing
  app's move migrates back and forth) is noticed by their count and last id,
  and post_migrate then writes back what is missing, as Django's flush would;
- the other tables are emptied with DELETE, and only those that hold a row
  (one query finds them): a test leaves rows in a few dozen tables, not in 330;
- foreign keys and the history tables' append-only triggers are switched off
  for the transaction (`session_replication_role = replica`, the owner's right,
  as TRUNCATE was), since the rows go in no particular order and the history
  refuses DELETE from anyone else.

What a test sees afterwards is what it saw after Django's flush: every table
empty but for the content types and permissions, sequences not reset.
"""

from django.core.management.sql import emit_post_migrate_signal
from django.db import transaction

KEPT = {"django_content_type", "auth_permission", "django_migrations"}
_kept_as = {}  # database alias -> the kept tables' (count, last id) after the last flush


def _kept_fingerprint(cursor):
    cursor.execute(
        "SELECT (SELECT count(*) FROM django_content_type), (SELECT max(id) FROM django_content_type), "
        "(SELECT count(*) FROM auth_permission), (SELECT max(id) FROM auth_permission)"
    )
    return cursor.fetchone()


def remember_kept(connection):
    """The content types and permissions as migrate left them: what every flush compares with."""
    with connection.cursor() as cursor:
        _kept_as[connection.alias] = _kept_fingerprint(cursor)


def empty_tables(connection):
    quote = connection.ops.quote_name
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        tables = sorted(set(connection.introspection.django_table_names(only_existing=True, include_views=False)) - KEPT)
        cursor.execute(
            " UNION ALL ".join(f"SELECT %s WHERE EXISTS (SELECT 1 FROM {quote(table)})" for table in tables), tables
        )
        holding = [row[0] for row in cursor.fetchall()]
        if holding:
            cursor.execute("SET LOCAL session_replication_role = replica")
            for table in holding:
                cursor.execute(f"DELETE FROM {quote(table)}")  # nosec B608: table names from Django's own model metadata
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")
        kept = _kept_fingerprint(cursor)
    if _kept_as.setdefault(connection.alias, kept) != kept:
        emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)
        with connection.cursor() as cursor:
            _kept_as[connection.alias] = _kept_fingerprint(cursor)
