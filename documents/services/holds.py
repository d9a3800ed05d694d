"""What holds a copy where it is, against the procedures that would move it: blockers in both directions.

A hold is a procedure under way that keeps a copy: an open (draft, submitted
or approved) destruction list, a recovery to the issuer, an open inventory, a
loan asked for or approved, a circulation list under way. Each hold says which
procedures it stands in the way of (`Procedure`):

- a copy waiting to be destroyed, returned to its issuer or counted is not
  lent, circulated or copied (LEND, CIRCULATE, COPY), nor put on another
  destruction list or returned (DISPOSE);
- a copy with a loan, a circulation or a copying request under way cannot leave for good
  (DISPOSE): the request or the list would wait for ever on a copy that is gone.
  Between loans and circulations the procedures keep their own rules (one open
  loan, one list under way per copy, each with its unique constraint).

`HOLDS` is the one registry: a new procedure that holds copies (a copy in
transit to another unit, say) adds one `Hold` there, with the procedures it
blocks, a filter and its message, and every step that asks `hold_refusal`
refuses it from then on. Nothing else changes.

Every question costs one query for any number of copies (`blockers_of`; one
more per hold found, for its message), so a bulk step or a page of rows pays
the same for one copy as for fifty;
a page that asks many rows' checks reads the holds of its copies first (`read_holds`).
"""

import enum
import operator
from dataclasses import dataclass
from functools import reduce
from typing import Callable

from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext as _

from documents.models import (
    OPEN_LOAN_STATUSES,
    Circulation,
    Copy,
    CopyStatus,
    DestructionItem,
    InventoryItem,
    InventoryStatus,
    Loan,
    RecoveryItem,
    ReproductionRequest,
    ReproductionStatus,
)
from documents.models.circulation import ACTIVE_STATUSES
from documents.selectors import visible_documents
from documents.services.errors import InvalidState, NotPermitted, raise_if


class Procedure(enum.StrEnum):
    """What a hold may stand in the way of."""

    LEND = "lend"  # borrowing: request, approval, hand-out
    CIRCULATE = "circulate"  # circulation: proposal, approval, hand-out
    COPY = "copy"  # copying and excerpting: request, approval, execution
    DISPOSE = "dispose"  # leaving for good: destruction list, recovery to issuer


USE = frozenset({Procedure.LEND, Procedure.CIRCULATE, Procedure.COPY})
EVERYTHING = frozenset(Procedure)


@dataclass(frozen=True)
class Hold:
    """One procedure that holds copies.

    `blocks`: the procedures it stands in the way of.
    `rows(copy_ids, ignore_list)`: its rows that hold any of these copies, each with `copy_id`, for the messages.
    `message(row, copy, procedure)`: the reason, one sentence naming the copy and the holding procedure.
    `filter()`: a condition on Copy (OuterRef "pk") true when the hold applies, for querysets of copies to offer.
    """

    name: str
    blocks: frozenset
    rows: Callable
    message: Callable
    filter: Callable


def _destruction_rows(copy_ids, ignore_list):
    items = DestructionItem.objects.filter(copy__in=copy_ids, is_open=True).select_related("list__registry")
    if ignore_list is not None:
        items = items.exclude(list=ignore_list)
    return items


def _destruction_message(item, copy, procedure):
    if procedure == Procedure.DISPOSE:
        return _("Copy %(copy)s is on destruction list %(list)s.") % {"copy": copy.label, "list": item.list.label}
    return _(
        "Copy %(copy)s is on destruction list %(list)s (%(status)s): a copy waiting to be destroyed is not lent, "
        "circulated or copied."
    ) % {"copy": copy.label, "list": item.list.label, "status": item.list.get_status_display().lower()}


def _recovery_rows(copy_ids, ignore_list):
    return RecoveryItem.objects.filter(copy__in=copy_ids).select_related("recovery__registry")


def _recovery_message(item, copy, procedure):
    return _("Copy %(copy)s is %(status)s: it went back to %(organ)s under recovery %(recovery)s.") % {
        "copy": copy.label,
        "status": CopyStatus.RETURNED_TO_ISSUER.label.lower(),
        "organ": item.recovery.issuing_organ,
        "recovery": item.recovery.label,
    }


def _inventory_rows(copy_ids, ignore_list):
    return InventoryItem.objects.filter(copy__in=copy_ids, inventory__status=InventoryStatus.OPEN).select_related(
        "inventory__registry"
    )


def _inventory_message(item, copy, procedure):
    if procedure == Procedure.DISPOSE:
        return _("Copy %(copy)s is being counted by an open inventory.") % {"copy": copy.label}
    return _(
        "Copy %(copy)s is being counted by the open inventory of registry %(registry)s: it is not lent, circulated "
        "or copied until the inventory is closed."
    ) % {"copy": copy.label, "registry": item.inventory.registry.code}


def _loan_rows(copy_ids, ignore_list):
    return Loan.objects.filter(copy__in=copy_ids, status__in=OPEN_LOAN_STATUSES)


def _loan_message(loan, copy, procedure):
    return _("Copy %(copy)s has a loan asked for or approved; cancel it first.") % {"copy": copy.label}


def _circulation_rows(copy_ids, ignore_list):
    return Circulation.objects.filter(copy__in=copy_ids, status__in=ACTIVE_STATUSES)


def _circulation_message(circulation, copy, procedure):
    return _("Copy %(copy)s has a circulation under way; finish or cancel it first.") % {"copy": copy.label}


def _copying_rows(copy_ids, ignore_list):
    return ReproductionRequest.objects.filter(source_copy__in=copy_ids, status__in=WAITING_REPRODUCTION).annotate(
        copy_id=F("source_copy_id")
    )


def _copying_message(request, copy, procedure):
    return _("Copy %(copy)s has a copying request awaiting approval or execution; have it decided or carried out first.") % {
        "copy": copy.label
    }


def _transit_rows(copy_ids, ignore_list):
    return Copy.objects.filter(pk__in=copy_ids, status=CopyStatus.IN_TRANSIT).annotate(copy_id=F("pk"))


def _transit_message(copy_row, copy, procedure):
    if procedure == Procedure.DISPOSE:
        return _("Copy %(copy)s is in transit to another unit and held by no one here.") % {"copy": copy.label}
    return _(
        "Copy %(copy)s is in transit to another unit: until it is received it is not handed out, lent or copied."
    ) % {"copy": copy.label}


WAITING_REPRODUCTION = (ReproductionStatus.REQUESTED, ReproductionStatus.APPROVED)

# The order is the order of the messages.
HOLDS = [
    Hold(
        "destruction", EVERYTHING, _destruction_rows, _destruction_message,
        lambda: Exists(DestructionItem.objects.filter(copy=OuterRef("pk"), is_open=True)),
    ),
    Hold(
        "recovery", EVERYTHING, _recovery_rows, _recovery_message,
        lambda: Exists(RecoveryItem.objects.filter(copy=OuterRef("pk"))),
    ),
    Hold(
        "inventory", EVERYTHING, _inventory_rows, _inventory_message,
        lambda: Exists(InventoryItem.objects.filter(copy=OuterRef("pk"), inventory__status=InventoryStatus.OPEN)),
    ),
    Hold(
        "loan", frozenset({Procedure.DISPOSE}), _loan_rows, _loan_message,
        lambda: Exists(Loan.objects.filter(copy=OuterRef("pk"), status__in=OPEN_LOAN_STATUSES)),
    ),
    Hold(
        "circulation", frozenset({Procedure.DISPOSE}), _circulation_rows, _circulation_message,
        lambda: Exists(Circulation.objects.filter(copy=OuterRef("pk"), status__in=ACTIVE_STATUSES)),
    ),
    Hold(
        "copying", frozenset({Procedure.DISPOSE}), _copying_rows, _copying_message,
        lambda: Exists(ReproductionRequest.objects.filter(source_copy=OuterRef("pk"), status__in=WAITING_REPRODUCTION)),
    ),
    # Dispatched to another unit (dispatch app): held by no one here until received.
    Hold(
        "transit", EVERYTHING, _transit_rows, _transit_message,
        lambda: Exists(Copy.objects.filter(pk=OuterRef("pk"), status=CopyStatus.IN_TRANSIT)),
    ),
]  # fmt: skip


def _holds_for(procedure):
    return [hold for hold in HOLDS if procedure in hold.blocks]


def _blockers(copies, procedures, *, ignore_list=None) -> dict:
    """{procedure: {copy pk: reasons}} for the copies something holds against any of `procedures`.

    One query finds which copies any of the holds applies to (each hold an EXISTS);
    only the holds found are read again for their messages, one query each.
    """
    procedures = [Procedure(procedure) for procedure in procedures]
    by_pk = {copy.pk: copy for copy in copies}
    found = {procedure: {} for procedure in procedures}
    holds = [hold for hold in HOLDS if hold.blocks & set(procedures)]
    if not by_pk or not holds:
        return found
    flags = {f"held_by_{hold.name}": hold.filter() for hold in holds}
    held = Copy.objects.filter(pk__in=list(by_pk)).annotate(**flags).filter(
        reduce(operator.or_, (Q(**{flag: True}) for flag in flags))
    ).values("pk", *flags)
    found_by = {}
    for row in held:
        for hold in holds:
            if row[f"held_by_{hold.name}"]:
                found_by.setdefault(hold.name, []).append(row["pk"])
    for hold in holds:
        if hold.name not in found_by:
            continue
        # The filter cannot leave out the list asking; its rows can (and then name nothing).
        for item in hold.rows(found_by[hold.name], ignore_list).order_by("pk"):
            for procedure in procedures:
                if procedure in hold.blocks:
                    reasons = found[procedure].setdefault(item.copy_id, [])
                    reasons.append(hold.message(item, by_pk[item.copy_id], procedure))
    return found


def blockers_of(copies, procedure, *, ignore_list=None) -> dict[int, list[str]]:
    """For each of `copies` that something holds against `procedure`, its reasons.

    One query for any number of copies, and one more per hold found, for its message.
    `ignore_list`: the destruction list asking, which does not block itself.
    """
    return _blockers(copies, [procedure], ignore_list=ignore_list)[Procedure(procedure)]


def read_holds(copies, *procedures):
    """Read the holds of many copies at once and keep each copy's answer on it, for a page that asks many checks.

    The checks of the rows then ask `copy_blockers` nothing more of the database;
    several procedures (a section that hands out loans and reading lists) cost one read.
    A service never relies on it: it reads its (locked) copies afresh.
    """
    copies = list(copies)
    found = _blockers(copies, procedures)
    for copy in copies:
        held = copy.__dict__.setdefault("_held", {})
        for procedure, reasons in found.items():
            held[procedure] = reasons.get(copy.pk, [])
    return copies


def known_free(copies, procedure):
    """These copies were read through `unheld(..., procedure)` just now: nothing holds them, nothing to ask."""
    for copy in copies:
        copy.__dict__.setdefault("_held", {})[Procedure(procedure)] = []
    return copies


def copy_blockers(copy, procedure=Procedure.DISPOSE, *, ignore_list=None) -> list[str]:
    """The reasons `copy` may not be taken into `procedure` now, one per hold; empty when none."""
    procedure = Procedure(procedure)
    held = copy.__dict__.get("_held", {})
    if ignore_list is None and procedure in held:
        return held[procedure]
    return blockers_of([copy], procedure, ignore_list=ignore_list).get(copy.pk, [])


def hold_refusal(copy, procedure):
    """What a step of `procedure` answers when something holds the copy (part of its check), or None."""
    reasons = copy_blockers(copy, procedure)
    return InvalidState(" ".join(reasons)) if reasons else None


def unheld(copies, procedure):
    """The copies of a queryset that nothing holds against `procedure` (what a form offers to choose from)."""
    condition = Q()
    for hold in _holds_for(Procedure(procedure)):
        condition |= Q(hold.filter())
    return copies.exclude(condition) if condition else copies


def _blocked_ids(copy_ids, *, ignore_list=None) -> set[int]:
    """Which of the copies something holds against leaving for good: one query per hold for any number of copies."""
    blocked = set()
    for hold in _holds_for(Procedure.DISPOSE):
        blocked |= set(hold.rows(copy_ids, ignore_list).values_list("copy_id", flat=True))
    return blocked


def disposable_refusal(copies, *, registry, by, ignore_list=None):
    """Why the copies cannot leave the registry for good now, or None (part of a step's check).

    Every copy is the actor's to see, kept in `registry`, in it now, and held
    by nothing; the first copy that fails refuses the whole batch, named in the message.
    """
    documents = {copy.document_id for copy in copies}
    if visible_documents(by).filter(pk__in=documents).count() != len(documents):
        return NotPermitted(_("One of the copies is not in your registry."))
    blocked = _blocked_ids([copy.pk for copy in copies], ignore_list=ignore_list) if copies else set()
    for copy in copies:
        if copy.document.registry_id != registry.pk:
            return InvalidState(
                _("Copy %(copy)s is not kept in registry %(registry)s.") % {"copy": copy.label, "registry": registry.code}
            )
        if copy.status != CopyStatus.IN_REGISTRY:
            return InvalidState(
                _("Copy %(copy)s is %(status)s, not in the registry; nothing was done.")
                % {"copy": copy.label, "status": copy.get_status_display().lower()}
            )
        if copy.pk in blocked:
            reasons = copy_blockers(copy, Procedure.DISPOSE, ignore_list=ignore_list)
            return InvalidState(" ".join(reasons) + " " + _("Nothing was done."))
    return None


def require_disposable(copies, *, registry, by, ignore_list=None):
    """Raise `disposable_refusal`: every (locked) copy may leave the registry for good now."""
    raise_if(disposable_refusal(copies, registry=registry, by=by, ignore_list=ignore_list))
