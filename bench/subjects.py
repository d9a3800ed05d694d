"""Who and what the benchmark measures, chosen from the generated registry.

- the clerk of the registry with the most documents (sees a whole registry);
- the reader whose scope is closest to 1% of all documents;
- for each, a page deep in the ledger (page 500, or the last if fewer);
- a Chinese title fragment and a reference number each of them can find;
- the busiest document of that registry (most copies, longest history);
- a reader of the clerk's unit to hand copies to.
"""

import math
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from documents.models import Document, Registry
from documents.pagination import _cursor
from documents.selectors import ledger_scope, visible_documents
from documents.services.scope import view_permission_id
from documents.views.ledger import COPY_SORTS, PAGE_SIZE, ledger_page
from people.models import Membership

FRAGMENT = "防汛抗旱"
DEEP_PAGE = 500
NEWEST = COPY_SORTS["newest"][1]


@dataclass
class Subjects:
    clerk: object
    reader: object
    registry: object
    unit: object
    reader_visible: int
    lifecycle_reader: object
    lifecycle_documents: object
    scope_people: list
    detail_document: object
    detail_history_rows: int
    user_count: int
    fragment: str = FRAGMENT
    references: dict = field(default_factory=dict)
    deep_page: dict = field(default_factory=dict)
    deep_cursor: dict = field(default_factory=dict)
    deep_raw: dict = field(default_factory=dict)

    def describe(self):
        return (
            f"clerk {self.clerk.username} keeps {self.registry.code} ({self.registry.documents.count():,} documents); "
            f"reader {self.reader.username} sees {self.reader_visible:,} documents; "
            f"deep pages: {self.deep_page}; detail: {self.detail_document.registry_number} "
            f"({self.detail_document.copies_count} copies, {self.detail_history_rows} history rows); "
            f"references searched: {self.references}"
        )


def _visible_count(user_id, perm):
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT count(*) FROM (
                 SELECT content_object_id FROM documents_documentuserobjectpermission WHERE user_id = %(u)s AND permission_id = %(p)s
                 UNION SELECT g.content_object_id FROM documents_documentgroupobjectpermission g
                   JOIN auth_user_groups ug ON ug.group_id = g.group_id WHERE ug.user_id = %(u)s AND g.permission_id = %(p)s) s""",
            {"u": user_id, "p": perm},
        )
        return cursor.fetchone()[0]


def choose():
    users = get_user_model().objects
    perm = view_permission_id()
    total = Document.objects.count()
    biggest = Document.objects.values("registry").annotate(n=Count("id")).order_by("-n", "registry")[0]["registry"]
    registry = Registry.objects.select_related("unit").get(pk=biggest)
    clerk = users.get(pk=Membership.objects.filter(unit=registry.unit, role="clerk").order_by("pk")[0].user_id)
    office = Membership.objects.filter(role__in=["clerk", "inspector", "leader"]).values("user")
    readers = list(
        Membership.objects.filter(role="reader").exclude(user__in=office).order_by("user").values_list("user", flat=True)
    )
    step = max(1, len(readers) // 300)
    counts = {user: _visible_count(user, perm) for user in readers[::step]}
    reader_id = min(counts, key=lambda user: (abs(counts[user] - total / 100), user))
    reader = users.get(pk=reader_id)
    colleagues = list(
        users.filter(memberships__unit=registry.unit, memberships__role="reader", is_active=True).order_by("pk")[:40]
    )
    lifecycle_reader = colleagues[0]
    detail = _busiest_document(registry)
    s = Subjects(
        clerk=clerk,
        reader=reader,
        registry=registry,
        unit=registry.unit,
        reader_visible=counts[reader_id],
        lifecycle_reader=lifecycle_reader,
        lifecycle_documents=visible_documents(lifecycle_reader).filter(registry=registry).values("pk"),
        scope_people=colleagues[:25],
        detail_document=detail[0],
        detail_history_rows=detail[1],
        user_count=users.count(),
    )
    for who, user in (("reader (1%)", reader), ("clerk (registry)", clerk)):
        scope = ledger_scope(user)
        with_reference = scope.documents.exclude(reference_number="").order_by("-year", "-serial", "-pk")
        references = list(with_reference.values_list("reference_number", flat=True)[:201])
        s.references[who] = references[-1] if references else scope.documents.values_list("registry_number", flat=True)[0]
        copies = scope.copies.count()
        if copies <= PAGE_SIZE:
            raise SystemExit(f"{user.username} sees only {copies} copies: generate a larger registry to benchmark.")
        page = min(DEEP_PAGE, math.ceil(copies / PAGE_SIZE))
        before = scope.copies.select_related("document").order_by(*NEWEST)[(page - 1) * PAGE_SIZE - 1]
        s.deep_page[who] = page
        s.deep_cursor[who] = _cursor(before, NEWEST)
        s.deep_raw[who] = (before.document.year, before.document.serial, before.document_id, before.number, before.pk)
    return s


def _busiest_document(registry):
    most = registry.documents.order_by("-copies_count").values_list("copies_count", flat=True)[0]
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT h.document_id, count(*) FROM documents_historicalcopy h
                 JOIN documents_document d ON d.id = h.document_id
                WHERE d.registry_id = %s AND d.copies_count = %s
                GROUP BY h.document_id ORDER BY count(*) DESC, h.document_id LIMIT 1""",
            [registry.pk, most],
        )
        document, rows = cursor.fetchone()
    return Document.objects.get(pk=document), rows


def write_plans(s, path):
    """EXPLAIN (ANALYZE, BUFFERS) of every query the ledger and search run for each person."""
    cases = []
    for who, user in (("reader (1%)", s.reader), ("clerk (registry)", s.clerk)):
        cases += [
            (f"Ledger page 1, {who}", user, {}),
            (f"Ledger page {s.deep_page[who]}, {who}", user, {"after": s.deep_cursor[who]}),
            (f"Search «{s.fragment}», {who}", user, {"q": s.fragment}),
            (f"Search «{s.references[who]}», {who}", user, {"q": s.references[who]}),
        ]
    with open(path, "w") as out:
        for title, user, params in cases:
            query = QueryDict(mutable=True)
            query.update(params)
            ledger_page(user, query).page.rows
            with CaptureQueriesContext(connection) as context:
                ledger_page(user, query).page.rows
            out.write(f"## {title}\n\n")
            for captured in context.captured_queries:
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + captured["sql"])
                    plan = "\n".join(row[0] for row in cursor.fetchall())
                out.write(f"```sql\n{captured['sql']}\n```\n\n```\n{plan}\n```\n\n")
