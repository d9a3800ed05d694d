"""Between transactional tests, empty the tables that hold rows, instead of Django's flush.

Django's `flush` TRUNCATEs every table (about 330 of them with the history
tables) and then emits post_migrate, which re-creates every content type and
every permission for 92 apps: 3 to 7 s after each transactional test, the
largest part of the suite's time once there were a few hundred such tests
(docs/testing.md, "Where the time goes"). Here:

- the content types and permissions are kept: post_migrate would write the
  same rows again, only with new ids, and nothing in a test changes them;
- the other tables are emptied with DELETE, and only those that hold a row
  (one query finds them): a test leaves rows in a few dozen tables, not in 330;
- foreign keys and the history tables' append-only triggers are switched off
  for the transaction (`session_replication_role = replica`, the owner's right,
  as TRUNCATE was), since the rows go in no particular order and the history
  refuses DELETE from anyone else.

What a test sees afterwards is what it saw after Django's flush: every table
empty but for the content types and permissions, sequences not reset.
"""

from django.db import transaction

KEPT = {"django_content_type", "auth_permission", "django_migrations"}


def empty_tables(connection):
    quote = connection.ops.quote_name
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        tables = sorted(set(connection.introspection.django_table_names(only_existing=True, include_views=False)) - KEPT)
        if not tables:
            return
        cursor.execute(
            " UNION ALL ".join(f"SELECT %s WHERE EXISTS (SELECT 1 FROM {quote(table)})" for table in tables), tables
        )
        holding = [row[0] for row in cursor.fetchall()]
        if not holding:
            return
        cursor.execute("SET LOCAL session_replication_role = replica")
        for table in holding:
            cursor.execute(f"DELETE FROM {quote(table)}")  # nosec B608: table names from Django's own model metadata
