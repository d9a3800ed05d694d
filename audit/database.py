"""The PostgreSQL side of the audit trail: functions and triggers.

- Every history table gets `audit_chain_link`, a trigger that appends one
  ChainLink per new history row when its transaction commits: the sha256 of
  the row's canonical text (its jsonb) chained to the previous link. It runs
  for every insert, including simple-history's bulk_create_with_history,
  which sends no Django signal.
- Every history table and every audit record table gets `audit_append_only`,
  which refuses UPDATE and DELETE.
- The two linking functions are SECURITY DEFINER: they run with the rights
  of the owner who installed them, so the application's role needs no write
  right on the chain tables at all (audit/roles.py grants it SELECT there)
  and cannot write a link except through a history row.

Both are installed after every `migrate` (post_migrate), idempotently, for
every history model that exists then. A table that gets its chain trigger
only now (first installation, or a new history table filled by a data
migration) has its existing rows adopted into the chain first, in the same
transaction, under a lock that keeps writers out.

Linking happens at commit, in two steps, because the chain is one sequence
and appending to it is serialised by a lock held until the transaction ends:
1. at commit, each new history row is put in audit_pendinglink (deferred
   constraint trigger on the history table);
2. that insert queues a second deferred trigger, which PostgreSQL runs after
   every check already queued, in particular Django's deferred foreign-key
   checks; only then is the chain lock taken and the links written.
So a committing transaction never waits for another's row lock while it
holds the chain lock, and two writers cannot deadlock over it
(tests/audit/test_chain_commit.py shows the case). The lock is held for the
last moments of a commit only.

Both steps are named `audit_chain_link`, so `SET CONSTRAINTS audit_chain_link
IMMEDIATE` links at once (tests that never commit use it).

SQLite (the `make run` database) gets the same chain and the same refusals
from triggers of its own: audit/sqlite.py.
"""

from django.conf import settings
from django.db import connections, transaction

from audit.models.chain import GENESIS_HASH, MAIN_CHAIN

CHAIN_TRIGGER = "audit_chain_link"
APPEND_ONLY_TRIGGER = "audit_append_only"

# The canonical text of a row is its jsonb (keys in jsonb's fixed order, fixed
# spacing), with timestamps in UTC. `keep`, when given, limits it to the
# columns the table had when the row was hashed (see RowShape).
FUNCTIONS = [
    """
CREATE OR REPLACE FUNCTION audit_row_hash(doc jsonb, keep text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
  SELECT encode(sha256(convert_to((
    CASE WHEN keep IS NULL THEN doc
    ELSE (SELECT coalesce(jsonb_object_agg(e.key, e.value), '{}'::jsonb)
          FROM jsonb_each(doc) AS e WHERE e.key = ANY (string_to_array(keep, ',')))
    END)::text, 'UTF8')), 'hex')
$fn$
""",
    """
CREATE OR REPLACE FUNCTION audit_link_hash(
  chain text, seq bigint, table_name text, history_id bigint, row_hash text, prev_hash text
) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
  SELECT encode(sha256(convert_to(
    chain || '|' || seq::text || '|' || table_name || '|' || history_id::text || '|' || row_hash || '|' || prev_hash,
    'UTF8')), 'hex')
$fn$
""",
    f"""
CREATE OR REPLACE FUNCTION audit_append(p_chain text, p_table text, p_history_id bigint, p_doc jsonb)
RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
  v_head text := current_setting('audit.head_' || p_chain, true);
  v_columns text;
  v_shape bigint;
  v_prev_seq bigint;
  v_prev_hash text;
  v_row_hash text;
  v_seq bigint;
  v_link_hash text;
BEGIN
  IF coalesce(v_head, '') = '' THEN
    -- First link of this transaction: one writer per chain from here to the
    -- end of the transaction. The read below sees every link committed by
    -- the previous holder (READ COMMITTED takes a new snapshot); dynamic SQL
    -- so a long session never keeps a plan made when the table was small.
    PERFORM pg_advisory_xact_lock(hashtext('audit_chain'), hashtext(p_chain));
    EXECUTE 'SELECT seq, link_hash FROM audit_chainlink WHERE chain = $1 ORDER BY seq DESC LIMIT 1'
      INTO v_prev_seq, v_prev_hash USING p_chain;
  ELSE
    -- The lock is ours already; the head we wrote last is kept in a
    -- transaction-local setting (undone with a rolled-back savepoint, like the link).
    v_prev_seq := split_part(v_head, ':', 1)::bigint;
    v_prev_hash := split_part(v_head, ':', 2);
  END IF;
  SELECT string_agg(k, ',' ORDER BY k COLLATE "C") INTO v_columns FROM jsonb_object_keys(p_doc) AS k;
  SELECT id INTO v_shape FROM audit_rowshape WHERE table_name = p_table AND columns = v_columns;
  IF v_shape IS NULL THEN
    INSERT INTO audit_rowshape (table_name, columns) VALUES (p_table, v_columns) RETURNING id INTO v_shape;
  END IF;
  v_seq := coalesce(v_prev_seq, 0) + 1;
  v_prev_hash := coalesce(v_prev_hash, '{GENESIS_HASH}');
  v_row_hash := audit_row_hash(p_doc, NULL);
  v_link_hash := audit_link_hash(p_chain, v_seq, p_table, p_history_id, v_row_hash, v_prev_hash);
  INSERT INTO audit_chainlink (chain, seq, table_name, history_id, shape_id, row_hash, prev_hash, link_hash, created_at)
  VALUES (p_chain, v_seq, p_table, p_history_id, v_shape, v_row_hash, v_prev_hash, v_link_hash, clock_timestamp());
  PERFORM set_config('audit.head_' || p_chain, v_seq::text || ':' || v_link_hash, true);
END
$fn$
""",
    # Step 1, on each history table. TG_ARGV: its primary key column, the chain.
    """
CREATE OR REPLACE FUNCTION audit_chain_link() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = __SCHEMA__, pg_temp
SET timezone = 'UTC' SET extra_float_digits = 1 AS $fn$
DECLARE
  v_doc jsonb := to_jsonb(NEW);
BEGIN
  INSERT INTO audit_pendinglink (chain, table_name, history_id, doc)
  VALUES (TG_ARGV[1], TG_TABLE_NAME, (v_doc ->> TG_ARGV[0])::bigint, v_doc);
  RETURN NULL;
END
$fn$
""",
    # Step 2, on audit_pendinglink.
    """
CREATE OR REPLACE FUNCTION audit_chain_seal() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = __SCHEMA__, pg_temp AS $fn$
BEGIN
  PERFORM audit_append(NEW.chain, NEW.table_name, NEW.history_id, NEW.doc);
  DELETE FROM audit_pendinglink WHERE id = NEW.id;
  RETURN NULL;
END
$fn$
""",
    """
CREATE OR REPLACE FUNCTION audit_adopt(p_chain text, p_table text, p_pk text) RETURNS bigint
LANGUAGE plpgsql SET timezone = 'UTC' SET extra_float_digits = 1 AS $fn$
DECLARE
  r record;
  n bigint := 0;
BEGIN
  FOR r IN EXECUTE format(
    'SELECT to_jsonb(h) AS doc FROM %I AS h WHERE NOT EXISTS '
    '(SELECT 1 FROM audit_chainlink AS l WHERE l.table_name = %L AND l.history_id = h.%I) ORDER BY h.%I',
    p_table, p_table, p_pk, p_pk)
  LOOP
    PERFORM audit_append(p_chain, p_table, (r.doc ->> p_pk)::bigint, r.doc);
    n := n + 1;
  END LOOP;
  RETURN n;
END
$fn$
""",
    """
CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION USING
    ERRCODE = 'insufficient_privilege',
    MESSAGE = TG_OP || ' on ' || TG_TABLE_NAME || ' refused: audit records are append-only',
    HINT = 'History is never edited or deleted; record a new change instead.';
END
$fn$
""",
]


def chain_supported(using="default") -> bool:
    return connections[using].vendor in {"postgresql", "sqlite"}


def install_after_migrate(sender, using="default", **kwargs):
    install(using=using)


def install(using="default"):
    """Create the functions (replacing them) and any missing trigger. Safe to run any number of times."""
    from audit.tracked import audit_record_models, chained_models

    connection = connections[using]
    if connection.vendor == "sqlite":
        from audit import sqlite

        with transaction.atomic(using=using):
            sqlite.install(connection)
        return
    if connection.vendor != "postgresql":
        return
    quote = connection.ops.quote_name
    with transaction.atomic(using=using), connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        if "audit_chainlink" not in tables:
            return  # audit not migrated yet (e.g. `migrate people` on a fresh database)
        cursor.execute("SELECT current_schema()")
        schema = quote(cursor.fetchone()[0])
        for statement in FUNCTIONS:
            cursor.execute(statement.replace("__SCHEMA__", schema))
        existing = _triggers(cursor)
        if ("audit_pendinglink", CHAIN_TRIGGER) not in existing:
            cursor.execute(
                f"CREATE CONSTRAINT TRIGGER {CHAIN_TRIGGER} AFTER INSERT ON audit_pendinglink "
                f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION audit_chain_seal()"
            )
        for model in chained_models():
            table = model._meta.db_table
            if table not in tables:
                continue
            _check_integer_pk(model)
            if (table, CHAIN_TRIGGER) not in existing:
                # Keep writers out while the rows already there are adopted
                # and the trigger is created, so none slips between the two.
                cursor.execute(f"LOCK TABLE {quote(table)} IN SHARE ROW EXCLUSIVE MODE")
                cursor.execute("SELECT audit_adopt(%s, %s, %s)", [MAIN_CHAIN, table, model._meta.pk.column])
                cursor.execute(
                    f"CREATE CONSTRAINT TRIGGER {CHAIN_TRIGGER} AFTER INSERT ON {quote(table)} "
                    f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
                    f"EXECUTE FUNCTION audit_chain_link(%s, %s)"
                    % (_literal(model._meta.pk.column), _literal(MAIN_CHAIN))
                )
            if (table, APPEND_ONLY_TRIGGER) not in existing:
                _append_only(cursor, quote(table))
                existing.add((table, APPEND_ONLY_TRIGGER))
        for model in audit_record_models():
            if (model._meta.db_table, APPEND_ONLY_TRIGGER) not in existing:
                _append_only(cursor, quote(model._meta.db_table))
                existing.add((model._meta.db_table, APPEND_ONLY_TRIGGER))
        app_role = getattr(settings, "AUDIT_APP_ROLE", "")
        if app_role:
            from audit.roles import grant_app_role, role_exists

            # A table created by this migrate gets the application's rights now, not all rights by default.
            if role_exists(cursor, app_role):
                grant_app_role(cursor, app_role)


def _append_only(cursor, quoted_table):
    cursor.execute(
        f"CREATE TRIGGER {APPEND_ONLY_TRIGGER} BEFORE UPDATE OR DELETE ON {quoted_table} "
        f"FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()"
    )


def _triggers(cursor):
    cursor.execute(
        """
        SELECT c.relname, t.tgname FROM pg_trigger t
        JOIN pg_class c ON c.oid = t.tgrelid
        WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace
          AND t.tgname IN (%s, %s)
        """,
        [CHAIN_TRIGGER, APPEND_ONLY_TRIGGER],
    )
    return set(cursor.fetchall())


def installed_triggers(using="default"):
    """(table, trigger) pairs present now; for the check page and tests."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            from audit import sqlite

            return sqlite.triggers(cursor)
        return _triggers(cursor)


def _literal(value):
    # Trigger arguments are string literals; ours come from model metadata.
    return "'" + str(value).replace("'", "''") + "'"


def _check_integer_pk(model):
    if model._meta.pk.get_internal_type() not in {"AutoField", "BigAutoField", "IntegerField", "BigIntegerField"}:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            f"{model._meta.label}: the audit chain needs integer history ids (SIMPLE_HISTORY_HISTORY_ID_USE_UUID is off)."
        )
