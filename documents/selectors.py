"""What a user may see. Every list, search, count, page, PDF and API answer starts here.

A document is visible to a user when
- the user is in its knowledge scope (a grant to them, or to a unit group they belong to), or
- the user is a secrecy clerk or an inspector of the unit that owns its registry
  (clerks keep the registry; inspectors read everything in the units they inspect).
The administrator role gives no right to read documents. The test is done
by PostgreSQL, never in a loop in Python, in one of two shapes that give the
same rows: indexed EXISTS per row (visible_documents) or the set of the
person's documents (visible_document_ids); ledger_scope picks the faster one
for the person (docs/performance.md).
"""

import time
from dataclasses import dataclass
from itertools import chain
from math import isqrt

from django.db import connection
from django.db.models import Exists, OuterRef

from documents.models import Copy, Document, DocumentGroupObjectPermission, DocumentUserObjectPermission, Registry
from documents.services.scope import view_permission_id
from people.roles import Role

OFFICE_ROLES = (Role.CLERK, Role.INSPECTOR)


def visible_documents(user):
    if not _can_see_anything(user):
        return Document.objects.none()
    return Document.objects.filter(_in_scope(user, ""))


def visible_copies(user):
    if not _can_see_anything(user):
        return Copy.objects.none()
    return Copy.objects.filter(_in_scope(user, "document__"))


def _can_see_anything(user):
    return getattr(user, "is_authenticated", False) and user.is_active


def _in_scope(user, path):
    """The visibility test on the document at `path` ("" from a document, "document__" from a copy).

    Three EXISTS, each correlated by one equality on the row's own columns
    (document id, registry id): PostgreSQL probes an index once per row when
    it looks at a few documents, and hashes this person's documents or
    registries when it walks many (a clerk paging through a registry).
    """
    perm = view_permission_id()
    document = OuterRef(f"{path}pk")
    personal = DocumentUserObjectPermission.objects.filter(content_object=document, user=user, permission_id=perm)
    by_unit = DocumentGroupObjectPermission.objects.filter(content_object=document, permission_id=perm, group__user=user)
    office = _office_registries(user).filter(pk=OuterRef(f"{path}registry_id"))
    return Exists(personal) | Exists(by_unit) | Exists(office)


def _office_registries(user):
    return Registry.objects.filter(unit__memberships__user=user, unit__memberships__role__in=OFFICE_ROLES)


def visible_document_ids(user, *, distinct=True):
    """The same documents as visible_documents, as a union of three index scans of ids.

    Personal grants, grants to the units whose group the person is in, and
    the documents of the registries the person keeps or inspects.
    """
    perm = view_permission_id()
    personal = DocumentUserObjectPermission.objects.filter(user=user, permission_id=perm).values("content_object_id")
    by_unit = DocumentGroupObjectPermission.objects.filter(permission_id=perm, group__user=user).values(
        "content_object_id"
    )
    office = Document.objects.filter(registry__in=_office_registries(user).values("pk")).order_by().values("pk")
    return personal.union(by_unit, office, all=not distinct)


_FEW = {}
FEW_SECONDS = 300


def sees_few_documents(user) -> bool:
    """Is this person's scope small next to the whole registry? (_scope_is_small)

    Remembered by this process for five minutes: the answer only chooses how
    a page is computed, never what it shows, so a scope that grew or shrank
    meanwhile costs speed at worst.
    """
    now = time.monotonic()
    known = _FEW.get(user.pk)
    if known is None or now - known[0] > FEW_SECONDS:
        if len(_FEW) > 10_000:
            _FEW.clear()
        known = _FEW[user.pk] = (now, _scope_is_small(user))
    return known[1]


def _scope_is_small(user) -> bool:
    """One bounded query: is this person's scope small next to the whole registry?

    A ledger page built from the set of the person's documents costs in
    proportion to that set; one that walks the ledger's index and tests
    each row costs in proportion to how many rows it must skip, i.e. to
    all documents / the person's documents. They cost the same near
    sqrt(20 x all documents) (measured: docs/performance.md), so the set
    is counted only up to that limit.
    """
    if not _can_see_anything(user):
        return True
    limit = max(500, isqrt(20 * estimated_document_count()))
    return not visible_document_ids(user, distinct=False)[limit - 1 : limit].exists()


_ESTIMATE = {"at": -1e9, "value": 0}
ESTIMATE_SECONDS = 600


def estimated_document_count() -> int:
    """How many documents the registry holds, from PostgreSQL's statistics (re-read every 10 minutes)."""
    now = time.monotonic()
    if now - _ESTIMATE["at"] > ESTIMATE_SECONDS:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [Document._meta.db_table])
                row = cursor.fetchone()
            value = int(row[0]) if row and row[0] > 0 else Document.objects.count()
        else:
            value = Document.objects.count()
        _ESTIMATE.update(at=now, value=value)
    return _ESTIMATE["value"]


@dataclass
class LedgerScope:
    """What a person may see, as querysets shaped to page fast for them (same rows as visible_*)."""

    documents: object
    copies: object


def ledger_scope(user) -> LedgerScope:
    if _can_see_anything(user) and sees_few_documents(user):
        # Few: build the set of the person's documents, read only those.
        ids = visible_document_ids(user)
        return LedgerScope(Document.objects.filter(pk__in=ids), Copy.objects.filter(document_id__in=ids))
    # Many: walk the ledger's index and test each row (hashed EXISTS).
    return LedgerScope(visible_documents(user), visible_copies(user))


def copies_held_by(user):
    return visible_copies(user).filter(holder=user).select_related("document")


def registries_kept_by(user):
    if not getattr(user, "is_authenticated", False):
        return Registry.objects.none()
    return Registry.objects.filter(unit__memberships__user=user, unit__memberships__role=Role.CLERK).distinct()


def document_history(document):
    """Every history row of a document, its copies and its scope, newest first.

    Each entry carries who, when, what kind of change, which fields changed and why.
    """
    doc_rows = list(document.history.select_related("history_user").order_by("history_date"))
    copy_rows = list(
        Copy.history.filter(document_id=document.pk).select_related("history_user").order_by("history_date")
    )
    user_grants = DocumentUserObjectPermission.history.filter(content_object_id=document.pk).select_related(
        "history_user", "user"
    )
    group_grants = DocumentGroupObjectPermission.history.filter(content_object_id=document.pk).select_related(
        "history_user", "group"
    )
    entries = []
    entries.extend(_with_changes(doc_rows, subject=lambda row: document.registry_number))
    by_copy = {}
    for row in copy_rows:
        by_copy.setdefault(row.id, []).append(row)
    for rows in by_copy.values():
        entries.extend(_with_changes(rows, subject=lambda row: f"{document.registry_number} / {row.number}"))
    for row in chain(user_grants, group_grants):
        who = row.user.get_username() if hasattr(row, "user") and row.user_id else getattr(row, "group", "")
        entries.append(
            {
                "row": row,
                "kind": "scope",
                "subject": str(who),
                "type": row.history_type,
                "changes": [],
            }
        )
    entries.sort(key=lambda entry: (entry["row"].history_date, entry["row"].history_id), reverse=True)
    return entries


def _with_changes(rows, *, subject):
    previous = None
    out = []
    for row in rows:
        changes = []
        if previous is not None and row.history_type == "~":
            # What diff_against reports (foreign keys as ids), without its
            # per-pair overhead: a busy copy has hundreds of history rows.
            changes = [
                (field.name, getattr(previous, field.attname), getattr(row, field.attname))
                for field in _tracked_fields(type(row))
                if getattr(previous, field.attname) != getattr(row, field.attname)
            ]
        kind = "document" if row._meta.model_name == "historicaldocument" else "copy"
        out.append({"row": row, "kind": kind, "subject": subject(row), "type": row.history_type, "changes": changes})
        previous = row
    return out


_TRACKED = {}


def _tracked_fields(history_model):
    if history_model not in _TRACKED:
        _TRACKED[history_model] = [
            field for field in history_model.instance_type._meta.concrete_fields if not field.primary_key
        ]
    return _TRACKED[history_model]


__all__ = [
    "copies_held_by",
    "document_history",
    "estimated_document_count",
    "ledger_scope",
    "registries_kept_by",
    "sees_few_documents",
    "visible_copies",
    "visible_document_ids",
    "visible_documents",
]
