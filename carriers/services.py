"""Classified computers and storage media: registration, custody, repair, and what they carry."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from carriers.models import CarriedCopy, Device, DeviceStatus
from documents.levels import Level
from documents.models import Medium
from documents.selectors import visible_documents
from documents.services.errors import Conflict, InvalidInput, InvalidState, NotPermitted
from documents.services.recording import require_reason, stamp
from people.roles import Role
from people.selectors import has_role

DEVICE_FIELDS = ("kind", "asset_number", "model_name", "serial_number", "level", "custodian", "location", "network")


def _require_clerk(user, unit):
    if not has_role(user, Role.CLERK, unit):
        raise NotPermitted(_("Only a secrecy clerk of %(unit)s keeps its device register.") % {"unit": unit})


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
    device = Device.objects.select_for_update().select_related("unit").get(pk=device.pk)
    if device.status == DeviceStatus.SCRAPPED:
        raise InvalidState(_("%(device)s is scrapped; its record is final.") % {"device": device})
    return device


def change_custodian(*, device, custodian, by, reason) -> Device:
    reason = require_reason(reason)
    with transaction.atomic():
        device = _lock(device)
        _require_clerk(by, device.unit)
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
        _require_clerk(by, device.unit)
        if device.status != DeviceStatus.IN_USE:
            raise InvalidState(_("Only a device in use can be sent for repair."))
        device.status, device.repair_note = DeviceStatus.IN_REPAIR, repairer
        stamp(device, by=by, reason=reason).save()
    return device


def back_from_repair(*, device, by, reason) -> Device:
    reason = require_reason(reason)
    with transaction.atomic():
        device = _lock(device)
        _require_clerk(by, device.unit)
        if device.status != DeviceStatus.IN_REPAIR:
            raise InvalidState(_("This device is not in repair."))
        device.status = DeviceStatus.IN_USE
        stamp(device, by=by, reason=reason).save()
    return device


def load_copy(*, device, copy, by, reason) -> CarriedCopy:
    """Record that an electronic copy is stored on a device; never a higher level than the device's."""
    reason = require_reason(reason)
    with transaction.atomic():
        device = _lock(device)
        _require_clerk(by, device.unit)
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
