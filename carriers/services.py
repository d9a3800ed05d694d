"""Classified computers and storage media: registration, custody, repair, what they carry, and scrapping.

Scrapping is not a step of its own: a device is scrapped by the destruction procedure
(documents.services.destruction), listed like a paper copy, approved by a leader who did
not prepare the list, and destroyed before two witnesses. This module only says which
devices may be listed (`require_scrappable`) and records the outcome (`scrap_device`).
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _, ngettext

from carriers.models import CarriedCopy, Device, DeviceStatus
from documents.levels import Level
from documents.models import (
    DestructionDeviceItem, DestructionList, DestructionStatus, InventoryDeviceItem, InventoryStatus, Medium,
)
from documents.models.copy import TERMINAL
from documents.punctuation import listing
from documents.selectors import visible_documents
from documents.services.errors import Conflict, InvalidInput, InvalidState, NotPermitted, first_refusal, raise_if
from documents.services.recording import require_reason, stamp
from people.roles import Role
from people.selectors import has_role

DEVICE_FIELDS = ("kind", "asset_number", "model_name", "serial_number", "level", "custodian", "location", "network")


def clerk_refusal(user, unit):
    """The refusal for anyone but a secrecy clerk of `unit`, or None."""
    if not has_role(user, Role.CLERK, unit):
        return NotPermitted(_("Only a secrecy clerk of %(unit)s keeps its device register.") % {"unit": unit})
    return None


def _require_clerk(user, unit):
    raise_if(clerk_refusal(user, unit))


def _final_refusal(device):
    if device.status == DeviceStatus.SCRAPPED:
        return InvalidState(_("%(device)s is scrapped; its record is final.") % {"device": device})
    return None


def _listed_refusal(device):
    """A device awaiting scrapping is frozen: nothing may be loaded on it and it is not sent away."""
    item = open_destruction_item(device)
    if item is not None:
        return InvalidState(
            _("%(device)s is on destruction list %(list)s; take it off the list first.")
            % {"device": device.asset_number, "list": item.list.label}
        )
    return None


# The checks: may `user` take this step on `device` now (role in its unit, its state, an open destruction
# entry)? Each service raises what its check returns, under its lock; the device page offers what they allow.


def check_change_custodian(device, user):
    return first_refusal(_final_refusal(device), clerk_refusal(user, device.unit))


def check_send_for_repair(device, user):
    refusal = check_change_custodian(device, user)
    if refusal is None and device.status != DeviceStatus.IN_USE:
        refusal = InvalidState(_("Only a device in use can be sent for repair."))
    return refusal or _listed_refusal(device)


def check_back_from_repair(device, user):
    refusal = check_change_custodian(device, user)
    if refusal is None and device.status != DeviceStatus.IN_REPAIR:
        refusal = InvalidState(_("This device is not in repair."))
    return refusal


def check_load_copy(device, user):
    """A removable medium records the electronic copies it carries (docs/decisions.md, Devices);
    a classified computer does not, so nothing is recorded on one."""
    refusal = check_change_custodian(device, user)
    if refusal is None and not device.is_storage_medium:
        refusal = InvalidState(_("Only a removable storage medium records the copies it carries."))
    return refusal or _listed_refusal(device)


def check_scrap(device, user):
    """May `user` put the device on a destruction list now? The destruction services check the rest
    (the list's registry, the copies it carries) with `require_scrappable`."""
    refusal = check_change_custodian(device, user)
    if refusal is None and device.status == DeviceStatus.IN_REPAIR:
        refusal = InvalidState(
            _("%(device)s is in repair (%(repairer)s); list it for scrapping once it is back.")
            % {"device": device.asset_number, "repairer": device.repair_note}
        )
    if refusal is None:
        item = open_destruction_item(device)
        if item is not None:
            refusal = InvalidState(
                _("%(device)s is on destruction list %(list)s. Nothing was done.")
                % {"device": device.asset_number, "list": item.list.label}
            )
    return refusal or _counted_refusal(device)


def _counted_refusal(device):
    """A device an open inventory is counting is not scrapped meanwhile, as a copy being counted is not destroyed."""
    item = open_inventory_item(device)
    if item is not None:
        return InvalidState(
            _("%(device)s is being counted by the open inventory of registry %(registry)s: it is not scrapped until "
              "the inventory is closed. Nothing was done.")
            % {"device": device.asset_number, "registry": item.inventory.registry.code}
        )
    return None


def register_device(*, unit, by, reason, **fields) -> Device:
    reason = require_reason(reason)
    _require_clerk(by, unit)
    device = Device(unit=unit, **{name: fields[name] for name in DEVICE_FIELDS if name in fields})
    try:
        device.full_clean()
    except ValidationError as error:
        raise InvalidInput(error.message_dict) from error
    stamp(device, by=by, reason=reason).save()
    return device


def _lock(device) -> Device:
    # Only the device row: locking its unit too would make two devices of one unit wait on each other.
    device = Device.objects.select_for_update(of=("self",)).select_related("unit").get(pk=device.pk)
    if device.status == DeviceStatus.SCRAPPED:
        raise InvalidState(_("%(device)s is scrapped; its record is final.") % {"device": device})
    return device


def change_custodian(*, device, custodian, by, reason) -> Device:
    reason = require_reason(reason)
    with transaction.atomic():
        device = _lock(device)
        raise_if(check_change_custodian(device, by))
        if custodian == device.custodian:
            raise InvalidInput({"custodian": [_("That person is already the custodian.")]})
        if not custodian.is_active:
            raise InvalidInput({"custodian": [_("That account is disabled.")]})
        device.custodian = custodian
        stamp(device, by=by, reason=reason).save()
    return device


def send_for_repair(*, device, repairer, by, reason) -> Device:
    reason = require_reason(reason)
    with transaction.atomic():
        device = _lock(device)
        raise_if(check_send_for_repair(device, by))
        device.status, device.repair_note = DeviceStatus.IN_REPAIR, repairer
        stamp(device, by=by, reason=reason).save()
    return device


def back_from_repair(*, device, by, reason) -> Device:
    reason = require_reason(reason)
    with transaction.atomic():
        device = _lock(device)
        raise_if(check_back_from_repair(device, by))
        device.status = DeviceStatus.IN_USE
        stamp(device, by=by, reason=reason).save()
    return device


def load_copy(*, device, copy, by, reason) -> CarriedCopy:
    """Record that an electronic copy is stored on a device; never a higher level than the device's."""
    reason = require_reason(reason)
    with transaction.atomic():
        device = _lock(device)
        raise_if(check_load_copy(device, by))
        if not visible_documents(by).filter(pk=copy.document_id).exists():
            raise NotPermitted(_("You cannot see that document."))
        document = copy.document
        if document.medium == Medium.PAPER:
            raise InvalidInput({"copy": [_("A paper copy is not stored on a device.")]})
        if document.level > device.level:
            raise InvalidInput({"copy": [
                _("%(device)s is marked %(device_level)s; it cannot carry a %(doc_level)s document.")
                % {"device": device.asset_number, "device_level": Level(device.level).label,
                   "doc_level": Level(document.level).label}
            ]})
        try:
            with transaction.atomic():
                carried = stamp(CarriedCopy(device=device, copy=copy, loaded_by=by), by=by, reason=reason)
                carried.save()
        except IntegrityError as error:
            raise Conflict(_("This copy is already recorded on this device.")) from error
    return carried


def check_erase_on(device, user):
    """May `user` record erasures on this medium at all? Not on one awaiting scrapping (its destruction list
    counts what it carries)."""
    return check_change_custodian(device, user) or _listed_refusal(device)


def check_erase_copy(carried, user):
    """May `user` record that this copy was erased from its medium? Not twice."""
    device = carried.device
    refusal = check_erase_on(device, user)
    if refusal is None and carried.erased_at is not None:
        refusal = InvalidState(_("This copy was erased from %(device)s on %(date)s.")
                               % {"device": device.asset_number,
                                  "date": timezone.localtime(carried.erased_at).date().isoformat()})
    return refusal


def erase_copy(*, carried, by, reason) -> CarriedCopy:
    """Record that the copy was erased from the medium (who, when, why); the record stays, marked erased."""
    reason = require_reason(reason)
    with transaction.atomic():
        _lock(carried.device)
        carried = CarriedCopy.objects.select_for_update(of=("self",)).select_related("device__unit").get(pk=carried.pk)
        raise_if(check_erase_copy(carried, by))
        carried.erased_at, carried.erased_by = timezone.now(), by
        stamp(carried, by=by, reason=reason).save()
    return carried


# Scrapping ------------------------------------------------------------------------------------


def open_destruction_item(device, *, ignore_list=None):
    """The open destruction list entry holding `device`, or None."""
    items = DestructionDeviceItem.objects.filter(device=device, is_open=True).select_related("list__registry")
    if ignore_list is not None:
        items = items.exclude(list=ignore_list)
    return items.first()


def open_inventory_item(device):
    """The entry of the open inventory counting `device`, or None."""
    items = InventoryDeviceItem.objects.filter(device=device, inventory__status=InventoryStatus.OPEN)
    return items.select_related("inventory__registry").first()


def lock_devices(devices) -> list[Device]:
    """Lock and return the devices, in pk order. Must run inside transaction.atomic()."""
    ids = sorted({getattr(d, "pk", d) for d in devices})
    locked = list(Device.objects.filter(pk__in=ids).order_by("pk").select_for_update(of=("self",)).select_related("unit"))
    if len(locked) != len(ids):
        raise InvalidState(_("One of the devices no longer exists."))
    return locked


def _carried_copies_message(device, copies, by):
    """Name the copies the actor may see; only count the others, which must stay unknown to them."""
    seen = set(visible_documents(by).filter(pk__in={c.document_id for c in copies}).values_list("pk", flat=True))
    names = [copy.label for copy in copies if copy.document_id in seen]
    hidden = len(copies) - len(names)
    if hidden:
        names.append(ngettext("%(n)d copy you cannot see", "%(n)d copies you cannot see", hidden) % {"n": hidden})
    return (
        _("%(device)s still carries %(copies)s. Scrapping the medium destroys them: put them on the same list "
          "(or destroy them first), then list the device.")
        % {"device": device.asset_number, "copies": listing(names)}
    )


def require_scrappable(devices, *, registry, listed_copy_ids, by, ignore_list=None):
    """Every (locked) device may be scrapped under a destruction list of `registry`; the first that may not
    refuses the whole batch, named in the message.

    A device must belong to the registry's unit, be in use (not in repair, not scrapped), be on no
    other open list and not be counted by an open inventory. Every electronic copy it still carries (not destroyed, returned or lost) must be
    among `listed_copy_ids`, the copies on the same list: scrapping a medium destroys what it carries,
    so that destruction too must be approved and witnessed, copy by copy.
    """
    for device in devices:
        if device.unit_id != registry.unit_id:
            raise InvalidState(
                _("%(device)s is registered to %(unit)s, not to the unit of registry %(registry)s.")
                % {"device": device.asset_number, "unit": device.unit, "registry": registry.code}
            )
        if device.status == DeviceStatus.SCRAPPED:
            raise InvalidState(_("%(device)s is already scrapped.") % {"device": device.asset_number})
        if device.status == DeviceStatus.IN_REPAIR:
            raise InvalidState(
                _("%(device)s is in repair (%(repairer)s); list it for scrapping once it is back.")
                % {"device": device.asset_number, "repairer": device.repair_note}
            )
        item = open_destruction_item(device, ignore_list=ignore_list)
        if item is not None:
            raise InvalidState(
                _("%(device)s is on destruction list %(list)s. Nothing was done.")
                % {"device": device.asset_number, "list": item.list.label}
            )
        raise_if(_counted_refusal(device))
        unlisted = [
            carried.copy
            for carried in CarriedCopy.objects.filter(device=device)
            .filter(erased_at__isnull=True)
            .exclude(copy__status__in=TERMINAL)
            .select_related("copy__document__registry")
            .order_by("copy__document__year", "copy__document__serial", "copy__number")
            if carried.copy_id not in listed_copy_ids
        ]
        if unlisted:
            raise InvalidState(_carried_copies_message(device, unlisted, by))


def scrap_device(*, device, destruction_list, by, reason) -> Device:
    """Record that a device was destroyed: its status becomes scrapped and its record is final.

    Called ONLY by documents.services.destruction.execute_destruction_list, inside its transaction,
    after the list has been recorded as executed (approval, date, place, method, two witnesses) and
    before its entries are closed. It refuses any other call: the list must be executed and must
    still hold the device on an open entry, which is true only inside that execution.
    """
    reason = require_reason(reason)
    with transaction.atomic():
        device = _lock(device)
        _require_clerk(by, device.unit)
        executing = DestructionList.objects.filter(
            pk=destruction_list.pk, status=DestructionStatus.EXECUTED,
            device_items__device=device, device_items__is_open=True,
        ).exists()
        if not executing:
            raise InvalidState(_("A device is scrapped only by carrying out an approved destruction list."))
        if device.status != DeviceStatus.IN_USE:
            raise InvalidState(
                _("%(device)s is %(status)s; it cannot be scrapped.")
                % {"device": device.asset_number, "status": device.get_status_display().lower()}
            )
        device.status = DeviceStatus.SCRAPPED
        stamp(device, by=by, reason=reason).save()
    return device
