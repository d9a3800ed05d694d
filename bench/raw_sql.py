"""Hand-written SQL answering each benchmark question, the yardstick for our code path.

Each function runs what an engineer who knows the schema would write by
hand for that question (the best shape for the case, no ORM), on the same
connection, and fetches the rows. The ratio our path / this is the
overhead of Django, the selectors and the views.
"""

from django.db import connection, transaction

VISIBLE_IDS = """
    SELECT content_object_id AS id FROM documents_documentuserobjectpermission
     WHERE user_id = %(user)s AND permission_id = %(perm)s
    UNION
    SELECT g.content_object_id FROM documents_documentgroupobjectpermission g
      JOIN auth_user_groups ug ON ug.group_id = g.group_id
     WHERE ug.user_id = %(user)s AND g.permission_id = %(perm)s
    UNION
    SELECT d.id FROM documents_document d
     WHERE d.registry_id IN (SELECT r.id FROM documents_registry r JOIN people_membership m ON m.unit_id = r.unit_id
                              WHERE m.user_id = %(user)s AND m.role IN ('clerk', 'inspector'))
"""
# The same test per row, for a walk down the ledger's index (a clerk's registry).
VISIBLE_ROW = """(
    d.registry_id IN (SELECT r.id FROM documents_registry r JOIN people_membership m ON m.unit_id = r.unit_id
                       WHERE m.user_id = %(user)s AND m.role IN ('clerk', 'inspector'))
    OR d.id IN (SELECT content_object_id FROM documents_documentuserobjectpermission
                 WHERE user_id = %(user)s AND permission_id = %(perm)s)
    OR d.id IN (SELECT g.content_object_id FROM documents_documentgroupobjectpermission g
                  JOIN auth_user_groups ug ON ug.group_id = g.group_id
                 WHERE ug.user_id = %(user)s AND g.permission_id = %(perm)s))"""
SEARCH = """(UPPER(d.title) LIKE UPPER(%(q)s) OR UPPER(d.reference_number) LIKE UPPER(%(q)s)
             OR UPPER(d.registry_number) LIKE UPPER(%(q)s))"""


def ledger_page(*, user, perm, few, cursor=None, q=None):
    """A page of 50 copies, newest first: the page's documents first, then their copies.

    `cursor` is (year, serial, document id, copy number, copy id) of the row before the page.
    """
    params = {"user": user, "perm": perm, "q": f"%{q}%" if q else None}
    doc_where = ["d.id IN (SELECT id FROM visible)" if few else VISIBLE_ROW]
    copy_where = "TRUE"
    if q:
        doc_where.append(SEARCH)
    if cursor:
        year, serial, document, number, copy = cursor
        params.update(year=year, serial=serial, document=document, number=number, copy=copy)
        doc_where.append("(d.year, d.serial, d.id) <= (%(year)s, %(serial)s, %(document)s)")
        copy_where = (
            "((d.year, d.serial, c.document_id) < (%(year)s, %(serial)s, %(document)s)"
            " OR (c.document_id = %(document)s AND (c.number, c.id) > (%(number)s, %(copy)s)))"
        )
    sql = f"""
        WITH {"visible AS (" + VISIBLE_IDS + ")," if few else ""}
        page_documents AS (
            SELECT d.id FROM documents_document d WHERE {" AND ".join(doc_where)}
             ORDER BY d.year DESC, d.serial DESC, d.id DESC LIMIT 52)
        SELECT c.id, c.number, c.status, c.held_since, c.source_copy_id, d.id, d.registry_number, d.title,
               d.reference_number, d.level, d.secrecy_period_years, d.originating_organ, d.date_classified,
               d.year, d.serial, r.code, u.username, u.first_name, u.last_name
          FROM documents_copy c
          JOIN page_documents p ON p.id = c.document_id
          JOIN documents_document d ON d.id = c.document_id
          JOIN documents_registry r ON r.id = d.registry_id
          LEFT JOIN auth_user u ON u.id = c.holder_id
         WHERE {copy_where}
         ORDER BY d.year DESC, d.serial DESC, c.document_id DESC, c.number, c.id
         LIMIT 51"""
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


def document_page(*, user, perm, document):
    """The detail page: the document if visible, its copies, its scope, its full history, its procedure panels."""
    params = {"user": user, "perm": perm, "document": document}
    with connection.cursor() as cur:
        cur.execute(
            f"""SELECT d.*, r.code, r.name, u.username FROM documents_document d
                  JOIN documents_registry r ON r.id = d.registry_id JOIN auth_user u ON u.id = d.created_by_id
                 WHERE d.id = %(document)s AND {VISIBLE_ROW}""",
            params,
        )
        if not cur.fetchall():
            return None
        cur.execute(
            """SELECT c.*, u.username, u.first_name, u.last_name, s.number FROM documents_copy c
                 LEFT JOIN auth_user u ON u.id = c.holder_id LEFT JOIN documents_copy s ON s.id = c.source_copy_id
                WHERE c.document_id = %(document)s ORDER BY c.number""",
            params,
        )
        copies = cur.fetchall()
        cur.execute(
            """SELECT u.username, u.first_name, u.last_name FROM documents_documentuserobjectpermission g
                 JOIN auth_user u ON u.id = g.user_id WHERE g.content_object_id = %(document)s AND g.permission_id = %(perm)s
                UNION ALL
               SELECT un.name, '', '' FROM documents_documentgroupobjectpermission g
                 JOIN people_unit un ON un.group_id = g.group_id
                WHERE g.content_object_id = %(document)s AND g.permission_id = %(perm)s""",
            params,
        )
        scope = cur.fetchall()
        cur.execute(
            """SELECT h.history_date, h.history_id, h.history_type, h.history_change_reason, u.username, 'document',
                      h.title, h.remarks, NULL, NULL
                 FROM documents_historicaldocument h LEFT JOIN auth_user u ON u.id = h.history_user_id
                WHERE h.id = %(document)s
               UNION ALL
               SELECT h.history_date, h.history_id, h.history_type, h.history_change_reason, u.username, 'copy',
                      h.status, NULL, h.number, h.holder_id
                 FROM documents_historicalcopy h LEFT JOIN auth_user u ON u.id = h.history_user_id
                WHERE h.document_id = %(document)s
               UNION ALL
               SELECT h.history_date, h.history_id, h.history_type, h.history_change_reason, u.username, 'scope',
                      NULL, NULL, NULL, h.user_id
                 FROM documents_historicaldocumentuserobjectpermission h LEFT JOIN auth_user u ON u.id = h.history_user_id
                WHERE h.content_object_id = %(document)s
               UNION ALL
               SELECT h.history_date, h.history_id, h.history_type, h.history_change_reason, u.username, 'scope',
                      NULL, NULL, NULL, h.group_id
                 FROM documents_historicaldocumentgroupobjectpermission h LEFT JOIN auth_user u ON u.id = h.history_user_id
                WHERE h.content_object_id = %(document)s
               ORDER BY 1 DESC, 2 DESC""",
            params,
        )
        history = cur.fetchall()
        cur.execute(PANELS, params)
        return copies, scope, history, cur.fetchone()


# The procedure panels of the document page, in one statement: each panel's rows as a JSON array.
PANELS = """
SELECT
  (SELECT json_agg(x) FROM (SELECT l.*, b.username FROM documents_loan l JOIN documents_copy c ON c.id = l.copy_id
      JOIN auth_user b ON b.id = l.borrower_id WHERE c.document_id = %(document)s
      ORDER BY l.requested_at DESC, l.id DESC LIMIT 20) x),
  (SELECT json_agg(x) FROM (SELECT r.* FROM documents_reproductionrequest r JOIN documents_copy c ON c.id = r.source_copy_id
      WHERE c.document_id = %(document)s ORDER BY r.requested_at DESC, r.id DESC LIMIT 20) x),
  (SELECT json_agg(x) FROM (SELECT ci.*, (SELECT json_agg(e ORDER BY e.position) FROM (
        SELECT e.*, u.username FROM documents_circulationentry e JOIN auth_user u ON u.id = e.reader_id
         WHERE e.circulation_id = ci.id) e) AS entries
      FROM documents_circulation ci JOIN documents_copy c ON c.id = ci.copy_id WHERE c.document_id = %(document)s) x),
  (SELECT json_agg(i) FROM documents_incident i JOIN documents_copy c ON c.id = i.copy_id WHERE c.document_id = %(document)s),
  (SELECT json_agg(x) FROM (SELECT di.*, dl.status FROM documents_destructionitem di
      JOIN documents_destructionlist dl ON dl.id = di.list_id JOIN documents_copy c ON c.id = di.copy_id
      WHERE c.document_id = %(document)s) x),
  (SELECT json_agg(ri) FROM documents_recoveryitem ri JOIN documents_copy c ON c.id = ri.copy_id
      WHERE c.document_id = %(document)s),
  (SELECT json_agg(cd) FROM documents_classificationdecision cd WHERE cd.document_id = %(document)s),
  (SELECT json_agg(f) FROM archives_filedcopy f JOIN documents_copy c ON c.id = f.copy_id WHERE c.document_id = %(document)s),
  (SELECT json_agg(x) FROM (SELECT p.* FROM documents_printrecord p WHERE p.document_id = %(document)s AND p.kind = 'history'
      ORDER BY p.printed_at DESC LIMIT 5) x)
"""


COPY_COLUMNS = "id, number, status, held_since, holder_id, source_copy_id, document_id"
ENTRY_COLUMNS = (
    "id, circulation_id, reader_id, position, handed_out_at, handed_out_by_id, read_at, comment, returned_at, received_by_id"
)
CIRCULATION_COLUMNS = "id, copy_id, status, proposed_by_id, proposed_at, decided_by_id, decided_at, decision_reason, ended_at"


def _history(cur, table, columns, row_id, params):
    cur.execute(
        f"""INSERT INTO documents_historical{table} ({columns}, history_date, history_change_reason, history_type, history_user_id)
            SELECT {columns}, now(), %(reason)s, '~', %(clerk)s FROM documents_{table} WHERE id = %(row)s""",
        {**params, "row": row_id},
    )


def circulation_step(*, circulation, clerk, perm, hand_out, reason):
    """Hand the copy of an approved circulation to its next reader, or take it back: what
    documents.services.circulation.hand_out / take_back do, by hand. Locks copy, circulation and
    entries in the same order, checks the clerk's role (and the reader's scope on the way out),
    moves the copy and writes the copy's, the entry's and (when its status changes) the circulation's
    history rows."""
    params = {"circulation": circulation, "clerk": clerk, "perm": perm, "reason": reason}
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(
            """SELECT c.id, c.status, c.holder_id, c.document_id, r.unit_id FROM documents_copy c
                 JOIN documents_document d ON d.id = c.document_id JOIN documents_registry r ON r.id = d.registry_id
                WHERE c.id = (SELECT copy_id FROM documents_circulation WHERE id = %(circulation)s) FOR UPDATE OF c""",
            params,
        )
        copy, status, holder, document, unit = cur.fetchone()
        cur.execute("SELECT status FROM documents_circulation WHERE id = %(circulation)s FOR UPDATE", params)
        (circulation_status,) = cur.fetchone()
        cur.execute(
            """SELECT id, reader_id, handed_out_at, returned_at FROM documents_circulationentry
                WHERE circulation_id = %(circulation)s ORDER BY id FOR UPDATE""",
            params,
        )
        entries = cur.fetchall()
        params.update(copy=copy, document=document, unit=unit)
        cur.execute(
            "SELECT EXISTS(SELECT 1 FROM people_membership WHERE user_id = %(clerk)s AND unit_id = %(unit)s AND role = 'clerk')",
            params,
        )
        assert cur.fetchone()[0]
        if hand_out:
            assert status == "in_registry" and circulation_status in ("approved", "in_progress")
            entry, reader = next((e[0], e[1]) for e in entries if e[2] is None)
            params["user"] = reader
            cur.execute(
                f"SELECT EXISTS(SELECT 1 FROM documents_document d WHERE d.id = %(document)s AND {VISIBLE_ROW})", params
            )
            assert cur.fetchone()[0]
            cur.execute(
                "UPDATE documents_copy SET status = 'out', holder_id = %(user)s, held_since = now() WHERE id = %(copy)s", params
            )
            cur.execute(
                """UPDATE documents_circulationentry SET handed_out_at = now(), handed_out_by_id = %(clerk)s
                    WHERE id = %(entry)s""",
                {**params, "entry": entry},
            )
            circulation_changed = circulation_status == "approved"
            if circulation_changed:
                cur.execute("UPDATE documents_circulation SET status = 'in_progress' WHERE id = %(circulation)s", params)
        else:
            entry, reader = next((e[0], e[1]) for e in entries if e[2] is not None and e[3] is None)
            assert status == "out" and holder == reader and circulation_status == "in_progress"
            cur.execute(
                "UPDATE documents_copy SET status = 'in_registry', holder_id = NULL, held_since = NULL WHERE id = %(copy)s", params
            )
            cur.execute(
                """UPDATE documents_circulationentry SET returned_at = now(), received_by_id = %(clerk)s
                    WHERE id = %(entry)s""",
                {**params, "entry": entry},
            )
            circulation_changed = all(e[3] is not None for e in entries if e[0] != entry)
            if circulation_changed:
                cur.execute(
                    "UPDATE documents_circulation SET status = 'completed', ended_at = now() WHERE id = %(circulation)s", params
                )
        _history(cur, "copy", COPY_COLUMNS, copy, params)
        _history(cur, "circulationentry", ENTRY_COLUMNS, entry, params)
        if circulation_changed:
            _history(cur, "circulation", CIRCULATION_COLUMNS, circulation, params)


def register(*, registry, clerk, perm, title, copies, users, group, reason):
    """Allocate the next serial on its own (committed) transaction, then write the document, copies, scope and history."""
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(
            """INSERT INTO documents_registrynumbercounter (registry_id, year, last_serial)
               VALUES (%s, EXTRACT(YEAR FROM now())::int, 1)
               ON CONFLICT (registry_id, year) DO UPDATE SET last_serial = documents_registrynumbercounter.last_serial + 1
               RETURNING year, last_serial""",
            [registry],
        )
        year, serial = cur.fetchone()
    columns = (
        "year, serial, registry_number, direction, title, originating_organ, reference_number, level, "
        "secrecy_period_years, date_classified, period_ends_on, pages, attachments, copies_count, urgency, medium, "
        "remarks, created_at, created_by_id, registry_id"
    )
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(
            f"""INSERT INTO documents_document ({columns})
                SELECT %(year)s, %(serial)s, code || '-' || %(year)s || '-' || lpad(%(serial)s::text, 5, '0'), 'incoming',
                       %(title)s, '省委办公厅', '', 2, 20, current_date, current_date + interval '20 years', 12, 0,
                       %(copies)s, 'normal', 'paper', '', now(), %(clerk)s, id
                  FROM documents_registry WHERE id = %(registry)s
             RETURNING id""",
            {"year": year, "serial": serial, "title": title, "copies": copies, "clerk": clerk, "registry": registry},
        )
        document = cur.fetchone()[0]
        history = "history_date, history_change_reason, history_type, history_user_id"
        cur.execute(
            f"""INSERT INTO documents_historicaldocument (id, {columns}, {history})
                SELECT id, {columns}, now(), %s, '+', %s FROM documents_document WHERE id = %s""",
            [reason, clerk, document],
        )
        cur.execute(
            f"""WITH c AS (INSERT INTO documents_copy (number, status, document_id)
                           SELECT n, 'in_registry', %s FROM generate_series(1, %s) n
                        RETURNING id, number, status, document_id)
                INSERT INTO documents_historicalcopy (id, number, status, document_id, {history})
                SELECT id, number, status, document_id, now(), %s, '+', %s FROM c""",
            [document, copies, reason, clerk],
        )
        cur.execute(
            f"""WITH g AS (INSERT INTO documents_documentuserobjectpermission (content_object_id, permission_id, user_id)
                           SELECT %s, %s, unnest(%s::int[]) RETURNING id, content_object_id, permission_id, user_id)
                INSERT INTO documents_historicaldocumentuserobjectpermission
                       (id, content_object_id, permission_id, user_id, {history})
                SELECT id, content_object_id, permission_id, user_id, now(), %s, '+', %s FROM g""",
            [document, perm, list(users), reason, clerk],
        )
        cur.execute(
            f"""WITH g AS (INSERT INTO documents_documentgroupobjectpermission (content_object_id, permission_id, group_id)
                           VALUES (%s, %s, %s) RETURNING id, content_object_id, permission_id, group_id)
                INSERT INTO documents_historicaldocumentgroupobjectpermission
                       (id, content_object_id, permission_id, group_id, {history})
                SELECT id, content_object_id, permission_id, group_id, now(), %s, '+', %s FROM g""",
            [document, perm, group, reason, clerk],
        )
    return document
