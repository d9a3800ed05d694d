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
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from itertools import chain
from math import isqrt
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from documents.history import readable_value
from documents.models import Loan, LoanStatus, ReproductionRequest, ReproductionStatus
from documents.models import (
    Circulation,
    CirculationEntry,
    CirculationStatus,
    Copy,
    Document,
    DocumentGroupObjectPermission,
    DocumentUserObjectPermission,
    Incident,
    IncidentStatus,
    Registry,
    StorageLocation,
)
from documents.services.custody import needs_commitment, signed_commitment
from documents.services.scope import view_permission_id
from people.models import Membership
from people.names import person_name
from people.role_cache import memberships_remembered
from people.selectors import has_any_role, memberships_of
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


def may_know(user, document) -> bool:
    """Whether `user` may see `document`: the one question every service asks of a person.

    The same test as visible_documents, for one document whose registry is
    known: asked that way PostgreSQL plans three correlated subqueries and
    hashes every grant of the person's units to look at one row (5 ms on a
    large registry); asked directly it is the person's roles (remembered for
    the request) and at most two primary-key lookups.
    """
    if not _can_see_anything(user):
        return False
    known = _known.get()
    if known is not None and (user.pk, document.pk) in known:
        return True
    perm = view_permission_id()
    personal = DocumentUserObjectPermission.objects.filter(user=user, permission_id=perm, content_object_id=document.pk)
    by_unit = DocumentGroupObjectPermission.objects.filter(
        permission_id=perm, content_object_id=document.pk, group__user=user
    )

    def in_office():
        return any((role, document.registry.unit_id) in memberships_of(user) for role in OFFICE_ROLES)

    # Roles first when the request knows them already (pages); otherwise the
    # personal grant first: most people a service asks about are readers named in the scope.
    if memberships_remembered(user) and in_office():
        return True
    return personal.exists() or in_office() or by_unit.exists()


_known = ContextVar("documents_known_in_this_block", default=None)


@contextmanager
def knowing():
    """Inside this block, may_know answers from memory for the documents `remember_known` was given.

    A page that lists rows read through visible_*(user) just now (the inbox)
    and asks each row's check, which asks may_know(user, document) again,
    would otherwise pay a query or two per row for an answer it holds.
    """
    token = _known.set(set())
    try:
        yield
    finally:
        _known.reset(token)


def remember_known(user, document_ids):
    """`user` may know these documents: the caller read them through visible_*(user) in this `knowing()` block."""
    known = _known.get()
    if known is not None:
        known.update((user.pk, pk) for pk in document_ids)


def known_pairs(pairs) -> set:
    """Which (person, document) of `pairs` may_know holds, in three queries however many pairs.

    For a page whose rows each ask about someone else (the inbox's next
    readers): the same three tests as _in_scope, for all rows at once. The
    people are active accounts (may_know's first test), read by the caller.
    """
    pairs = [(user, document) for user, document in pairs if _can_see_anything(user)]
    if not pairs:
        return set()
    users = {user.pk for user, _document in pairs}
    documents = {document.pk for _user, document in pairs}
    perm = view_permission_id()
    granted = set(
        DocumentUserObjectPermission.objects.filter(
            permission_id=perm, user_id__in=users, content_object_id__in=documents
        ).values_list("user_id", "content_object_id")
    )
    granted |= set(
        DocumentGroupObjectPermission.objects.filter(
            permission_id=perm, content_object_id__in=documents, group__user__in=users
        ).values_list("group__user", "content_object_id")
    )
    units = {document.registry.unit_id for _user, document in pairs}
    office = set(
        Membership.objects.filter(user_id__in=users, role__in=OFFICE_ROLES, unit_id__in=units).values_list(
            "user_id", "unit_id"
        )
    )
    return {
        (user.pk, document.pk)
        for user, document in pairs
        if (user.pk, document.pk) in granted or (user.pk, document.registry.unit_id) in office
    }


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
    if not getattr(user, "is_authenticated", False):
        return Registry.objects.none()
    return Registry.objects.filter(unit__memberships__user=user, unit__memberships__role=Role.CLERK).distinct()


def storage_locations_seen_by(user):
    """The places of storage of the registries `user` keeps or inspects: what the ledger's "Kept at" filter offers."""
    if not _can_see_anything(user):
        return StorageLocation.objects.none()
    return StorageLocation.objects.filter(registry__in=_office_registries(user).values("pk"))


def registries_open_to(user, check):
    """The registries `user` keeps where `check(registry, user)` allows a step: a list page's "start one" button.

    `check` is the step's own check (`check_prepare_destruction_list`,
    `check_start_recovery`), so the page asks the rule rather than a role.
    """
    return [registry for registry in registries_kept_by(user).select_related("unit") if check(registry, user) is None]


def document_history(document):
    """Every history row of a document, its copies and its scope, newest first.

    Each entry carries who, when, what kind of change, which fields changed and why.
    """
    doc_rows = list(document.history.order_by("history_date"))
    copy_rows = list(Copy.history.filter(document_id=document.pk).order_by("history_date"))
    user_grants = list(DocumentUserObjectPermission.history.filter(content_object_id=document.pk).select_related("user"))
    group_grants = list(
        DocumentGroupObjectPermission.history.filter(content_object_id=document.pk).select_related("group__unit")
    )
    _with_actors(chain(doc_rows, copy_rows, user_grants, group_grants))
    entries = []
    entries.extend(_with_changes(doc_rows, subject=lambda row: document.registry_number))
    by_copy = {}
    for row in copy_rows:
        by_copy.setdefault(row.id, []).append(row)
    for rows in by_copy.values():
        entries.extend(_with_changes(rows, subject=lambda row: f"{document.registry_number} / {row.number}"))
    for row in chain(user_grants, group_grants):
        if hasattr(row, "user") and row.user_id:
            who = person_name(row.user)
        else:  # a unit's grant is to the unit's group: name the unit, as the print does
            group = getattr(row, "group", None)
            who = getattr(group, "unit", None) or group or ""
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
    return _readable_changes(entries)


def _with_actors(rows):
    """Who made each row, read once per person: hundreds of rows come from a few dozen people."""
    rows = list(rows)
    people = get_user_model().objects.in_bulk({row.history_user_id for row in rows if row.history_user_id})
    for row in rows:
        if row.history_user_id:
            row.history_user = people.get(row.history_user_id)


def _with_changes(rows, *, subject):
    previous = None
    out = []
    for row in rows:
        changes = []
        if previous is not None and row.history_type == "~":
            # What diff_against reports, without its per-pair overhead: a busy copy
            # has hundreds of history rows. Made readable in one batch (_readable_changes).
            changes = [
                (field, getattr(previous, field.attname), getattr(row, field.attname))
                for field in _tracked_fields(type(row))
                if getattr(previous, field.attname) != getattr(row, field.attname)
            ]
        kind = "document" if row._meta.model_name == "historicaldocument" else "copy"
        out.append({"row": row, "kind": kind, "subject": subject(row), "type": row.history_type, "changes": changes})
        previous = row
    return out


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


def overdue_loans(user, *, today=None):
    return visible_loans(user).filter(status=LoanStatus.OUT, due_on__lt=today or timezone.localdate())


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


# The procedure panels of one document's page ------------------------------------------------
# The page has one document; asking "which of these rows may this person see?"
# of that document (may_know: a few primary-key lookups, roles from the
# request's memory) instead of joining every row to visible_documents keeps
# each panel's query small. Each gives the rows visible_* would give for the
# document (tests/documents/test_visibility_shapes.py).


def document_loans(user, document):
    """visible_loans(user) of `document`."""
    if not may_know(user, document):
        return Loan.objects.none()
    loans = Loan.objects.filter(copy__document=document)
    if has_any_role(user, OFFICE_AND_LEADER_ROLES, document.registry.unit_id):
        return loans
    return loans.filter(Q(borrower=user) | Q(requested_by=user))


def document_reproductions(user, document):
    """visible_reproductions(user) of `document`."""
    if not (may_know(user, document) and has_any_role(user, OFFICE_AND_LEADER_ROLES, document.registry.unit_id)):
        return ReproductionRequest.objects.none()
    return ReproductionRequest.objects.filter(source_copy__document=document)


def document_circulations(user, document):
    """visible_circulations(user) of `document`."""
    if not may_know(user, document):
        return Circulation.objects.none()
    return Circulation.objects.filter(copy__document=document)


def document_incidents(user, document):
    """visible_incidents(user) of `document`."""
    if not may_know(user, document):
        return Incident.objects.none()
    return Incident.objects.filter(copy__document=document)


def visible_inventories(user):
    """Inventories of the registries a user keeps (clerk) or inspects (inspector)."""
    from documents.models import Inventory
    from people.selectors import units_where

    return Inventory.objects.filter(registry__unit__in=units_where(user, Role.CLERK, Role.INSPECTOR)).select_related(
        "registry__unit", "opened_by", "closed_by", "signed_off_by"
    )
# Circulation and loss ---------------------------------------------------------


def people_in_scope(document):
    """Active people in a document's knowledge scope proper (granted to them or to their unit)."""
    perm = view_permission_id()
    personal = DocumentUserObjectPermission.objects.filter(content_object=document, permission_id=perm, user=OuterRef("pk"))
    by_unit = DocumentGroupObjectPermission.objects.filter(
        content_object=document, permission_id=perm, group__user=OuterRef("pk")
    )
    users = get_user_model().objects.filter(is_active=True)
    return users.filter(Exists(personal) | Exists(by_unit)).order_by("username")


def may_know_people(document):
    """Active people who may know `document`: `may_know` asked of each, as one queryset.

    The knowledge scope proper, and the clerks and inspectors of the registry's unit.
    """
    perm = view_permission_id()
    personal = DocumentUserObjectPermission.objects.filter(content_object=document, permission_id=perm, user=OuterRef("pk"))
    by_unit = DocumentGroupObjectPermission.objects.filter(
        content_object=document, permission_id=perm, group__user=OuterRef("pk")
    )
    office = Membership.objects.filter(user=OuterRef("pk"), unit_id=document.registry.unit_id, role__in=OFFICE_ROLES)
    users = get_user_model().objects.filter(is_active=True)
    return users.filter(Exists(personal) | Exists(by_unit) | Exists(office)).order_by("username")


def eligible_readers(document):
    """Who may be a reader of `document` on a circulation list: active people who may know it
    and, for a classified document, have a signed confidentiality commitment on file.

    The type-ahead offers from it and the circulation service refuses anyone
    outside it, so the picker never offers someone the service would refuse.
    People without a commitment are left out rather than shown marked: they could
    not receive the copy, and the service names what is missing if one is sent
    anyway (documents/services/custody.py, docs/decisions.md).
    """
    people = may_know_people(document)
    return people.filter(signed_commitment()) if needs_commitment(document) else people


def eligible_borrowers(document):
    """Who may borrow a copy of `document`: the same people as its readers (active, may know it).

    Asked of the document, not the copy: the loan form picks the copy and the
    borrower together, and every copy of a document has the same scope.
    """
    return eligible_readers(document)


WITNESS_ROLES = (Role.CLERK, Role.LEADER, Role.READER, Role.INSPECTOR)


def eligible_witnesses(dlist, executor):
    """Who may witness the destruction of `dlist` that `executor` records (监销人).

    Active people of the registry's unit in a secret-related role (the
    administrator role alone manages accounts and is not one), never the
    clerk who carries it out, nor the leader who approved the list or the
    clerk who prepared it: a witness checks their work (docs/decisions.md).
    """
    members = Membership.objects.filter(user=OuterRef("pk"), unit_id=dlist.registry.unit_id, role__in=WITNESS_ROLES)
    excluded = {pk for pk in (getattr(executor, "pk", None), dlist.approved_by_id, dlist.prepared_by_id) if pk}
    users = get_user_model().objects.filter(is_active=True).filter(Exists(members)).exclude(pk__in=excluded)
    return users.order_by("username")


# The secret-related roles of a unit: the administrator role alone manages
# accounts and handles no classified copy (docs/decisions.md, "Who the people pickers offer").
SECRET_RELATED_ROLES = WITNESS_ROLES


def eligible_for_scope(*registries):
    """Who a clerk of a registry may name in its knowledge scopes (at registration or on the scope page).

    Given several registries (the registration form, before one is picked):
    the people eligible in any of them.

    Active people who hold a secret-related role in the registry's unit: the
    clerk keeps their personnel records and can vouch for their need to know.
    Not the administrator (the role manages accounts, not documents), not a
    disabled account. People of another unit are given access through their
    unit, a decision of that unit's scope (docs/decisions.md).
    """
    units = [registry.unit_id for registry in registries]
    members = Membership.objects.filter(user=OuterRef("pk"), unit_id__in=units, role__in=SECRET_RELATED_ROLES)
    return get_user_model().objects.filter(is_active=True).filter(Exists(members)).order_by("username")


def scope_additions(document):
    """Whom the scope page offers to add: the eligible people it does not name yet.

    The form accepts any of `eligible_for_scope` (adding someone already named
    changes nothing); the picker just does not offer them twice.
    """
    return eligible_for_scope(document.registry).exclude(pk__in=granted_people(document).values("pk"))


def granted_people(document):
    """The people a document's scope names personally: those the scope page may take out again.

    Disabled accounts too, so a departed person's grant can still be withdrawn.
    """
    grants = DocumentUserObjectPermission.objects.filter(
        content_object=document, permission_id=view_permission_id(), user=OuterRef("pk")
    )
    return get_user_model().objects.filter(Exists(grants)).order_by("username")


def eligible_holders(inventory):
    """Who a clerk may record as actually holding a copy at an inventory: active people of the registry's unit.

    Those in a secret-related role, the people who may hold a copy at all. A
    copy found with anyone else (another unit, the administrator, a disabled
    account) is not a wrong holder but a breach: the clerk records it missing,
    with a note, and reports it (docs/decisions.md).
    """
    members = Membership.objects.filter(
        user=OuterRef("pk"), unit_id=inventory.registry.unit_id, role__in=SECRET_RELATED_ROLES
    )
    return get_user_model().objects.filter(is_active=True).filter(Exists(members)).order_by("username")


def eligible_custodians(*units):
    """Who a clerk may make custodian of a device of `units` (at registration: any of the clerk's units).

    Active people of the device's unit in a secret-related role: a custodian
    answers for a classified computer or medium, so they are someone the unit
    may trust with its secrets, and the clerk keeps their personnel record.
    Not the administrator (the role manages accounts, not classified things),
    not a disabled account, not someone of another unit (docs/decisions.md).
    """
    members = Membership.objects.filter(user=OuterRef("pk"), unit__in=list(units), role__in=SECRET_RELATED_ROLES)
    return get_user_model().objects.filter(is_active=True).filter(Exists(members)).order_by("username")


def eligible_consultants(*registries):
    """Who a clerk may record as consulting archive volumes of `registries`: the people of their units.

    The same people as a knowledge scope names (`eligible_for_scope`): active,
    in a secret-related role in a registry's unit. Whether they may know every
    document filed in the volumes picked is the service's check
    (`require_scope`), with a message naming the volume; someone of another
    unit comes as a visitor with an introduction letter (docs/decisions.md).
    """
    return eligible_for_scope(*registries)


def holders_seen_by(user):
    """The people the ledger's "Holder" filter offers a person: those of the units where they hold a role.

    Anyone in a secret-related role of those units, disabled accounts
    included, so a departed person's copies can still be found. The rows the
    filter narrows are already the viewer's own (`ledger_scope`): a holder
    outside this set is no filter, not a leak (docs/decisions.md).
    """
    if not _can_see_anything(user):
        return get_user_model().objects.none()
    units = Membership.objects.filter(user=user, role__in=SECRET_RELATED_ROLES).values("unit")
    members = Membership.objects.filter(user=OuterRef("pk"), unit__in=units, role__in=SECRET_RELATED_ROLES)
    return get_user_model().objects.filter(Exists(members)).order_by("username")


def visible_circulations(user):
    return Circulation.objects.filter(copy__document__in=visible_documents(user).values("pk"))


def circulations_awaiting_approval(user):
    """The leader's queue: lists proposed in units they lead, that someone else proposed."""
    return (
        visible_circulations(user)
        .filter(
            status=CirculationStatus.PROPOSED,
            copy__document__registry__unit__memberships__user=user,
            copy__document__registry__unit__memberships__role=Role.LEADER,
        )
        .exclude(proposed_by=user)
        .select_related("copy__document", "proposed_by")
        .order_by("proposed_at", "pk")
    )


def circulations_under_way(user):
    """Approved and in-progress lists in the registries this clerk keeps."""
    return (
        visible_circulations(user)
        .filter(
            status__in=[CirculationStatus.APPROVED, CirculationStatus.IN_PROGRESS],
            copy__document__registry__in=registries_kept_by(user),
        )
        .select_related("copy__document", "copy__holder")
        .order_by("decided_at", "pk")
    )


@dataclass(frozen=True)
class CirculationRound:
    circulation: object
    copy: object
    document: object
    entries: list
    history: list


def circulation_round(circulation) -> CirculationRound:
    """The whole round of one circulation: what the circulation slip prints.

    Callers pass a circulation they got from visible_circulations().
    """
    circulation = Circulation.objects.select_related(
        "copy__document__registry__unit", "copy__holder", "proposed_by", "decided_by"
    ).get(pk=circulation.pk)
    entries = list(
        circulation.entries.select_related("reader", "handed_out_by", "received_by").order_by("position")
    )
    rows = list(circulation.history.select_related("history_user")) + list(
        CirculationEntry.history.filter(circulation_id=circulation.pk).select_related("history_user", "reader")
    )
    rows.sort(key=lambda row: (row.history_date, row.history_id))
    return CirculationRound(
        circulation=circulation, copy=circulation.copy, document=circulation.copy.document, entries=entries, history=rows
    )


def visible_incidents(user):
    return Incident.objects.filter(copy__in=visible_copies(user).values("pk"))


def open_incidents(user):
    """Open loss incidents in scope: every summary shows them until a leader closes them."""
    return (
        visible_incidents(user)
        .filter(status=IncidentStatus.OPEN)
        .select_related("copy__document", "reported_by")
        .order_by("reported_at", "pk")
    )


# Recovery, destruction and declassification ------------------------------------------------


def copies_for_disposal(user):
    """Copies in the registries this clerk keeps that are in the registry now: what may be returned or listed.

    `on_open_list` tells which are already held by an open destruction list.
    """
    from documents.models import CopyStatus, DestructionItem

    open_item = DestructionItem.objects.filter(copy=OuterRef("pk"), is_open=True)
    return (
        visible_copies(user)
        .filter(status=CopyStatus.IN_REGISTRY, document__registry__in=registries_kept_by(user))
        .annotate(on_open_list=Exists(open_item))
        .select_related("document__registry")
    )


def copies_for_codes(user, codes):
    """The copy each parsed code (documents.codes.CopyCode) names, among the copies of the registries
    this clerk keeps; a code out of scope is missing from the answer exactly like one that does not exist."""
    codes = [code for code in codes if code is not None]
    if not codes:
        return {}
    wanted = Q()
    for code in codes:
        wanted |= Q(
            document__registry__code__iexact=code.registry,
            document__year=code.year,
            document__serial=code.serial,
            number=code.number,
        )
    copies = (
        visible_copies(user)
        .filter(wanted, document__registry__in=registries_kept_by(user))
        .select_related("document__registry__unit", "holder")
    )
    found = {
        (copy.document.registry.code.upper(), copy.document.year, copy.document.serial, copy.number): copy
        for copy in copies
    }
    return {code: found[tuple(code)] for code in codes if tuple(code) in found}


def _office_or_leader_in_scope(user, items):
    """Records of a unit's registry: its clerks and inspectors see them all; its leaders only those
    whose every copy is in their knowledge scope (so a record never reveals a document)."""
    office = Membership.objects.filter(user=user, role__in=OFFICE_ROLES, unit=OuterRef("registry__unit"))
    leader = Membership.objects.filter(user=user, role=Role.LEADER, unit=OuterRef("registry__unit"))
    hidden = items.exclude(copy__document__in=visible_documents(user).values("pk"))
    return Exists(office) | (Exists(leader) & ~Exists(hidden))


def openable_records(user, records, visible):
    """The ids of `records` (destruction lists, recoveries, already read) that `visible(user)` would give.

    _office_or_leader_in_scope's rule without asking it of every record: a
    clerk or inspector of a record's registry sees it (their roles are
    remembered for the request); only for anyone else is `visible` asked.
    """
    office = {record.pk for record in records if has_any_role(user, OFFICE_ROLES, record.registry.unit_id)}
    others = {record.pk for record in records} - office
    return office | (set(visible(user).filter(pk__in=others).values_list("pk", flat=True)) if others else set())


def visible_recoveries(user):
    from documents.models import Recovery, RecoveryItem

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Recovery.objects.none()
    items = RecoveryItem.objects.filter(recovery=OuterRef("pk"))
    return Recovery.objects.filter(_office_or_leader_in_scope(user, items)).select_related("registry", "recovered_by")


def visible_destruction_lists(user):
    from documents.models import DestructionItem, DestructionList

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return DestructionList.objects.none()
    items = DestructionItem.objects.filter(list=OuterRef("pk"))
    return DestructionList.objects.filter(_office_or_leader_in_scope(user, items)).select_related(
        "registry__unit", "prepared_by", "approved_by", "rejected_by", "executed_by", "witness_1", "witness_2"
    )


def lists_to_witness(user):
    """Destruction lists whose recorded execution awaits this person's confirmation as a named witness.

    A witness may hold no role that sees the list (visible_destruction_lists):
    what they confirm is shown by copy and device number only.
    """
    from documents.models import DestructionList, DestructionStatus

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return DestructionList.objects.none()
    awaited = Q(witness_1=user, witness_1_confirmed_at__isnull=True) | Q(witness_2=user, witness_2_confirmed_at__isnull=True)
    return (
        DestructionList.objects.filter(awaited, status=DestructionStatus.APPROVED, executed_by__isnull=False)
        .select_related("registry__unit", "executed_by", "witness_1", "witness_2")
        .order_by("executed_on", "pk")
    )


def destruction_certificate(dlist):
    """Everything the destruction certificate (销毁清单) prints, for a list fetched through
    visible_destruction_lists. `is_final` is false until the destruction has been executed.
    `devices` are the classified computers and storage media scrapped under the same list."""
    from documents.levels import Level

    items = list(
        dlist.items.select_related("copy__document").order_by(
            "copy__document__year", "copy__document__serial", "copy__number"
        )
    )
    copies = [
        {
            "registry_number": item.copy.document.registry_number,
            "copy_number": item.copy.number,
            "label": item.copy.label,
            "title": item.copy.document.title,
            "reference_number": item.copy.document.reference_number,
            "originating_organ": item.copy.document.originating_organ,
            "level": item.copy.document.level,
            "period": item.copy.document.secrecy_period_years,
            "marking": item.copy.document.marking,
            "pages": item.copy.document.pages,
            "attachments": item.copy.document.attachments,
            "is_reproduction": item.copy.is_reproduction,
        }
        for item in items
    ]
    devices = [
        {
            "asset_number": item.device.asset_number,
            "kind": item.device.kind,
            "kind_label": item.device.get_kind_display(),
            "model_name": item.device.model_name,
            "serial_number": item.device.serial_number,
            "level": item.device.level,
            "level_label": Level(item.device.level).label,
            "status": item.device.status,
        }
        for item in dlist.device_items.select_related("device").order_by("device__asset_number")
    ]
    levels = [row["level"] for row in copies + devices]
    return {
        "list": dlist,
        "label": dlist.label,
        "registry": dlist.registry,
        "status": dlist.status,
        "is_final": dlist.status == "executed",
        "reason": dlist.reason,
        "copies": copies,
        "copy_count": len(copies),
        "page_count": sum(row["pages"] for row in copies),
        "devices": devices,
        "device_count": len(devices),
        "highest_level": max(levels) if levels else None,
        "prepared_by": dlist.prepared_by,
        "prepared_at": dlist.prepared_at,
        "approved_by": dlist.approved_by,
        "approved_at": dlist.decided_at if dlist.approved_by_id else None,
        "approval_reason": dlist.decision_reason if dlist.approved_by_id else "",
        "executed_by": dlist.executed_by,
        "executed_on": dlist.executed_on,
        "place": dlist.place,
        "method": dlist.get_method_display() if dlist.method else "",
        "witnesses": [w for w in (dlist.witness_1, dlist.witness_2) if w is not None],
        # (witness, when they confirmed with their own password, or None), both slots printed.
        "witness_confirmations": [
            (dlist.witness_1, timezone.localtime(dlist.witness_1_confirmed_at) if dlist.witness_1_confirmed_at else None),
            (dlist.witness_2, timezone.localtime(dlist.witness_2_confirmed_at) if dlist.witness_2_confirmed_at else None),
        ],
    }


def periods_ending(user, *, within_days, today=None):
    """Documents in scope, not yet declassified, whose secrecy period ends within `within_days`
    days or has already ended, soonest (most overdue) first; only those of the units where the
    user is a leader or clerk, since they are the ones the user acts on."""
    import datetime

    from django.utils import timezone

    today = today or timezone.localdate()
    units = Membership.objects.filter(user=user, role__in=(Role.LEADER, Role.CLERK)).values("unit")
    return (
        visible_documents(user)
        .filter(
            registry__unit__in=units,
            declassified_on__isnull=True,
            period_ends_on__lte=today + datetime.timedelta(days=within_days),
        )
        .select_related("registry__unit")
        .order_by("period_ends_on", "pk")
    )


_TRACKED = {}


def _tracked_fields(history_model):
    if history_model not in _TRACKED:
        _TRACKED[history_model] = [
            field for field in history_model.instance_type._meta.concrete_fields if not field.primary_key
        ]
    return _TRACKED[history_model]


def _readable_changes(entries):
    """Choice labels, people and objects by name, local times: one query per linked model, not per change."""
    wanted = {}
    for entry in entries:
        for field, old, new in entry["changes"]:
            if field.is_relation:
                wanted.setdefault(field.related_model, set()).update(v for v in (old, new) if v is not None)
    names = {
        model: {obj.pk: _name(obj) for obj in model._default_manager.filter(pk__in=ids)} for model, ids in wanted.items()
    }
    # Each field's name and choice labels translated once: a busy document has hundreds of changes.
    labels = {}
    for entry in entries:
        readable = []
        for field, old, new in entry["changes"]:
            if field not in labels:
                choices = {key: str(text) for key, text in field.flatchoices} if field.choices else None
                labels[field] = (str(field.verbose_name), choices)
            verbose, choices = labels[field]
            readable.append((verbose, _shown(field, old, names, choices), _shown(field, new, names, choices)))
        entry["changes"] = readable
    return entries


def _name(obj):
    """People by their full name (their username when they have none); anything else as it names itself."""
    if isinstance(obj, get_user_model()):
        return person_name(obj)
    return str(obj)


def _shown(field, value, names, choices):
    if value is None:
        return None
    if field.is_relation:
        return names.get(field.related_model, {}).get(value, value)
    if choices is not None:
        return choices.get(value, value)
    return readable_value(field, value)


__all__ = [
    "CirculationRound",
    "HandBack",
    "LedgerScope",
    "OFFICE_ROLES",
    "circulation_round",
    "circulations_awaiting_approval",
    "circulations_under_way",
    "copies_for_disposal",
    "copies_for_codes",
    "copies_held_by",
    "destruction_certificate",
    "document_circulations",
    "document_history",
    "document_incidents",
    "document_loans",
    "document_reproductions",
    "eligible_borrowers",
    "eligible_consultants",
    "eligible_custodians",
    "eligible_for_scope",
    "eligible_holders",
    "eligible_readers",
    "eligible_witnesses",
    "estimated_document_count",
    "granted_people",
    "hand_back_list",
    "holders_seen_by",
    "knowing",
    "known_pairs",
    "ledger_scope",
    "loans_awaiting_decision",
    "may_know",
    "may_know_people",
    "open_incidents",
    "openable_records",
    "overdue_loans",
    "people_in_scope",
    "periods_ending",
    "registries_kept_by",
    "storage_locations_seen_by",
    "registries_open_to",
    "remember_known",
    "reproductions_awaiting_decision",
    "scope_additions",
    "sees_few_documents",
    "visible_circulations",
    "visible_copies",
    "visible_destruction_lists",
    "visible_document_ids",
    "visible_documents",
    "visible_incidents",
    "visible_inventories",
    "visible_loans",
    "visible_recoveries",
    "visible_reproductions",
]
