"""The PostgreSQL roles: an owner that migrates, and an application role that owns nothing.

The application connects as a role that cannot rewrite history: it owns no
table, function or trigger (so it cannot ALTER, DROP TRIGGER, DISABLE
TRIGGER or replace a function), and on the tables of the audit trail it has

- history tables, the access log, checkpoints: SELECT, INSERT;
- audit_chainlink, audit_rowshape, audit_pendinglink: SELECT only (links are
  written by the SECURITY DEFINER trigger functions, audit/database.py);

never UPDATE, DELETE, TRUNCATE, REFERENCES or TRIGGER. Every other table
gets SELECT, INSERT, UPDATE, DELETE; django_migrations SELECT only.
Migrations (and `generate_scale_data`) run as the owner.
"""

from audit.models import ChainCheckpoint, ChainLink, PendingLink, RowShape


def role_exists(cursor, role):
    cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
    return cursor.fetchone() is not None


def create_app_role(cursor, role, password=None):
    """Create (or reset) the application role and grant it exactly its rights. Run as the owner."""
    quote = cursor.db.ops.quote_name
    if not role_exists(cursor, role):
        cursor.execute(f"CREATE ROLE {quote(role)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS")
    if password:
        cursor.execute(f"ALTER ROLE {quote(role)} PASSWORD %s", [password])
    cursor.execute("SELECT current_database()")
    cursor.execute(f"GRANT CONNECT, TEMPORARY ON DATABASE {quote(cursor.fetchone()[0])} TO {quote(role)}")
    grant_app_role(cursor, role)


def grant_app_role(cursor, role):
    from audit.tracked import chained_models

    quote = cursor.db.ops.quote_name
    who = quote(role)
    cursor.execute("SELECT current_schema()")
    schema = quote(cursor.fetchone()[0])
    cursor.execute(f"GRANT USAGE ON SCHEMA {schema} TO {who}")
    cursor.execute(f"REVOKE CREATE ON SCHEMA {schema} FROM {who}")
    cursor.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {who}")
    cursor.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {who}")
    append_only = {model._meta.db_table for model in chained_models()} | {ChainCheckpoint._meta.db_table}
    read_only = {ChainLink._meta.db_table, RowShape._meta.db_table, PendingLink._meta.db_table, "django_migrations"}
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
    )
    for (table,) in cursor.fetchall():
        if table in read_only:
            rights = "SELECT"
        elif table in append_only:
            rights = "SELECT, INSERT"
        else:
            rights = "SELECT, INSERT, UPDATE, DELETE"
        cursor.execute(f"GRANT {rights} ON {quote(table)} TO {who}")
