"""Walk every chain and prove the history was not edited, removed or slipped in.

All hashing happens in the database, set-wise, with the same functions the
trigger used (audit/database.py on PostgreSQL, audit/sqlite.py on SQLite), so
the text hashed now is byte for byte the text hashed then. What is checked:

1. the chain itself: links numbered 1..n without a gap, each naming the hash
   of the one before, each with its own hash intact;
2. each link's history row: still there, and its hash unchanged (altered or
   removed rows);
3. each history table: no row without a link (rows inserted behind the
   application's back, or with the trigger off);
4. every checkpoint: the chain still reaches the head it recorded (a deleted
   tail, or a rewritten chain);
5. each tracked table: every object equals its latest history row (a change
   made without history, e.g. QuerySet.update(), or a direct edit);
6. the triggers themselves: present (and, on PostgreSQL, enabled) on every
   history table and audit table, so a dropped or disabled trigger is
   reported even before it lets anything through.

Problems are ordered by their place in the chain; the first one is "the
first broken row".
"""

import time
from dataclasses import dataclass, field

from django.db import connections, transaction
from django.utils.translation import gettext as _

from audit.database import chain_supported
from audit.models.chain import GENESIS_HASH
from audit.tracked import chained_models, tracked_pairs

LIMIT = 20  # problems listed per check; all are counted


@dataclass(frozen=True)
class Problem:
    kind: str
    table: str
    row_id: int | None
    seq: int | None
    message: str

    def sort_key(self):
        return (self.seq is None, self.seq or 0, self.table, self.row_id or 0)


@dataclass
class ChainHead:
    chain: str
    links: int
    head_hash: str


@dataclass
class Report:
    supported: bool = True
    chains: list = field(default_factory=list)
    history_tables: int = 0
    history_rows: int = 0
    tracked_tables: int = 0
    checkpoints: int = 0
    problems: list = field(default_factory=list)
    problem_count: int = 0
    seconds: float = 0.0

    @property
    def ok(self):
        return self.supported and self.problem_count == 0

    @property
    def links(self):
        return sum(head.links for head in self.chains)

    @property
    def first_problem(self):
        return self.problems[0] if self.problems else None

    @property
    def rows_per_second(self):
        return int(self.links / self.seconds) if self.seconds > 0 else self.links

    def summary(self):
        if not self.supported:
            return _("The audit chain is kept on PostgreSQL only; this database has none, so nothing was verified.")
        if self.ok:
            return _(
                "%(rows)d history rows in %(chains)d chain(s) verified: every link, every row, "
                "%(checkpoints)d checkpoint(s) and %(tracked)d tracked tables hold "
                "(%(seconds).2f s, %(speed)d rows/s)."
            ) % {
                "rows": self.links,
                "chains": len(self.chains),
                "checkpoints": self.checkpoints,
                "tracked": self.tracked_tables,
                "seconds": self.seconds,
                "speed": self.rows_per_second,
            }
        return _("Audit trail broken: %(count)d problem(s). First broken row: %(first)s") % {
            "count": self.problem_count,
            "first": self.first_problem.message,
        }


def verify(using="default", external=None) -> Report:
    """`external`: the signed checkpoints read from a checkpoint file (audit/signing.py), if any."""
    if not chain_supported(using):
        return Report(supported=False)
    started = time.monotonic()
    report = Report()
    connection = connections[using]
    problems = []
    with transaction.atomic(using=using), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The trigger hashed in UTC; so do we, whatever this session says.
            cursor.execute("SET LOCAL TIME ZONE 'UTC'")
            cursor.execute("SET LOCAL extra_float_digits = 1")
        checkpoint_problems, report.checkpoints = _check_checkpoints(cursor)
        problems += checkpoint_problems
        report.chains = _heads(cursor)
        limits = {head.chain: head.links for head in report.chains}
        for head in report.chains:
            problems += _check_chain(cursor, head.chain, head.links)
        tables = set(connection.introspection.table_names(cursor))
        history_tables = {model._meta.db_table: model for model in chained_models()}
        linked_tables = _linked_tables(cursor)
        report.history_tables = len(history_tables)
        for table in sorted(set(history_tables) | linked_tables):
            model = history_tables.get(table)
            problems += _check_rows(cursor, connection, tables, table, model, limits)
            if model is not None and table in tables:
                problems += _check_unlinked(cursor, connection, table, model._meta.pk.column)
        problems += _check_triggers(cursor, connection, tables)
        if external is not None:
            problems += _check_external(cursor, external)
            report.checkpoints += len(external)
        pairs = tracked_pairs()
        report.tracked_tables = len(pairs)
        for history_model, tracked_model in pairs:
            problems += _check_state(cursor, connection, tables, history_model, tracked_model)
    report.problem_count = sum(count for _problem, count in problems)
    report.problems = sorted((problem for problem, _count in problems), key=Problem.sort_key)
    report.seconds = time.monotonic() - started
    return report


# Each check returns [(Problem, how many problems it stands for)].


def _heads(cursor):
    cursor.execute("SELECT DISTINCT chain FROM audit_chainlink")
    chains = sorted(row[0] for row in cursor.fetchall())
    heads = []
    for chain in chains:
        cursor.execute(
            "SELECT seq, link_hash FROM audit_chainlink WHERE chain = %s ORDER BY seq DESC LIMIT 1", [chain]
        )
        seq, link_hash = cursor.fetchone()
        heads.append(ChainHead(chain=chain, links=seq, head_hash=link_hash))
    return heads


def _check_chain(cursor, chain, last_seq):
    cursor.execute(
        """
        SELECT seq, table_name, history_id, problem, previous_seq, count(*) OVER () FROM (
          SELECT seq, table_name, history_id, lag(seq) OVER w AS previous_seq,
            CASE
              WHEN seq <> coalesce(lag(seq) OVER w, 0) + 1 THEN 'gap'
              WHEN prev_hash <> coalesce(lag(link_hash) OVER w, %s) THEN 'order'
              WHEN link_hash <> audit_link_hash(chain, seq, table_name, history_id, row_hash, prev_hash) THEN 'link'
            END AS problem
          FROM audit_chainlink WHERE chain = %s AND seq <= %s
          WINDOW w AS (ORDER BY seq)
        ) AS walk
        WHERE problem IS NOT NULL ORDER BY seq LIMIT %s
        """,
        [GENESIS_HASH, chain, last_seq, LIMIT],
    )
    out = []
    total = 0
    for seq, table, row_id, problem, previous_seq, total in cursor.fetchall():
        where = _("link #%(seq)d (%(table)s history row %(id)d)") % {"seq": seq, "table": table, "id": row_id}
        if problem == "gap":
            message = _("%(where)s follows link #%(previous)d: the links between them were removed.") % {
                "where": where,
                "previous": previous_seq or 0,
            }
        elif problem == "order":
            message = _("%(where)s does not follow from the link before it: links were inserted or reordered.") % {
                "where": where
            }
        else:
            message = _("%(where)s was edited: its own hash does not match.") % {"where": where}
        out.append((Problem(problem, table, row_id, seq, message), 1))
    return _counted(out, total=total)


def _linked_tables(cursor):
    cursor.execute("SELECT DISTINCT table_name FROM audit_chainlink")
    return {row[0] for row in cursor.fetchall()}


def _current_columns(connection, cursor, table):
    """The table's columns as the database has them now, in the order the trigger lists them."""
    names = [column.name for column in connection.introspection.get_table_description(cursor, table)]
    return ",".join(sorted(names, key=lambda name: name.encode()))


def _check_rows(cursor, connection, tables, table, model, limits):
    """Every link's history row is still there and hashes as it did."""
    if model is None or table not in tables:
        cursor.execute("SELECT min(seq), count(*) FROM audit_chainlink WHERE table_name = %s", [table])
        seq, count = cursor.fetchone()
        if not count:
            return []
        message = _(
            "link #%(seq)d: table %(table)s is gone, with the %(count)d history rows the chain recorded in it."
        ) % {"seq": seq, "table": table, "count": count}
        return [(Problem("removed", table, None, seq, message), count)]
    quote = connection.ops.quote_name
    pk = quote(model._meta.pk.column)
    # Only links that existed when the walk started: later ones are not verified yet.
    bounds = " OR ".join(["(l.chain = %s AND l.seq <= %s)"] * len(limits)) or "FALSE"
    bound_params = [value for item in limits.items() for value in item]
    if connection.vendor == "sqlite":
        rows = _sqlite_row_problems(cursor, connection, table, pk, bounds, bound_params)
    else:
        cursor.execute(
            f"""
            SELECT l.seq, l.history_id, h.{pk} IS NULL AS missing, count(*) OVER ()
            FROM audit_chainlink AS l
            LEFT JOIN audit_rowshape AS s ON s.id = l.shape_id
            LEFT JOIN {quote(table)} AS h ON h.{pk} = l.history_id
            WHERE l.table_name = %s AND ({bounds})
              AND (h.{pk} IS NULL OR s.id IS NULL
                   OR audit_row_hash(to_jsonb(h), NULLIF(s.columns, %s)) <> l.row_hash)
            ORDER BY l.seq LIMIT %s
            """,
            [table, *bound_params, _current_columns(connection, cursor, table), LIMIT],
        )
        rows = cursor.fetchall()
    out = []
    total = 0
    for seq, row_id, missing, total in rows:
        values = {"table": table, "id": row_id, "seq": seq}
        if missing:
            message = _("%(table)s history row %(id)d (link #%(seq)d) was removed: the chain points to a row that is gone.")
            out.append((Problem("removed", table, row_id, seq, message % values), 1))
        else:
            message = _(
                "%(table)s history row %(id)d (link #%(seq)d) was altered after it was recorded: its hash no longer matches."
            )
            out.append((Problem("altered", table, row_id, seq, message % values), 1))
    return _counted(out, total=total)


def _sqlite_row_problems(cursor, connection, table, pk, bounds, bound_params):
    """_check_rows on SQLite: each row rehashed with json_object over its link's recorded shape."""
    from audit import sqlite

    quote = connection.ops.quote_name
    present = {column.name for column in connection.introspection.get_table_description(cursor, table)}
    cursor.execute("SELECT id, columns FROM audit_rowshape WHERE table_name = %s", [table])
    shapes = dict(cursor.fetchall())
    # A link whose shape is gone, or names a column the table no longer has, cannot be rehashed: altered.
    hashes = [
        f"WHEN {int(shape_id)} THEN audit_sha256({sqlite.row_text_sql(columns.split(','), 'h', quote)})"
        for shape_id, columns in shapes.items()
        if columns and set(columns.split(",")) <= present
    ]
    rehash = f"CASE l.shape_id {' '.join(hashes)} END" if hashes else "NULL"
    cursor.execute(
        f"""
        SELECT l.seq, l.history_id, h.{pk} IS NULL AS missing, count(*) OVER ()
        FROM audit_chainlink AS l
        LEFT JOIN {quote(table)} AS h ON h.{pk} = l.history_id
        WHERE l.table_name = %s AND ({bounds})
          AND (h.{pk} IS NULL OR ({rehash}) IS NOT l.row_hash)
        ORDER BY l.seq LIMIT %s
        """,
        [table, *bound_params, LIMIT],
    )
    return cursor.fetchall()


def _check_triggers(cursor, connection, tables):
    from audit.database import APPEND_ONLY_TRIGGER, CHAIN_TRIGGER, installed_triggers
    from audit.tracked import audit_record_models

    present = installed_triggers(connection.alias)
    disabled = _disabled_triggers(cursor) if connection.vendor == "postgresql" else set()
    wanted = [(model._meta.db_table, CHAIN_TRIGGER) for model in chained_models()]
    wanted += [(model._meta.db_table, APPEND_ONLY_TRIGGER) for model in chained_models() + audit_record_models()]
    out = []
    for table, trigger in sorted(wanted):
        if table not in tables:
            continue
        values = {"table": table, "trigger": trigger}
        if (table, trigger) not in present:
            message = _("%(table)s has lost its %(trigger)s trigger: it was dropped outside the application.")
        elif (table, trigger) in disabled:
            message = _("%(table)s has its %(trigger)s trigger switched off.")
        else:
            continue
        out.append((Problem("trigger", table, None, None, message % values), 1))
    return out


def _disabled_triggers(cursor):
    cursor.execute(
        """
        SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
        WHERE NOT t.tgisinternal AND t.tgenabled = 'D' AND c.relnamespace = current_schema()::regnamespace
        """
    )
    return set(cursor.fetchall())


def _check_unlinked(cursor, connection, table, pk_column):
    quote = connection.ops.quote_name
    pk = quote(pk_column)
    cursor.execute(
        f"""
        SELECT h.{pk}, count(*) OVER () FROM {quote(table)} AS h
        WHERE NOT EXISTS (SELECT 1 FROM audit_chainlink AS l WHERE l.table_name = %s AND l.history_id = h.{pk})
        ORDER BY h.{pk} LIMIT %s
        """,
        [table, LIMIT],
    )
    out = []
    total = 0
    for row_id, total in cursor.fetchall():
        message = _(
            "%(table)s history row %(id)d is not in the chain: it was inserted outside the application "
            "or with the audit trigger switched off."
        ) % {"table": table, "id": row_id}
        out.append((Problem("unlinked", table, row_id, None, message), 1))
    return _counted(out, total=total)


def _check_checkpoints(cursor):
    cursor.execute("SELECT count(*) FROM audit_chaincheckpoint")
    (count,) = cursor.fetchone()
    cursor.execute(
        """
        SELECT c.chain, c.seq, c.created_at, l.seq IS NULL AS beyond_end,
               (SELECT max(seq) FROM audit_chainlink WHERE chain = c.chain) AS head
        FROM audit_chaincheckpoint AS c
        LEFT JOIN audit_chainlink AS l ON l.chain = c.chain AND l.seq = c.seq
        WHERE c.seq > 0 AND (l.seq IS NULL OR l.link_hash <> c.last_hash)
        ORDER BY c.seq, c.created_at
        """
    )
    out = []
    for chain, seq, created_at, beyond_end, head in cursor.fetchall():
        head = head or 0
        # SQLite hands the timestamp back as text (UTC, as CURRENT_TIMESTAMP writes it).
        date = created_at[:16] + " UTC" if isinstance(created_at, str) else created_at.strftime("%Y-%m-%d %H:%M UTC")
        values = {"seq": seq, "head": head, "date": date, "chain": chain}
        if beyond_end and head < seq:
            message = _(
                "link #%(next)d onward: the chain %(chain)s ends at link #%(head)d, but the checkpoint of %(date)s "
                "recorded %(seq)d links: the last rows were removed."
            ) % {**values, "next": head + 1}
            out.append((Problem("tail", "audit_chainlink", None, head + 1, message), 1))
        else:
            message = _(
                "link #%(seq)d no longer has the hash the checkpoint of %(date)s recorded: the chain was rewritten."
            ) % values
            out.append((Problem("checkpoint", "audit_chainlink", None, seq, message), 1))
    return out, count


def _check_external(cursor, external):
    """Each signed line: its signature holds, and the database still has the link it commits to."""
    out = []
    matching = {}  # chain -> the highest seq whose signed head still matches
    for entry in sorted(external, key=lambda item: (item.seq, item.line)):
        values = {"line": entry.line, "seq": entry.seq, "date": entry.at[:16].replace("T", " ")}
        if not entry.valid:
            message = _(
                "line %(line)d of the checkpoint file (link #%(seq)d) has no valid signature: the file was edited."
            ) % values
            out.append((Problem("signature", "checkpoint file", None, entry.seq or None, message), 1))
            continue
        if entry.seq == 0:
            continue
        cursor.execute(
            "SELECT table_name, history_id, link_hash FROM audit_chainlink WHERE chain = %s AND seq = %s",
            [entry.chain, entry.seq],
        )
        found = cursor.fetchone()
        if found and found[2] == entry.head:
            matching[entry.chain] = max(matching.get(entry.chain, 0), entry.seq)
            continue
        since = matching.get(entry.chain, 0)
        values["after"] = since
        if found is None:
            message = _(
                "link #%(seq)d is gone, but the signed checkpoint of %(date)s committed to it: rows after link "
                "#%(after)d were removed."
            ) % values
        else:
            values.update(table=found[0], id=found[1])
            message = _(
                "link #%(seq)d (%(table)s history row %(id)d) no longer has the head the signed checkpoint of "
                "%(date)s committed to: the chain after link #%(after)d was rewritten or rows were removed."
            ) % values
        out.append((Problem("signed", "audit_chainlink", None, since + 1, message), 1))
    return out


def _check_state(cursor, connection, tables, history_model, tracked_model):
    """Each object equals its latest history row; none vanished without a deletion row."""
    quote = connection.ops.quote_name
    base, history = tracked_model._meta.db_table, history_model._meta.db_table
    if base not in tables or history not in tables:
        return []
    pk_column = tracked_model._meta.pk.column
    history_columns = {f.column for f in history_model._meta.concrete_fields}
    columns = [
        f.column for f in tracked_model._meta.local_concrete_fields if f.column in history_columns and f.column != pk_column
    ]
    pk = quote(pk_column)
    current = ", ".join(f"b.{quote(c)}" for c in columns) or "NULL"
    recorded = ", ".join(f"l.{quote(c)}" for c in columns) or "NULL"
    order = f"h.history_date DESC, h.{quote(history_model._meta.pk.column)} DESC"
    if connection.vendor == "sqlite":
        # No DISTINCT ON, and row values compare with IS NOT.
        latest = (
            f"SELECT * FROM (SELECT h.*, row_number() OVER (PARTITION BY h.{pk} ORDER BY {order}) AS audit_rank "
            f"FROM {quote(history)} AS h) AS ranked WHERE audit_rank = 1"
        )
        differs = f"({current}) IS NOT ({recorded})"
    else:
        latest = f"SELECT DISTINCT ON (h.{pk}) h.* FROM {quote(history)} AS h ORDER BY h.{pk}, {order}"
        differs = f"ROW({current}) IS DISTINCT FROM ROW({recorded})"
    cursor.execute(
        f"""
        WITH latest AS ({latest})
        SELECT coalesce(b.{pk}, l.{pk}),
          CASE WHEN b.{pk} IS NULL THEN 'vanished'
               WHEN l.{pk} IS NULL THEN 'no_history'
               WHEN l.history_type = '-' THEN 'deleted_but_present'
               ELSE 'differs' END,
          count(*) OVER ()
        FROM {quote(base)} AS b FULL JOIN latest AS l ON l.{pk} = b.{pk}
        WHERE (b.{pk} IS NULL AND l.history_type <> '-')
           OR (b.{pk} IS NOT NULL AND (l.{pk} IS NULL OR l.history_type = '-' OR {differs}))
        ORDER BY 1 LIMIT %s
        """,
        [LIMIT],
    )
    messages = {
        "vanished": _("%(table)s row %(id)s was deleted without a history row."),
        "no_history": _("%(table)s row %(id)s has no history row: it was written without history (e.g. bulk_create)."),
        "deleted_but_present": _("%(table)s row %(id)s exists although its history says it was deleted."),
        "differs": _(
            "%(table)s row %(id)s differs from its latest history row: it was changed without writing history "
            "(e.g. QuerySet.update()) or edited directly in the database."
        ),
    }
    out = []
    total = 0
    for object_id, kind, total in cursor.fetchall():
        message = messages[kind] % {"table": base, "id": object_id}
        out.append((Problem("untracked", base, object_id, None, message), 1))
    return _counted(out, total=total)


def _counted(found, *, total):
    """Attach the full count to the listed problems: the first carries the rest."""
    if not found:
        return []
    extra = max(int(total or 0) - len(found), 0)
    first, count = found[0]
    return [(first, count + extra)] + found[1:]
