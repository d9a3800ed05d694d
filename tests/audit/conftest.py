import pytest
from django.db import connection


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
    """Raw SQL as someone with direct database access: triggers off for the statement."""
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        try:
            cursor.execute(sql, params)
        finally:
            cursor.execute("SET session_replication_role = origin")
