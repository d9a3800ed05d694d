"""The SQLite side of the audit trail (the `make run` database): the same chain, written by triggers.

SQLite triggers cannot hash, so the hashing is two Python functions
registered on every connection Django opens (`register_functions`, on
`connection_created`): `audit_sha256(text)` and `audit_link_hash(...)`, the
same text `audit_link_hash` hashes on PostgreSQL. Everything else is SQL in
the triggers, generated per history table by `install`:

- `audit_chain_link__<table>`, AFTER INSERT FOR EACH ROW: reads the chain's
  head and inserts the next link, in the statement that wrote the history
  row, so in its transaction. SQLite has one writer at a time (the write
  lock is held from the first write to the commit), so reading the head and
  appending cannot interleave with another writer; the unique (chain, seq)
  constraint would refuse a fork anyway.
- `audit_append_only_update__<table>` and `..._delete__<table>`: BEFORE
  UPDATE / DELETE, RAISE(ABORT): the history tables and our own tables refuse
  both (SQLite trigger names are per database, and one trigger has one event).

The canonical text of a row is `json_object(column, value, ...)` over the
columns the table had when the trigger was generated, in byte order; those
columns are its RowShape, whose id the trigger carries. verify_audit
rehashes a row with the same json_object over its shape's columns, so the
text is the same bytes. After a migration changes a history table, the next
`install` (post_migrate) regenerates its trigger with the new shape; older
rows keep theirs.

A connection that has not registered the functions (the `sqlite3` shell,
`manage.py dbshell`) cannot insert history rows: the trigger names a
function it lacks. That is deliberate: such a row could not be linked.
"""

from hashlib import sha256

from audit.models.chain import GENESIS_HASH, MAIN_CHAIN

CHAIN_PREFIX = "audit_chain_link__"
APPEND_ONLY_PREFIXES = ("audit_append_only_update__", "audit_append_only_delete__")


def sha256_text(text):
    if text is None:
        return None
    return sha256(str(text).encode()).hexdigest()


def link_hash(chain, seq, table_name, history_id, row_hash, prev_hash):
    # The same text as audit_link_hash on PostgreSQL and audit/bulk.py.
    return sha256(f"{chain}|{seq}|{table_name}|{history_id}|{row_hash}|{prev_hash}".encode()).hexdigest()


def register_functions(sender=None, connection=None, **kwargs):
    """connection_created handler: give every SQLite connection the hash functions the triggers call."""
    if connection is None or connection.vendor != "sqlite":
        return
    raw = connection.connection
    raw.create_function("audit_sha256", 1, sha256_text, deterministic=True)
    raw.create_function("audit_link_hash", 6, link_hash, deterministic=True)


def shape_columns(columns):
    return sorted(columns, key=lambda name: name.encode())


def row_text_sql(columns, alias, quote):
    """json_object over `columns` of `alias` (NEW in a trigger, the table's alias in verification)."""
    pairs = ", ".join(f"{_string(column)}, {alias}.{quote(column)}" for column in columns)
    return f"json_object({pairs})"


def _string(value):
    return "'" + str(value).replace("'", "''") + "'"


def triggers(cursor):
    """(table, logical trigger name) pairs, with the names database.py uses for PostgreSQL."""
    from audit.database import APPEND_ONLY_TRIGGER, CHAIN_TRIGGER

    cursor.execute("SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'audit%'")
    names = set(cursor.fetchall())
    found = set()
    for name, table in names:
        if name == CHAIN_PREFIX + table:
            found.add((table, CHAIN_TRIGGER))
        elif name == APPEND_ONLY_PREFIXES[0] + table and (APPEND_ONLY_PREFIXES[1] + table, table) in names:
            found.add((table, APPEND_ONLY_TRIGGER))
    return found


def _trigger_sql(cursor):
    cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'audit%'")
    return dict(cursor.fetchall())


def install(connection):
    """Create missing triggers, regenerate chain triggers whose table changed shape, adopt rows not yet linked."""
    from audit.tracked import audit_record_models, chained_models

    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        if "audit_chainlink" not in tables:
            return
        existing = _trigger_sql(cursor)
        for model in chained_models():
            table = model._meta.db_table
            if table not in tables:
                continue
            pk = model._meta.pk.column
            columns = shape_columns(c.name for c in connection.introspection.get_table_description(cursor, table))
            shape_id = _shape(cursor, table, ",".join(columns))
            wanted = _chain_trigger(table, pk, columns, shape_id, quote)
            name = CHAIN_PREFIX + table
            if existing.get(name) != wanted:
                if name in existing:
                    cursor.execute(f"DROP TRIGGER {quote(name)}")
                # No writer can slip in between: this connection holds the write lock from here to the commit.
                _adopt(cursor, table, pk, columns, shape_id, quote)
                cursor.execute(wanted)
            _append_only(cursor, table, existing, quote)
        for model in audit_record_models():
            if model._meta.db_table in tables:
                _append_only(cursor, model._meta.db_table, existing, quote)


def _chain_trigger(table, pk, columns, shape_id, quote, chain=MAIN_CHAIN):
    # Kept byte-stable: install compares it with sqlite_master to see whether the table changed shape.
    row_hash = f"audit_sha256({row_text_sql(columns, 'NEW', quote)})"
    head_seq = f"coalesce((SELECT max(seq) FROM audit_chainlink WHERE chain = {_string(chain)}), 0)"
    head_hash = (
        f"coalesce((SELECT link_hash FROM audit_chainlink WHERE chain = {_string(chain)} ORDER BY seq DESC LIMIT 1), "
        f"{_string(GENESIS_HASH)})"
    )
    return (
        f"CREATE TRIGGER {quote(CHAIN_PREFIX + table)} AFTER INSERT ON {quote(table)} FOR EACH ROW BEGIN "
        f"INSERT INTO audit_chainlink (chain, seq, table_name, history_id, shape_id, row_hash, prev_hash, link_hash) "
        f"SELECT {_string(chain)}, head.seq + 1, {_string(table)}, NEW.{quote(pk)}, {int(shape_id)}, row.hash, head.prev, "
        f"audit_link_hash({_string(chain)}, head.seq + 1, {_string(table)}, NEW.{quote(pk)}, row.hash, head.prev) "
        f"FROM (SELECT {head_seq} AS seq, {head_hash} AS prev) AS head, (SELECT {row_hash} AS hash) AS row; "
        f"END"
    )


def _append_only(cursor, table, existing, quote):
    for prefix, event in zip(APPEND_ONLY_PREFIXES, ("UPDATE", "DELETE")):
        name = prefix + table
        if name in existing:
            continue
        message = f"{event} on {table} refused: audit records are append-only"
        sql = (
            f"CREATE TRIGGER {quote(name)} BEFORE {event} ON {quote(table)} FOR EACH ROW BEGIN "
            f"SELECT RAISE(ABORT, {_string(message)}); END"
        )
        cursor.execute(sql)
        existing[name] = sql


def _shape(cursor, table, columns):
    cursor.execute("SELECT id FROM audit_rowshape WHERE table_name = %s AND columns = %s", [table, columns])
    found = cursor.fetchone()
    if found:
        return found[0]
    cursor.execute("INSERT INTO audit_rowshape (table_name, columns) VALUES (%s, %s)", [table, columns])
    return cursor.lastrowid


def _adopt(cursor, table, pk, columns, shape_id, quote, chain=MAIN_CHAIN):
    """Link, in history-id order, the rows a table holds that the chain does not (first installation)."""
    cursor.execute(
        f"SELECT h.{quote(pk)}, audit_sha256({row_text_sql(columns, 'h', quote)}) FROM {quote(table)} AS h "
        f"WHERE NOT EXISTS (SELECT 1 FROM audit_chainlink AS l WHERE l.table_name = %s AND l.history_id = h.{quote(pk)}) "
        f"ORDER BY h.{quote(pk)}",
        [table],
    )
    rows = cursor.fetchall()
    if not rows:
        return
    cursor.execute("SELECT seq, link_hash FROM audit_chainlink WHERE chain = %s ORDER BY seq DESC LIMIT 1", [chain])
    head = cursor.fetchone()
    seq, prev = head if head else (0, GENESIS_HASH)
    links = []
    for history_id, row_hash in rows:
        seq += 1
        link = link_hash(chain, seq, table, history_id, row_hash, prev)
        links.append((chain, seq, table, history_id, shape_id, row_hash, prev, link))
        prev = link
    cursor.executemany(
        "INSERT INTO audit_chainlink (chain, seq, table_name, history_id, shape_id, row_hash, prev_hash, link_hash) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
        links,
    )
