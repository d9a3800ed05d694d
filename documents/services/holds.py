"""What stands in the way of a copy leaving the registry for good (destruction, recovery to issuer).

`copy_blockers` is the one hook: every procedure that holds a copy (an open
destruction list, an inventory in progress, a loan asked for or approved, a
circulation list under way) adds its reason there,
and every procedure that ends a copy's life asks it.
"""

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
)
from documents.models.circulation import ACTIVE_STATUSES
from documents.selectors import visible_documents
from documents.services.errors import InvalidState, NotPermitted, raise_if


def copy_blockers(copy, *, ignore_list=None) -> list[str]:
    """The reasons `copy` cannot be destroyed or returned to its issuer now; empty when none.

    `ignore_list`: the destruction list asking, which does not block itself.
    """
    reasons = []
    items = DestructionItem.objects.filter(copy=copy, is_open=True).select_related("list__registry")
    if ignore_list is not None:
        items = items.exclude(list=ignore_list)
    for item in items:
        reasons.append(
            _("Copy %(copy)s is on destruction list %(list)s.") % {"copy": copy.label, "list": item.list.label}
        )
    if InventoryItem.objects.filter(copy=copy, inventory__status=InventoryStatus.OPEN).exists():
        reasons.append(_("Copy %(copy)s is being counted by an open inventory.") % {"copy": copy.label})
    # Otherwise the request or the list would outlive the copy, waiting for ever on a copy that is gone.
    if Loan.objects.filter(copy=copy, status__in=OPEN_LOAN_STATUSES).exists():
        reasons.append(_("Copy %(copy)s has a loan asked for or approved; cancel it first.") % {"copy": copy.label})
    if Circulation.objects.filter(copy=copy, status__in=ACTIVE_STATUSES).exists():
        reasons.append(_("Copy %(copy)s has a circulation under way; finish or cancel it first.") % {"copy": copy.label})
    if copy.status == CopyStatus.IN_TRANSIT:
        reasons.append(_("Copy %(copy)s is in transit to another unit and held by no one here.") % {"copy": copy.label})
    return reasons


def _blocked_ids(copy_ids, *, ignore_list=None) -> set[int]:
    """Which of the copies `copy_blockers` would name: four queries for any number of copies."""
    items = DestructionItem.objects.filter(copy__in=copy_ids, is_open=True)
    if ignore_list is not None:
        items = items.exclude(list=ignore_list)
    blocked = set(items.values_list("copy_id", flat=True))
    blocked |= set(
        InventoryItem.objects.filter(copy__in=copy_ids, inventory__status=InventoryStatus.OPEN).values_list("copy_id", flat=True)
    )
    blocked |= set(Loan.objects.filter(copy__in=copy_ids, status__in=OPEN_LOAN_STATUSES).values_list("copy_id", flat=True))
    blocked |= set(Circulation.objects.filter(copy__in=copy_ids, status__in=ACTIVE_STATUSES).values_list("copy_id", flat=True))
    blocked |= set(Copy.objects.filter(pk__in=copy_ids, status=CopyStatus.IN_TRANSIT).values_list("pk", flat=True))
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
            return InvalidState(" ".join(copy_blockers(copy, ignore_list=ignore_list)) + " " + _("Nothing was done."))
    return None


def require_disposable(copies, *, registry, by, ignore_list=None):
    """Raise `disposable_refusal`: every (locked) copy may leave the registry for good now."""
    raise_if(disposable_refusal(copies, registry=registry, by=by, ignore_list=ignore_list))
