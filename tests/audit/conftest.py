import pytest
from django.db import connection

from tests.db_roles import owner_rights


@pytest.fixture
def chain_now(db):
    """Write chain links as history rows are written, instead of at commit.

    The chain trigger is deferred to commit (audit/database.py); a test that
    runs in a transaction rolled back at the end never commits, so it asks
    PostgreSQL to run the pending and future links now. Tests marked
    transaction=True use the real commit path instead.
    """
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS audit_chain_link IMMEDIATE")


def tamper(sql, params=None):
    """Raw SQL as the database owner (a superuser here) would: triggers off for the statement.

    The application's own role may do none of this (tests/audit/test_roles.py).
    """
    with owner_rights(), connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        try:
            cursor.execute(sql, params)
        finally:
            cursor.execute("SET session_replication_role = origin")
