"""The inventory (清查): open, check every copy and every device, close with a result, and the inspector's sign-off.

Besides the registry's copies, an inventory counts the classified computers and
storage media of the registry's unit (设备、载体清查): the scan box takes a device's
asset number as it takes a copy's code, and a device has its own problem page.

Each step has its check (`check_<step>(target, user)`): the reason this user may
not take the step on this object now, or None. The step asks it under its lock;
pages and the API ask it to decide what to offer.
"""

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from carriers.models import Device, DeviceStatus
from documents.codes import parse_code
from documents.models import (
    DEVICE_RESULTS, DISCREPANCIES, Copy, CopyStatus, Inventory, InventoryDeviceItem, InventoryItem, InventoryStatus,
    ItemResult,
)
from documents.models.copy import HELD_BY_PERSON
from documents.reasons import system_reason
from documents.services.copies import lock_copies
from documents.services.errors import Conflict, InvalidInput, InvalidState, NotPermitted, raise_if
from documents.services.recording import require_reason, stamp
from documents.services.roles import clerk_refusal
from people.names import person_name
from people.roles import Role
from people.selectors import has_role

# The ledger says these copies are in the registry or out with someone.
CHECKED_STATUSES = (CopyStatus.IN_REGISTRY, CopyStatus.OUT, CopyStatus.ON_LOAN)
HELD = [status.value for status in HELD_BY_PERSON]


def check_open_inventory(registry, user):
    return clerk_refusal(user, registry)


def open_inventory(*, registry, by, reason) -> Inventory:
    reason = require_reason(reason)
    raise_if(check_open_inventory(registry, by))
    try:
        with transaction.atomic():
            inventory = stamp(Inventory(registry=registry, opened_by=by, purpose=reason), by=by, reason=reason)
            inventory.save()
            copies = Copy.objects.filter(document__registry=registry, status__in=CHECKED_STATUSES).order_by("pk")
            items = [
                InventoryItem(inventory=inventory, copy_id=copy_id, expected_status=status, expected_holder_id=holder_id)
                for copy_id, status, holder_id in copies.values_list("pk", "status", "holder_id").iterator()
            ]
            bulk_create_with_history(items, InventoryItem, batch_size=2000, default_user=by, default_change_reason=reason)
            devices = Device.objects.filter(unit=registry.unit_id).exclude(status=DeviceStatus.SCRAPPED).order_by("pk")
            device_items = [
                InventoryDeviceItem(
                    inventory=inventory, device_id=device_id, expected_status=status, expected_custodian_id=custodian_id
                )
                for device_id, status, custodian_id in devices.values_list("pk", "status", "custodian_id")
            ]
            bulk_create_with_history(
                device_items, InventoryDeviceItem, batch_size=2000, default_user=by, default_change_reason=reason
            )
    except IntegrityError as error:
        if "inventory_one_open_per_registry" in str(error):
            raise Conflict(_("An inventory of this registry is already open; finish it first.")) from error
        raise
    return inventory


def _lock(inventory) -> Inventory:
    return Inventory.objects.select_for_update(of=("self",)).select_related("registry__unit").get(pk=inventory.pk)


def _while_open(inventory, user):
    refusal = clerk_refusal(user, inventory.registry)
    if refusal is None and inventory.status != InventoryStatus.OPEN:
        refusal = InvalidState(_("This inventory is closed; nothing in it can change."))
    return refusal


def _copy_named(registry, parsed):
    return (
        Copy.objects.filter(document__registry=registry, number=parsed.copy, **parsed.document_filter("document__"))
        .select_related("document")
        .first()
    )


def find_copy_or_device(*, inventory, code):
    """The copy of the inventory's registry, or the device item of the inventory, a scanned code names.

    A copy code comes first; any other code is an asset number (any case, spaces around it ignored).
    A copy of another registry gets the same words as a code that names no copy at all, and a device of
    another unit, or scrapped, as one that names no device: the inventory says nothing of what lies outside it.
    """
    parsed = parse_code(code)
    if parsed is not None and parsed.copy is not None:
        copy = _copy_named(inventory.registry, parsed)
        if copy is not None:
            return copy
    asset_number = code.strip()
    device_item = (
        InventoryDeviceItem.objects.filter(inventory=inventory, device__asset_number__iexact=asset_number)
        .select_related("device")
        .first()
    ) if asset_number else None
    if device_item is not None:
        return device_item
    if parsed is not None and parsed.copy is not None:
        raise InvalidInput({"code": [_("No copy %(code)s in this registry.") % {"code": asset_number}]})
    raise InvalidInput({"code": [_("No copy or device %(code)s in this inventory.") % {"code": asset_number}]})


def check_mark_seen(inventory, user):
    return _while_open(inventory, user)


def mark_seen(*, inventory, code, by, reason=None):
    """The clerk has the copy in hand, or sees it with the holder the ledger names; or sees a device.

    A copy out with a reader or on loan is recorded "seen with its holder"; any
    other as "seen". Scanning a copy already checked changes nothing: the item
    comes back with `repeat` True, its `checked_by` and `checked_at` saying who
    checked it first and when. A copy recorded missing that turns up is seen.
    A device's asset number instead answers its InventoryDeviceItem, seen, by the same rules.
    """
    reason = reason or system_reason("Seen at inventory")
    with transaction.atomic():
        inventory = _lock(inventory)
        raise_if(check_mark_seen(inventory, by))
        found = find_copy_or_device(inventory=inventory, code=code)
        if isinstance(found, InventoryDeviceItem):
            return _device_seen(found, by=by, reason=reason)
        copy = found
        item = InventoryItem.objects.select_for_update(of=("self",)).filter(inventory=inventory, copy=copy).first()
        if item is None:
            # The ledger says this copy is gone (destroyed, returned, lost, archived), yet here it is.
            item = InventoryItem(
                inventory=inventory, copy=copy, expected_status=copy.status, result=ItemResult.UNEXPECTED,
                checked_by=by, checked_at=timezone.now(),
                note=system_reason("Found although the ledger says: %(status)s", status=CopyStatus(copy.status).label),
            )
            stamp(item, by=by, reason=reason).save()
            item.repeat = False
            return item
        item.copy = copy
        if item.result not in (ItemResult.PENDING, ItemResult.MISSING):
            item.repeat = True
            return item
        held = item.expected_status in HELD
        item.result = ItemResult.WITH_HOLDER if held else ItemResult.SEEN
        item.found_holder_id = item.expected_holder_id
        item.checked_by, item.checked_at = by, timezone.now()
        stamp(item, by=by, reason=reason).save()
        item.repeat = False
        return item


# What the clerk may record for one copy by hand, by what the ledger says of it.
RECORDABLE_HERE = (ItemResult.SEEN, ItemResult.DAMAGED, ItemResult.WRONG_HOLDER, ItemResult.MISSING)
RECORDABLE_HELD = (ItemResult.WITH_HOLDER, ItemResult.WRONG_HOLDER, ItemResult.DAMAGED, ItemResult.MISSING)


def recordable_results(item):
    return RECORDABLE_HELD if item.expected_status in HELD else RECORDABLE_HERE


def check_record_problem(item, user):
    refusal = _while_open(item.inventory, user)
    if refusal is None and item.expected_status not in CHECKED_STATUSES:
        refusal = InvalidState(_("The ledger says this copy is gone: it stays recorded as found unexpectedly."))
    return refusal


def record_problem(*, item, result, by, reason, found_holder=None, note="") -> InventoryItem:
    """What the clerk found for one copy: seen (with its holder), missing, damaged, or with someone else."""
    reason = require_reason(reason)
    raise_if(check_record_problem(item, by))  # before the input: a copy found unexpectedly has no choices to make
    if result not in recordable_results(item):
        raise InvalidInput({"result": [_("Choose what was found.")]})
    if result == ItemResult.WRONG_HOLDER and found_holder is None:
        raise InvalidInput({"found_holder": [_("Say who actually holds the copy.")]})
    with transaction.atomic():
        inventory = _lock(item.inventory)
        item = InventoryItem.objects.select_for_update(of=("self",)).get(pk=item.pk)
        item.inventory = inventory
        raise_if(check_record_problem(item, by))
        item.result = result
        item.found_holder = found_holder if result == ItemResult.WRONG_HOLDER else item.expected_holder
        item.note = note
        item.checked_by, item.checked_at = by, timezone.now()
        stamp(item, by=by, reason=reason).save()
    return item


def _device_seen(item, *, by, reason):
    item = InventoryDeviceItem.objects.select_for_update(of=("self",)).select_related("device").get(pk=item.pk)
    if item.result not in (ItemResult.PENDING, ItemResult.MISSING):
        item.repeat = True
        return item
    item.result = ItemResult.SEEN
    item.found_custodian_id = item.expected_custodian_id
    item.checked_by, item.checked_at = by, timezone.now()
    stamp(item, by=by, reason=reason).save()
    item.repeat = False
    return item


# What the clerk may record for one device by hand.
RECORDABLE_DEVICE = tuple(result for result in DEVICE_RESULTS if result != ItemResult.PENDING)


def check_record_device_problem(item, user):
    return _while_open(item.inventory, user)


def record_device_problem(*, item, result, by, reason, found_custodian=None, note="") -> InventoryDeviceItem:
    """What the clerk found of one device: seen after all, damaged (seals broken), with someone else, or missing."""
    reason = require_reason(reason)
    raise_if(check_record_device_problem(item, by))
    if result not in RECORDABLE_DEVICE:
        raise InvalidInput({"result": [_("Choose what was found.")]})
    if result == ItemResult.WRONG_HOLDER:
        if found_custodian is None:
            raise InvalidInput({"found_custodian": [_("Say who actually has the device.")]})
        if found_custodian.pk == item.expected_custodian_id:
            raise InvalidInput({"found_custodian": [_("That is its custodian: record the device seen.")]})
    with transaction.atomic():
        inventory = _lock(item.inventory)
        item = InventoryDeviceItem.objects.select_for_update(of=("self",)).select_related("device").get(pk=item.pk)
        item.inventory = inventory
        raise_if(check_record_device_problem(item, by))
        item.result = result
        item.found_custodian = found_custodian if result == ItemResult.WRONG_HOLDER else item.expected_custodian
        item.note = note
        item.checked_by, item.checked_at = by, timezone.now()
        stamp(item, by=by, reason=reason).save()
    return item


def inventory_progress(inventory):
    """Where the check stands, in the words the clerk closes by: one query for the copies, one for the devices."""
    counts = inventory.items.order_by().aggregate(
        total=Count("pk"),
        seen=Count("pk", filter=Q(result=ItemResult.SEEN)),
        with_holder=Count("pk", filter=Q(result=ItemResult.WITH_HOLDER)),
        pending_here=Count("pk", filter=Q(result=ItemResult.PENDING) & ~Q(expected_status__in=HELD)),
        pending_held=Count("pk", filter=Q(result=ItemResult.PENDING, expected_status__in=HELD)),
        problems=Count("pk", filter=Q(result__in=DISCREPANCIES)),
    )
    counts["pending"] = counts["pending_here"] + counts["pending_held"]
    devices = inventory.device_items.order_by().aggregate(
        devices_total=Count("pk"),
        devices_seen=Count("pk", filter=Q(result=ItemResult.SEEN)),
        devices_pending=Count("pk", filter=Q(result=ItemResult.PENDING)),
        devices_problems=Count("pk", filter=Q(result__in=DISCREPANCIES)),
    )
    counts.update(devices)
    return counts


def check_close_inventory(inventory, user):
    return _while_open(inventory, user)


def close_inventory(*, inventory, by, reason) -> Inventory:
    """The result accounts for every copy: one in the registry not seen by now is missing;
    one out with a holder nobody confirmed is "not confirmed with its holder", to follow up, not lost.
    A device not seen by now is missing (its custodian keeps it in the unit: there is no holder to confirm)."""
    reason = require_reason(reason)
    with transaction.atomic():
        inventory = _lock(inventory)
        raise_if(check_close_inventory(inventory, by))
        pending = InventoryItem.objects.select_for_update(of=("self",)).filter(inventory=inventory, result=ItemResult.PENDING)
        for item in pending.order_by("pk"):
            if item.expected_status in HELD:
                item.result = ItemResult.UNCONFIRMED
                item.note = item.note or system_reason("Not confirmed with its holder when the inventory was closed")
            else:
                item.result = ItemResult.MISSING
                item.note = item.note or system_reason("Not found when the inventory was closed")
            stamp(item, by=by, reason=reason).save()
        pending_devices = InventoryDeviceItem.objects.select_for_update(of=("self",)).filter(
            inventory=inventory, result=ItemResult.PENDING
        )
        for item in pending_devices.order_by("pk"):
            item.result = ItemResult.MISSING
            item.note = item.note or system_reason("Not found when the inventory was closed")
            stamp(item, by=by, reason=reason).save()
        inventory.status, inventory.closed_by, inventory.closed_at = InventoryStatus.CLOSED, by, timezone.now()
        stamp(inventory, by=by, reason=reason).save()
    return inventory


def check_sign_off(inventory, user):
    if not has_role(user, Role.INSPECTOR, inventory.registry.unit):
        return NotPermitted(_("Only an inspector of %(unit)s signs an inventory off.") % {"unit": inventory.registry.unit})
    if inventory.status != InventoryStatus.CLOSED:
        return InvalidState(_("Only a closed inventory, not yet signed off, can be signed off."))
    return None


def sign_off(*, inventory, by, note, reason=None) -> Inventory:
    reason = require_reason(reason or note)
    with transaction.atomic():
        inventory = _lock(inventory)
        raise_if(check_sign_off(inventory, by))
        inventory.status = InventoryStatus.SIGNED_OFF
        inventory.signed_off_by, inventory.signed_off_at, inventory.sign_off_note = by, timezone.now(), note
        stamp(inventory, by=by, reason=reason).save()
    return inventory


def inventory_result(inventory):
    """Counts per result and every discrepancy, for the page and the printed result."""
    counts = dict(inventory.items.values_list("result").annotate(n=Count("pk")).values_list("result", "n"))
    discrepancies = (
        inventory.items.filter(result__in=DISCREPANCIES)
        .select_related("copy__document", "expected_holder", "found_holder")
        .order_by("copy__document__year", "copy__document__serial", "copy__number")
    )
    total = sum(counts.values())
    device_counts = dict(inventory.device_items.values_list("result").annotate(n=Count("pk")).values_list("result", "n"))
    return {
        "counts": [(value, label, counts.get(value, 0)) for value, label in ItemResult.choices],
        "total": total,
        "discrepancies": discrepancies,
        "held_out": inventory.items.filter(expected_status__in=HELD).count(),
        "device_counts": [(result.value, result.label, device_counts.get(result.value, 0)) for result in DEVICE_RESULTS],
        "devices_total": sum(device_counts.values()),
        "device_discrepancies": device_rows(inventory).filter(result__in=DISCREPANCIES),
    }


def device_rows(inventory):
    """The devices of an inventory in the register's order, with what their rows show."""
    return inventory.device_items.select_related(
        "device", "expected_custodian", "found_custodian", "checked_by"
    ).order_by("device__asset_number", "pk")


def missing_circumstances(inventory, item):
    """What a loss report says of a copy the inventory did not find (the clerk may not retype it)."""
    closer = person_name(inventory.closed_by)
    text = system_reason(
        "Not found at the inventory of %(registry)s opened %(opened)s (%(purpose)s), closed %(closed)s by %(closer)s.",
        registry=inventory.registry.code,
        opened=timezone.localtime(inventory.opened_at).strftime("%Y-%m-%d"),
        purpose=inventory.purpose,
        closed=timezone.localtime(inventory.closed_at).strftime("%Y-%m-%d %H:%M") if inventory.closed_at else "—",
        closer=closer,
    )
    if item.note:
        text += "\n" + system_reason("Inventory note: %(note)s", note=item.note)
    return text


def missing_to_report(inventory, items=None):
    """The items `report_missing` would report lost: found missing, their copy not reported lost already."""
    missing = inventory.items.filter(result=ItemResult.MISSING).exclude(copy__status=CopyStatus.LOST)
    if items is not None:
        missing = missing.filter(pk__in=[getattr(item, "pk", item) for item in items])
    return missing.select_related("copy__document").order_by("copy_id")


def check_report_missing(inventory, user):
    refusal = clerk_refusal(user, inventory.registry)
    if refusal is None and inventory.status == InventoryStatus.OPEN:
        refusal = InvalidState(_("Close the inventory first: only its result says which copies are missing."))
    if refusal is None and not missing_to_report(inventory).exists():
        refusal = InvalidState(_("Every missing copy of this inventory is already reported lost."))
    return refusal


def report_missing(*, inventory, by, reason, items=None) -> list:
    """Report the copies a closed inventory found missing as lost, all or nothing; returns the new incidents.

    `items` narrows it to some missing items (one click per copy); copies
    already reported lost are left out, so nothing is reported twice.
    """
    from documents.services.loss import report_loss  # loss imports circulation and borrowing; keep this module light

    reason = require_reason(reason)
    with transaction.atomic():
        inventory = (
            Inventory.objects.select_for_update(of=("self",)).select_related("registry__unit", "closed_by").get(pk=inventory.pk)
        )
        raise_if(check_report_missing(inventory, by))
        missing = inventory.items.filter(result=ItemResult.MISSING).order_by("copy_id")
        if items is not None:
            missing = missing.filter(pk__in=[getattr(item, "pk", item) for item in items])
        missing = list(missing)
        if items is not None and len(missing) != len({getattr(item, "pk", item) for item in items}):
            raise InvalidInput({"items": [_("Only copies this inventory found missing can be reported from it.")]})
        copies = {copy.pk: copy for copy in lock_copies([item.copy_id for item in missing])}
        to_report = [item for item in missing if copies[item.copy_id].status != CopyStatus.LOST]
        if not to_report:
            raise InvalidState(_("Every missing copy of this inventory is already reported lost."))
        return [
            report_loss(
                copy=copies[item.copy_id], by=by, reason=reason, circumstances=missing_circumstances(inventory, item)
            )
            for item in to_report
        ]


def copies_under_open_inventory():
    """Copies an open inventory is counting: they may not be destroyed or recovered meanwhile."""
    return Copy.objects.filter(inventory_items__inventory__status=InventoryStatus.OPEN)
