"""Writing a planned registry into PostgreSQL with COPY, history rows included.

Every tracked row gets the history row a real registry would have: who
(history_user), when (history_date), why (history_change_reason) and what
kind of change (history_type). History tables are written in time order, so
history ids grow with time as they do in a running system.

The big tables are loaded without their secondary indexes and foreign keys,
which are rebuilt afterwards (one sort per index instead of millions of
random inserts, one anti-join per foreign key instead of a trigger per row).
Everything happens in one transaction: a failed run leaves nothing behind.
"""

import datetime
import random
import time
from contextlib import contextmanager
from operator import itemgetter
from types import SimpleNamespace

from django.contrib.auth.hashers import make_password

from audit.bulk import linking_in_bulk

from documents.scale.plan import CLERK_REASON, DAY, SETUP_REASON, copy_life, period_end_of
from documents.scale.procedures import HISTORY_TABLES as PROCEDURE_HISTORY_TABLES
from documents.scale.procedures import TABLES, Procedures
from documents.services.numbering import format_registry_number
from documents.services.scope import view_permission_id

UTC = datetime.timezone.utc
SCALE_PASSWORD = "scale-pass-2026"

HISTORY = ("history_date", "history_change_reason", "history_type", "history_user_id")
DOCUMENT_COLUMNS = (
    "id", "year", "serial", "registry_number", "direction", "title", "originating_organ", "reference_number", "level",
    "secrecy_period_years", "date_classified", "period_ends_on", "pages", "attachments", "copies_count", "urgency",
    "medium", "remarks", "created_at", "created_by_id", "registry_id",
    # Every generated paper is a plain document whose copies are numbered 1, 2, 3 and whose receipt is not recorded.
    "document_type", "received_from_organ", "delivered_by", "sender_registry_number", "copy_numbers_from_sender",
)  # fmt: skip
COPY_COLUMNS = ("id", "number", "status", "held_since", "holder_id", "source_copy_id", "document_id")
USER_GRANT_COLUMNS = ("id", "content_object_id", "permission_id", "user_id")
GROUP_GRANT_COLUMNS = ("id", "content_object_id", "permission_id", "group_id")
PROCEDURE_TABLES = tuple(table for table, _columns, _label in TABLES)
BIG_TABLES = (
    "documents_document", "documents_historicaldocument", "documents_copy", "documents_historicalcopy",
    "documents_documentuserobjectpermission", "documents_historicaldocumentuserobjectpermission",
    "documents_documentgroupobjectpermission", "documents_historicaldocumentgroupobjectpermission",
    *(table for pair in zip(PROCEDURE_TABLES, PROCEDURE_HISTORY_TABLES) for table in pair),
)  # fmt: skip


def ts(seconds):
    return datetime.datetime.fromtimestamp(seconds, UTC)


class Loader:
    def __init__(self, cursor, say):
        self.cursor = cursor
        self.say = say
        self.rows_written = 0

    def next_id(self, table):
        self.cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        return self.cursor.fetchone()[0] + 1

    def copy(self, table, columns, rows, *, total=None, label=None):
        started = time.monotonic()
        step = total // 10 if total and total >= 100_000 else 0
        count = 0
        with self.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
                if step and count % step == 0:
                    self.say(f"    {label or table}: {count:,} / {total:,} rows ({100 * count // total}%)")
        self.rows_written += count
        self.say(f"  {label or table}: {count:,} rows in {time.monotonic() - started:.1f} s")
        return count

    def reset_sequence(self, table):
        self.cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT COALESCE(MAX(id), 1) FROM {table}))"
        )

    @contextmanager
    def without_secondary_indexes(self, tables):
        """Drop the tables' foreign keys and non-primary indexes, and rebuild them on the way out."""
        rebuild = []
        for table in tables:
            self.cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND contype IN ('f', 'u') ORDER BY contype DESC",
                [table],
            )
            constraints = self.cursor.fetchall()
            self.cursor.execute(
                "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                "WHERE i.indrelid = %s::regclass AND NOT i.indisprimary "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid)",
                [table],
            )
            indexes = self.cursor.fetchall()
            for name, _definition in constraints:
                self.cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            for name, _definition in indexes:
                self.cursor.execute(f"DROP INDEX {name}")
            rebuild.append((table, constraints, indexes))
        yield
        started = time.monotonic()
        # Run the small tables' deferred foreign-key checks now: a table with
        # pending trigger events cannot be altered.
        self.cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        self.cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
        for table, constraints, indexes in rebuild:
            for _name, definition in indexes:
                self.cursor.execute(definition)
            # Unique constraints first: foreign keys may point at them.
            for name, definition in sorted(constraints, key=lambda c: not c[1].startswith("UNIQUE")):
                self.cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        self.say(f"  indexes and foreign keys rebuilt in {time.monotonic() - started:.1f} s")


def load(plan, *, cursor, say):
    loader = Loader(cursor, say)
    ids = _Ids(loader)
    setup_time = ts(plan.start - 30 * DAY)
    admin = ids.user(plan.administrator)
    perm = view_permission_id()
    # History rows are linked into the audit chain set-based at the end, not one by one by triggers at commit.
    with linking_in_bulk(cursor, say=say), loader.without_secondary_indexes(BIG_TABLES):
        _people(loader, plan, ids, setup_time, admin)
        _documents(loader, plan, ids)
        procedures = _copies(loader, plan, ids)
        procedures.write(loader)
        _grants(loader, plan, ids, perm)
    _counters(loader, plan, ids)
    for table in ("auth_group", "people_unit", "documents_registry", "auth_user", "people_person", "people_membership",
                  "documents_document", "documents_copy", "documents_documentuserobjectpermission",
                  "documents_documentgroupobjectpermission"):  # fmt: skip
        loader.reset_sequence(table)
    return loader.rows_written


class _Ids:
    """Primary keys are handed out here, after whatever the tables already hold."""

    def __init__(self, loader):
        self.group0 = loader.next_id("auth_group")
        self.unit0 = loader.next_id("people_unit")
        self.registry0 = loader.next_id("documents_registry")
        self.user0 = loader.next_id("auth_user")
        self.person0 = loader.next_id("people_person")
        self.membership0 = loader.next_id("people_membership")
        self.document0 = loader.next_id("documents_document")
        self.copy0 = loader.next_id("documents_copy")
        self.user_grant0 = loader.next_id("documents_documentuserobjectpermission")
        self.group_grant0 = loader.next_id("documents_documentgroupobjectpermission")

    def user(self, index):
        return self.user0 + index

    def unit(self, index):
        return self.unit0 + index

    def group(self, index):
        return self.group0 + index

    def registry(self, index):
        return self.registry0 + index

    def document(self, index):
        return self.document0 + index


def _people(loader, plan, ids, setup_time, admin):
    say = loader.say
    say("Units, registries and people")
    units = plan.units
    loader.copy("auth_group", ("id", "name"), ((ids.group(u.index), f"unit:{u.code}") for u in units))
    key_departments = {0, 1, 9, 10, 29}
    unit_rows = [(ids.unit(u.index), u.code, u.name, u.index in key_departments, ids.group(u.index)) for u in units]
    loader.copy("people_unit", ("id", "code", "name", "is_key_department", "group_id"), unit_rows)
    loader.copy(
        "people_historicalunit",
        ("id", "code", "name", "is_key_department", "group_id", *HISTORY),
        (row + (setup_time, SETUP_REASON, "+", None) for row in unit_rows),
    )
    registry_rows = [(ids.registry(u.index), u.registry_code, u.registry_name, ids.unit(u.index)) for u in units]
    loader.copy("documents_registry", ("id", "code", "name", "unit_id"), registry_rows)
    loader.copy(
        "documents_historicalregistry",
        ("id", "code", "name", "unit_id", *HISTORY),
        (row + (setup_time, SETUP_REASON, "+", None) for row in registry_rows),
    )
    password = make_password(SCALE_PASSWORD)
    loader.copy(
        "auth_user",
        ("id", "password", "is_superuser", "username", "first_name", "last_name", "email", "is_staff", "is_active", "date_joined"),
        (
            (ids.user(i), password, False, f"p{i + 1:05d}", "", name, "", False, True, setup_time)
            for i, name in enumerate(plan.user_names)
        ),
        total=len(plan.user_names),
        label="people (auth_user)",
    )
    loader.copy(
        "auth_user_groups",
        ("user_id", "group_id"),
        # As people.services.membership does: every role in a unit puts the person in its scope group.
        sorted({(ids.user(user), ids.group(unit)) for user, unit, _role in plan.memberships}),
    )
    levels = ("general", "general", "general", "important", "core")
    person_rows = [
        (ids.person0 + i, levels[i % len(levels)], (setup_time - datetime.timedelta(days=i % 300)).date(), ids.user(i))
        for i in range(len(plan.user_names))
    ]
    loader.copy("people_person", ("id", "post_level", "commitment_signed_on", "user_id"), person_rows)
    loader.copy(
        "people_historicalperson",
        ("id", "post_level", "commitment_signed_on", "user_id", *HISTORY),
        (row + (setup_time, SETUP_REASON, "+", admin) for row in person_rows),
    )
    membership_rows = [
        (ids.membership0 + i, role, ids.user(user), ids.unit(unit)) for i, (user, unit, role) in enumerate(plan.memberships)
    ]
    loader.copy("people_membership", ("id", "role", "user_id", "unit_id"), membership_rows)
    loader.copy(
        "people_historicalmembership",
        ("id", "role", "user_id", "unit_id", *HISTORY),
        (row + (setup_time, SETUP_REASON, "+", admin) for row in membership_rows),
    )


def _document_row(plan, ids, document, remarks):
    registry = plan.units[document.unit]
    years, ends = period_end_of(document)
    number = format_registry_number(
        registry=SimpleNamespace(code=registry.registry_code), year=document.year, serial=document.serial
    )
    return (
        ids.document(document.index), document.year, document.serial, number, document.direction, document.title,
        document.organ, document.reference, document.level, years, document.date_classified, ends, document.pages,
        document.attachments, document.copies, document.urgency, document.medium, remarks, ts(document.created),
        ids.user(document.clerk), ids.registry(document.unit), "document", "", "", "", False,
    )  # fmt: skip


def _documents(loader, plan, ids):
    loader.say("Documents")
    documents = plan.documents

    def current(document):
        remarks = f"更正：{document.correction[1]}" if document.correction else document.remarks
        return _document_row(plan, ids, document, remarks)

    loader.copy("documents_document", DOCUMENT_COLUMNS, map(current, documents), total=len(documents))
    history = [(d.created, 0, d.index, "+", CLERK_REASON) for d in documents]
    history += [(d.correction[0], 1, d.index, "~", d.correction[1]) for d in documents if d.correction]
    history.sort()

    def history_row(entry):
        when, _order, index, kind, reason = entry
        document = documents[index]
        row = current(document) if kind == "~" else _document_row(plan, ids, document, document.remarks)
        return row + (ts(when), reason, kind, ids.user(document.clerk))

    loader.copy(
        "documents_historicaldocument", DOCUMENT_COLUMNS + HISTORY, map(history_row, history), total=len(history)
    )


def _copies(loader, plan, ids):
    loader.say("Copies and their lives (circulations, loans, recoveries, archiving, destruction)")
    started = time.monotonic()
    rng = random.Random(7)
    procedures = Procedures(loader, plan, ids)
    copy_rows = []
    history = []
    copy_id = ids.copy0
    for document in plan.documents:
        # The clerk hands copies out and takes them back: never to or from themselves.
        readers = [r for r in document.scope_users or plan.units[document.unit].scope_pool if r != document.clerk]
        doc_id = ids.document(document.index)
        clerk = ids.user(document.clerk)
        fate_reason = procedures.begin_document(document)
        for number in range(1, document.copies + 1):
            history.append((document.created, copy_id, number, "in_registry", None, None, CLERK_REASON, "+", doc_id, clerk))
            status, holder, since = "in_registry", None, None
            events = copy_life(rng, document, number, now=plan.now, readers=readers)
            for when, status, holder_index, reason, kind, _due in events:
                holder = ids.user(holder_index) if holder_index is not None else None
                since = when if holder is not None else None
                reason = fate_reason if kind == "fate" and fate_reason else reason
                history.append((when, copy_id, number, status, holder, since, reason, "~", doc_id, clerk))
            procedures.add_copy(copy_id, number, events)
            copy_rows.append((copy_id, number, status, ts(since) if since else None, holder, None, doc_id))
            copy_id += 1
        procedures.end_document()
    loader.say(f"  simulated {len(copy_rows):,} copies' lives in {time.monotonic() - started:.1f} s")
    loader.copy("documents_copy", COPY_COLUMNS, copy_rows, total=len(copy_rows))
    del copy_rows
    history.sort(key=itemgetter(0, 1))

    def history_row(entry):
        when, copy_id, number, status, holder, since, reason, kind, doc_id, clerk = entry
        return (copy_id, number, status, ts(since) if since else None, holder, None, doc_id, ts(when), reason, kind, clerk)

    loader.copy(
        "documents_historicalcopy",
        COPY_COLUMNS + HISTORY,
        map(history_row, history),
        total=len(history),
        label="copy history",
    )
    return procedures


def _grants(loader, plan, ids, perm):
    loader.say("Knowledge scopes")
    documents = plan.documents
    user_rows, user_history = [], []
    group_rows, group_history = [], []
    grant_id = ids.user_grant0
    for document in documents:
        doc_id = ids.document(document.index)
        clerk = ids.user(document.clerk)
        registered = document.created + 1
        for user in document.scope_users:
            row = (grant_id, doc_id, perm, ids.user(user))
            user_rows.append(row)
            user_history.append((registered, row, CLERK_REASON, "+", clerk))
            grant_id += 1
        if document.widened:
            when, user = document.widened
            row = (grant_id, doc_id, perm, ids.user(user))
            user_rows.append(row)
            user_history.append((when, row, "Scope widened: 领导批准扩大知悉范围 leader approved", "+", clerk))
            grant_id += 1
        if document.narrowed:
            when, user = document.narrowed
            row = (grant_id, doc_id, perm, ids.user(user))
            user_history.append((registered, row, CLERK_REASON, "+", clerk))
            user_history.append((when, row, "Scope narrowed: 工作调整，不再知悉 need to know ended", "-", clerk))
            grant_id += 1
    group_id = ids.group_grant0
    for document in documents:
        doc_id = ids.document(document.index)
        for unit in document.scope_units:
            row = (group_id, doc_id, perm, ids.group(unit))
            group_rows.append(row)
            group_history.append((document.created + 1, row, CLERK_REASON, "+", ids.user(document.clerk)))
            group_id += 1
    user_history.sort(key=lambda entry: (entry[0], entry[1][0]))

    def history_row(entry):
        when, row, reason, kind, clerk = entry
        return row + (ts(when), reason, kind, clerk)

    loader.copy("documents_documentuserobjectpermission", USER_GRANT_COLUMNS, user_rows, total=len(user_rows), label="scope: people")
    loader.copy(
        "documents_historicaldocumentuserobjectpermission",
        USER_GRANT_COLUMNS + HISTORY,
        map(history_row, user_history),
        total=len(user_history),
        label="scope history: people",
    )
    loader.copy("documents_documentgroupobjectpermission", GROUP_GRANT_COLUMNS, group_rows, label="scope: units")
    loader.copy(
        "documents_historicaldocumentgroupobjectpermission",
        GROUP_GRANT_COLUMNS + HISTORY,
        map(history_row, group_history),
        label="scope history: units",
    )


def _counters(loader, plan, ids):
    """Numbering goes on after the generated serials, never over them."""
    last = {}
    for document in plan.documents:
        key = (ids.registry(document.unit), document.year)
        last[key] = max(last.get(key, 0), document.serial)
    for (registry, year), serial in sorted(last.items()):
        loader.cursor.execute(
            "INSERT INTO documents_registrynumbercounter (registry_id, year, last_serial) VALUES (%s, %s, %s) "
            "ON CONFLICT (registry_id, year) DO UPDATE SET last_serial = GREATEST("
            "documents_registrynumbercounter.last_serial, EXCLUDED.last_serial)",
            [registry, year, serial],
        )


__all__ = ["BIG_TABLES", "SCALE_PASSWORD", "load"]
