"""What a user may see. Every list, search, count, page, PDF and API answer starts here.

A document is visible to a user when
- the user is in its knowledge scope (a grant to them, or to a unit group they belong to), or
- the user is a secrecy clerk or an inspector of the unit that owns its registry
  (clerks keep the registry; inspectors read everything in the units they inspect).
The administrator role gives no right to read documents. Each test is an
indexed EXISTS subquery, never a loop in Python.
"""

from itertools import chain

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from documents.models import Copy, Document, DocumentGroupObjectPermission, DocumentUserObjectPermission
from documents.models import Loan, LoanStatus, ReproductionRequest, ReproductionStatus
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


__all__ = ["copies_held_by", "document_history", "registries_kept_by", "visible_copies", "visible_documents"]


# Borrowing and copying ------------------------------------------------------

OFFICE_AND_LEADER_ROLES = (Role.CLERK, Role.LEADER, Role.INSPECTOR)


def _in_office(user, unit_path):
    return Exists(Membership.objects.filter(user=user, role__in=OFFICE_AND_LEADER_ROLES, unit=OuterRef(unit_path)))


def visible_loans(user):
    """Loans of documents the user may see: all of them for the unit's clerks, leaders and inspectors,
    otherwise only the user's own (as borrower or as the one who asked)."""
    if not getattr(user, "is_authenticated", False):
        return Loan.objects.none()
    return Loan.objects.filter(copy__document__in=visible_documents(user).values("pk")).filter(
        _in_office(user, "copy__document__registry__unit") | Q(borrower=user) | Q(requested_by=user)
    )


def overdue_loans(user):
    return visible_loans(user).filter(status=LoanStatus.OUT, due_on__lt=timezone.localdate())


def loans_awaiting_decision(user):
    """Loan requests this leader may decide: in a unit they lead, in their scope, not their own."""
    led = Membership.objects.filter(user=user, role=Role.LEADER).values("unit")
    return (
        visible_loans(user)
        .filter(status=LoanStatus.REQUESTED, copy__document__registry__unit__in=led)
        .exclude(Q(borrower=user) | Q(requested_by=user))
    )


def visible_reproductions(user):
    if not getattr(user, "is_authenticated", False):
        return ReproductionRequest.objects.none()
    return ReproductionRequest.objects.filter(source_copy__document__in=visible_documents(user).values("pk")).filter(
        _in_office(user, "source_copy__document__registry__unit")
    )


def reproductions_awaiting_decision(user):
    led = Membership.objects.filter(user=user, role=Role.LEADER).values("unit")
    return (
        visible_reproductions(user)
        .filter(status=ReproductionStatus.REQUESTED, source_copy__document__registry__unit__in=led)
        .exclude(requested_by=user)
    )


__all__ += [
    "loans_awaiting_decision",
    "overdue_loans",
    "reproductions_awaiting_decision",
    "visible_loans",
    "visible_reproductions",
]


def visible_inventories(user):
    """Inventories of the registries a user keeps (clerk) or inspects (inspector)."""
    from documents.models import Inventory
    from people.selectors import units_where

    return Inventory.objects.filter(registry__unit__in=units_where(user, Role.CLERK, Role.INSPECTOR)).select_related(
        "registry__unit", "opened_by", "closed_by", "signed_off_by"
    )
