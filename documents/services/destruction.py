"""Destruction (销毁): the clerk lists copies, a leader who did not prepare the list approves it,
and the clerk records its execution before two witnesses. An executed list is final.

A list may also hold classified computers and storage media: scrapping a device is this same
procedure, and its execution marks every listed device scrapped (carriers.services.scrap_device).
A medium that carries electronic copies is listed only together with them (require_scrappable).

Lock order, everywhere: the list first, then its copies in pk order, then its devices in pk order.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from carriers.services import lock_devices, require_scrappable, scrap_device
from documents.models import (
    CopyStatus,
    DestructionDeviceItem,
    DestructionItem,
    DestructionList,
    DestructionMethod,
    DestructionStatus,
)
from documents.reasons import system_reason
from documents.selectors import visible_documents
from documents.services.copies import lock_copies, move
from documents.services.errors import Conflict, InvalidInput, InvalidState, NotPermitted, SeparationOfDuties
from documents.services.holds import require_disposable
from documents.services.recording import require_reason, stamp
from documents.services.roles import require_clerk, require_leader


def _conflict(error):
    if "destruction_item_one_open_list" in str(error) or "destruction_item_unique_copy" in str(error):
        return Conflict(_("One of these copies was put on another destruction list a moment ago; reload and try again."))
    if "destruction_device_one_open_list" in str(error) or "destruction_device_unique" in str(error):
        return Conflict(_("One of these devices was put on another destruction list a moment ago; reload and try again."))
    return None


def _locked(dlist):
    return DestructionList.objects.select_for_update(of=("self",)).select_related("registry__unit").get(pk=dlist.pk)


def _require_status(dlist, *statuses):
    if dlist.status not in statuses:
        if dlist.status == DestructionStatus.EXECUTED:
            raise InvalidState(_("Destruction list %(list)s has been executed; it is final.") % {"list": dlist.label})
        raise InvalidState(
            _("Destruction list %(list)s is %(status)s; this step is not possible now.")
            % {"list": dlist.label, "status": dlist.get_status_display().lower()}
        )


def _add(dlist, copies, devices, *, by, reason):
    if not copies and not devices:
        raise InvalidInput({"copies": [_("Choose at least one copy or device.")]})
    if copies:
        locked = lock_copies(copies)
        require_disposable(locked, registry=dlist.registry, by=by, ignore_list=dlist)
        already = set(dlist.items.values_list("copy_id", flat=True))
        for copy in locked:
            if copy.pk not in already:
                stamp(DestructionItem(list=dlist, copy=copy), by=by, reason=reason).save()
    if devices:
        # After the copies: a medium may be listed together with the copies it carries.
        locked_devices = lock_devices(devices)
        listed = set(dlist.items.values_list("copy_id", flat=True))
        require_scrappable(locked_devices, registry=dlist.registry, listed_copy_ids=listed, by=by, ignore_list=dlist)
        already = set(dlist.device_items.values_list("device_id", flat=True))
        for device in locked_devices:
            if device.pk not in already:
                stamp(DestructionDeviceItem(list=dlist, device=device), by=by, reason=reason).save()


def prepare_destruction_list(*, registry, copies=(), devices=(), by, reason) -> DestructionList:
    """A draft list of copies and/or devices (classified computers, storage media) of one registry's unit."""
    reason = require_reason(reason)
    require_clerk(by, registry)
    try:
        with transaction.atomic():
            dlist = DestructionList(registry=registry, prepared_by=by, reason=reason)
            stamp(dlist, by=by, reason=reason).save()
            _add(dlist, copies, devices, by=by, reason=reason)
    except IntegrityError as error:
        conflict = _conflict(error)
        if conflict is None:
            raise
        raise conflict from error
    return dlist


def add_to_destruction_list(*, dlist, copies=(), devices=(), by, reason) -> DestructionList:
    reason = require_reason(reason)
    try:
        with transaction.atomic():
            dlist = _locked(dlist)
            require_clerk(by, dlist.registry)
            _require_status(dlist, DestructionStatus.DRAFT)
            _add(dlist, copies, devices, by=by, reason=reason)
    except IntegrityError as error:
        conflict = _conflict(error)
        if conflict is None:
            raise
        raise conflict from error
    return dlist


def remove_from_destruction_list(*, dlist, copies=(), devices=(), by, reason) -> DestructionList:
    reason = require_reason(reason)
    with transaction.atomic():
        dlist = _locked(dlist)
        require_clerk(by, dlist.registry)
        _require_status(dlist, DestructionStatus.DRAFT)
        items = list(dlist.items.filter(copy__in=[getattr(c, "pk", c) for c in copies]).order_by("pk"))
        device_items = list(dlist.device_items.filter(device__in=[getattr(d, "pk", d) for d in devices]).order_by("pk"))
        if not items and not device_items:
            raise InvalidInput({"copies": [_("Choose at least one copy or device on this list to remove.")]})
        for item in items + device_items:
            stamp(item, by=by, reason=reason).delete()
        # A medium left on the list still needs every copy it carries on it.
        remaining = lock_devices(dlist.device_items.values_list("device_id", flat=True))
        listed = set(dlist.items.values_list("copy_id", flat=True))
        require_scrappable(remaining, registry=dlist.registry, listed_copy_ids=listed, by=by, ignore_list=dlist)
    return dlist


def submit_destruction_list(*, dlist, by, reason) -> DestructionList:
    reason = require_reason(reason)
    with transaction.atomic():
        dlist = _locked(dlist)
        require_clerk(by, dlist.registry)
        _require_status(dlist, DestructionStatus.DRAFT)
        if not dlist.items.exists() and not dlist.device_items.exists():
            raise InvalidState(_("The list holds no copy or device; add some before submitting it."))
        dlist.status = DestructionStatus.SUBMITTED
        dlist.submitted_at = timezone.now()
        stamp(dlist, by=by, reason=reason).save()
    return dlist


def _require_sees_every_copy(dlist, by):
    documents = set(dlist.items.values_list("copy__document_id", flat=True))
    if visible_documents(by).filter(pk__in=documents).count() != len(documents):
        raise NotPermitted(_("Only a leader in the knowledge scope of every copy on the list can decide on it."))


def approve_destruction_list(*, dlist, by, reason) -> DestructionList:
    reason = require_reason(reason)
    with transaction.atomic():
        dlist = _locked(dlist)
        require_leader(by, dlist.registry)
        _require_status(dlist, DestructionStatus.SUBMITTED)
        if by.pk == dlist.prepared_by_id:
            raise SeparationOfDuties(_("You prepared this list; another leader must approve it."))
        _require_sees_every_copy(dlist, by)
        dlist.status = DestructionStatus.APPROVED
        dlist.approved_by = by
        dlist.decided_at = timezone.now()
        dlist.decision_reason = reason
        stamp(dlist, by=by, reason=reason).save()
    return dlist


def _close_items(dlist, *, by, reason):
    for item in [*dlist.items.order_by("pk"), *dlist.device_items.order_by("pk")]:
        item.is_open = False
        stamp(item, by=by, reason=reason).save()


def reject_destruction_list(*, dlist, by, reason) -> DestructionList:
    """A leader refuses a submitted list, or withdraws an approval not yet carried out. Copies and devices are free again."""
    reason = require_reason(reason)
    with transaction.atomic():
        dlist = _locked(dlist)
        require_leader(by, dlist.registry)
        _require_status(dlist, DestructionStatus.SUBMITTED, DestructionStatus.APPROVED)
        _require_sees_every_copy(dlist, by)
        dlist.status = DestructionStatus.REJECTED
        dlist.rejected_by = by
        dlist.decided_at = timezone.now()
        dlist.decision_reason = reason
        stamp(dlist, by=by, reason=reason).save()
        _close_items(dlist, by=by, reason=reason)
    return dlist


def _check_execution(dlist, *, by, executed_on, place, method, witness_1, witness_2):
    errors = {}
    if executed_on is None:
        errors["executed_on"] = [_("Give the date of destruction.")]
    elif executed_on > timezone.localdate():
        errors["executed_on"] = [_("The date of destruction cannot be in the future.")]
    elif executed_on < timezone.localdate(dlist.decided_at):
        errors["executed_on"] = [_("The copies cannot have been destroyed before the list was approved.")]
    if not place:
        errors["place"] = [_("Give the place where the copies were destroyed.")]
    if method not in DestructionMethod.values:
        errors["method"] = [_("Choose the method of destruction.")]
    for field, witness in (("witness_1", witness_1), ("witness_2", witness_2)):
        if witness is None:
            errors[field] = [_("Name two witnesses.")]
        elif not witness.is_active:
            errors[field] = [_("%(name)s's account is disabled; a witness needs an active account.") % {"name": witness}]
    if errors:
        raise InvalidInput(errors)
    if witness_1.pk == witness_2.pk:
        raise SeparationOfDuties(_("The two witnesses must be two different people."), field="witness_2")
    if by.pk == dlist.approved_by_id:
        raise SeparationOfDuties(_("You approved this list; another clerk must carry out the destruction."))


def execute_destruction_list(
    *, dlist, by, executed_on, place, method, witness_1, witness_2, reason
) -> DestructionList:
    """Record that the copies and devices were destroyed: every copy becomes destroyed, every device scrapped,
    and the list is final."""
    reason = require_reason(reason)
    place = (place or "").strip()
    with transaction.atomic():
        dlist = _locked(dlist)
        require_clerk(by, dlist.registry)
        _require_status(dlist, DestructionStatus.APPROVED)
        _check_execution(
            dlist, by=by, executed_on=executed_on, place=place, method=method, witness_1=witness_1, witness_2=witness_2
        )
        # The copies may have moved since the list was approved: check them again under lock.
        copies = lock_copies(dlist.items.values_list("copy_id", flat=True))
        require_disposable(copies, registry=dlist.registry, by=by, ignore_list=dlist)
        devices = lock_devices(dlist.device_items.values_list("device_id", flat=True))
        require_scrappable(
            devices, registry=dlist.registry, listed_copy_ids={c.pk for c in copies}, by=by, ignore_list=dlist
        )
        copy_reason = system_reason(
            "Destroyed under destruction list %(list)s on %(date)s: %(reason)s",
            list=dlist.label,
            date=executed_on.isoformat(),
            reason=reason,
        )
        for copy in copies:
            move(copy, to=CopyStatus.DESTROYED, by=by, reason=copy_reason)
        dlist.status = DestructionStatus.EXECUTED
        dlist.executed_by = by
        dlist.executed_on = executed_on
        dlist.executed_at = timezone.now()
        dlist.place = place
        dlist.method = method
        dlist.witness_1 = witness_1
        dlist.witness_2 = witness_2
        stamp(dlist, by=by, reason=reason).save()
        # Between recording the list executed and closing its entries: the only moment scrap_device accepts.
        for device in devices:
            scrap_device(device=device, destruction_list=dlist, by=by, reason=copy_reason)
        _close_items(dlist, by=by, reason=reason)
    return dlist
