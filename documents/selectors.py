"""What a user may see. Every list, search, count, page, PDF and API answer starts here.

A document is visible to a user when
- the user is in its knowledge scope (a grant to them, or to a unit group they belong to), or
- the user is a secrecy clerk or an inspector of the unit that owns its registry
  (clerks keep the registry; inspectors read everything in the units they inspect).
The administrator role gives no right to read documents. Each test is an
indexed EXISTS subquery, never a loop in Python.
"""

from itertools import chain
from typing import NamedTuple

from django.db.models import Count, Exists, OuterRef

from documents.models import Copy, Document, DocumentGroupObjectPermission, DocumentUserObjectPermission
from documents.services.scope import view_permission_id
from people.models import Membership
from people.roles import Role

OFFICE_ROLES = (Role.CLERK, Role.INSPECTOR)


def visible_documents(user):
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Document.objects.none()
    perm = view_permission_id()
    personal = DocumentUserObjectPermission.objects.filter(content_object=OuterRef("pk"), user=user, permission_id=perm)
    by_unit = DocumentGroupObjectPermission.objects.filter(
        content_object=OuterRef("pk"), permission_id=perm, group__in=user.groups.values("pk")
    )
    office = Membership.objects.filter(user=user, role__in=OFFICE_ROLES, unit=OuterRef("registry__unit"))
    return Document.objects.filter(Exists(personal) | Exists(by_unit) | Exists(office))


def visible_copies(user):
    return Copy.objects.filter(document__in=visible_documents(user).values("pk"))


def copies_held_by(user):
    return visible_copies(user).filter(holder=user).select_related("document")


class HandBack(NamedTuple):
    shown: list  # copies the viewer may see, one by one
    elsewhere: list  # [{"registry": code, "count": n}] for copies outside the viewer's scope

    @property
    def total(self):
        return len(self.shown) + sum(row["count"] for row in self.elsewhere)


def hand_back_list(person, viewer) -> HandBack:
    """Every copy `person` holds (out with them or on loan: both set the holder), as `viewer` may see it.

    Copies outside the viewer's scope are only counted per registry, so a
    departing person's list never reveals a document to the clerk reading it.
    """
    shown = list(
        visible_copies(viewer).filter(holder=person).select_related("document__registry").order_by("held_since", "pk")
    )
    elsewhere = (
        Copy.objects.filter(holder=person)
        .exclude(pk__in=[copy.pk for copy in shown])
        .values("document__registry__code")
        .annotate(count=Count("pk"))
        .order_by("document__registry__code")
    )
    return HandBack(shown, [{"registry": row["document__registry__code"], "count": row["count"]} for row in elsewhere])


def registries_kept_by(user):
    from documents.models import Registry

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
            delta = row.diff_against(previous)
            changes = [(change.field, change.old, change.new) for change in delta.changes]
        kind = "document" if row._meta.model_name == "historicaldocument" else "copy"
        out.append({"row": row, "kind": kind, "subject": subject(row), "type": row.history_type, "changes": changes})
        previous = row
    return out


__all__ = [
    "HandBack",
    "copies_held_by",
    "document_history",
    "hand_back_list",
    "registries_kept_by",
    "visible_copies",
    "visible_documents",
]
