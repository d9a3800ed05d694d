"""The suite runs with the application on its restricted PostgreSQL role (docs/audit.md, "Two roles").

The test database is created and migrated by the owner (the throwaway
cluster's superuser that `scripts/with-postgres.sh` starts with). Then
`audit_roles`' own code (`audit.roles.create_app_role`) gives the application
role its rights in it, and from there on every connection Django opens
becomes that role before it is used: `SET SESSION AUTHORIZATION`, so
`current_user` and `session_user` are both the role that owns nothing and
every statement of the application, and of the tests, is checked against
its rights.

Why not log in as the role: a tampering test plays the database owner on
the test's own transaction (the rows it alters were written in it and are
rolled back with it), which a second login could not even see. So the
connection is authenticated by the owner, becomes the application role, and
only `owner_rights()` steps back to the owner, for one explicit block.
"""

import os
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.signals import connection_created

APP_ROLE = os.environ.get("DJANGO_AUDIT_APP_ROLE") or "registry_app"

_state = {"on": False}


def _become_app_role(sender, connection, **kwargs):
    if _state["on"] and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET SESSION AUTHORIZATION {connection.ops.quote_name(APP_ROLE)}")


def grant(owner_cursor):
    """Give the role its rights in the migrated test database, as `audit_roles` does."""
    from audit.roles import create_app_role

    owner_cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = session_user")
    if not owner_cursor.fetchone()[0]:
        raise RuntimeError(
            "The tests need DATABASE_URL to name a superuser (scripts/with-postgres.sh does): the connection "
            "becomes the application role with SET SESSION AUTHORIZATION, and tampering tests act as the owner."
        )
    create_app_role(owner_cursor, APP_ROLE)


def start():
    """Every connection opened from now on is the application role (those open now are closed)."""
    for connection in connections.all():
        connection.close()
    _state["on"] = True
    connection_created.connect(_become_app_role, dispatch_uid="tests.db_roles")


def stop():
    """Back to the owner (who drops the test database)."""
    _state["on"] = False
    connection_created.disconnect(dispatch_uid="tests.db_roles")
    for connection in connections.all():
        connection.close()


@contextmanager
def owner_rights(using=DEFAULT_DB_ALIAS):
    """Run the block as the database owner, on the same connection and in the same transaction.

    For what only the owner may do: tampering as an intruder with the owner's
    password would, DDL, the scale generator's trigger switching, and the
    test runner's TRUNCATE between transactional tests.
    """
    connection = connections[using]
    if connection.vendor != "postgresql" or not _state["on"]:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("RESET SESSION AUTHORIZATION")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"SET SESSION AUTHORIZATION {connection.ops.quote_name(APP_ROLE)}")
