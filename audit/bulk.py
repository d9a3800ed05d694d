"""Linking history rows loaded in bulk into the audit chain, set-based.

For `generate_scale_data`, which writes tens of millions of history rows
with COPY. The chain triggers (audit/database.py) link each row at commit
through PL/pgSQL, about 6,000 rows a second here: an hour and a half for a
million-copy registry. Inside `linking_in_bulk()` the chain trigger of every
history table is disabled (ALTER TABLE holds the tables until the
transaction ends, so no other writer slips a row in meanwhile); at the end
of the block every row not yet linked gets exactly the link the trigger
would have written: PostgreSQL hashes each row (`audit_row_hash` of its
jsonb, in UTC, as the trigger does), Python chains the hashes with the text
`audit_link_hash` hashes, and COPY writes the links. `verify_audit` checks
them like any other.
"""

import time
from contextlib import contextmanager
from hashlib import sha256

from audit.database import CHAIN_TRIGGER, installed_triggers
from audit.models.chain import GENESIS_HASH, MAIN_CHAIN

BATCH = 50_000
COPY_LINKS = (
    "COPY audit_chainlink (chain, seq, table_name, history_id, shape_id, row_hash, prev_hash, link_hash, created_at) "
    "FROM STDIN"
)


@contextmanager
def linking_in_bulk(cursor, *, say=lambda message: None, chain=MAIN_CHAIN):
    """Disable the chain triggers for the block, then link what it wrote. Must run inside a transaction."""
    from audit.tracked import chained_models

    quote = cursor.db.ops.quote_name
    installed = installed_triggers(cursor.db.alias)
    tables = [
        (model._meta.db_table, model._meta.pk.column)
        for model in chained_models()
        if (model._meta.db_table, CHAIN_TRIGGER) in installed
    ]
    # Links still pending from earlier in this transaction are written now, by their triggers.
    cursor.execute(f"SET CONSTRAINTS {CHAIN_TRIGGER} IMMEDIATE")
    for table, _pk in tables:
        cursor.execute(f"ALTER TABLE {quote(table)} DISABLE TRIGGER {CHAIN_TRIGGER}")
    yield
    started = time.monotonic()
    linked = _link(cursor, tables, chain, quote)
    for table, _pk in tables:
        cursor.execute(f"ALTER TABLE {quote(table)} ENABLE TRIGGER {CHAIN_TRIGGER}")
    cursor.execute(f"SET CONSTRAINTS {CHAIN_TRIGGER} DEFERRED")
    say(f"  audit chain: {linked:,} history rows linked in {time.monotonic() - started:.1f} s")


def _link(cursor, tables, chain, quote):
    # The canonical text of a row is its jsonb in UTC (audit_chain_link sets the same).
    cursor.execute("SET LOCAL timezone = 'UTC'")
    cursor.execute("SET LOCAL extra_float_digits = 1")
    cursor.execute("SELECT pg_advisory_xact_lock(hashtext('audit_chain'), hashtext(%s))", [chain])
    cursor.execute("SELECT seq, link_hash FROM audit_chainlink WHERE chain = %s ORDER BY seq DESC LIMIT 1", [chain])
    head = cursor.fetchone()
    seq, prev = head if head else (0, GENESIS_HASH)
    total = 0
    for table, pk in tables:
        unlinked = (
            f"FROM {quote(table)} AS h WHERE NOT EXISTS "
            f"(SELECT 1 FROM audit_chainlink AS l WHERE l.table_name = %s AND l.history_id = h.{quote(pk)})"
        )
        # The shape as audit_append names it: the row's keys in byte order.
        cursor.execute(
            f"""SELECT (SELECT string_agg(k, ',' ORDER BY k COLLATE "C") FROM jsonb_object_keys(to_jsonb(h)) AS k)
                {unlinked} LIMIT 1""",
            [table],
        )
        first = cursor.fetchone()
        if first is None:
            continue
        shape = _shape(cursor, table, first[0])
        rows = cursor.db.connection.cursor(name=f"audit_bulk_{table}")
        rows.execute(f"SELECT h.{quote(pk)}, audit_row_hash(to_jsonb(h), NULL) {unlinked} ORDER BY h.{quote(pk)}", [table])
        # One COPY per batch: no other command (the next FETCH) can run while a COPY is open.
        while batch := rows.fetchmany(BATCH):
            lines = []
            for history_id, row_hash in batch:
                seq += 1
                link = sha256(f"{chain}|{seq}|{table}|{history_id}|{row_hash}|{prev}".encode()).hexdigest()
                lines.append(f"{chain}\t{seq}\t{table}\t{history_id}\t{shape}\t{row_hash}\t{prev}\t{link}\tnow\n")
                prev = link
            with cursor.cursor.copy(COPY_LINKS) as copy:
                copy.write("".join(lines))
            total += len(batch)
        rows.close()
    # A trigger later in this transaction must read the head from the table again, past these links.
    cursor.execute("SELECT set_config(%s, '', true)", [f"audit.head_{chain}"])
    return total


def _shape(cursor, table, columns):
    cursor.execute("SELECT id FROM audit_rowshape WHERE table_name = %s AND columns = %s", [table, columns])
    found = cursor.fetchone()
    if found:
        return found[0]
    cursor.execute("INSERT INTO audit_rowshape (table_name, columns) VALUES (%s, %s) RETURNING id", [table, columns])
    return cursor.fetchone()[0]
