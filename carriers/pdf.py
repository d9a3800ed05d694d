"""The printed device register (涉密计算机及移动存储介质登记) of a unit."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _, gettext_lazy

from carriers.selectors import visible_devices
from documents.services.errors import NotPermitted
from documents.pdf.ledgers import Ledger
from people.models import Unit
from people.names import person_name
from people.roles import Role
from people.selectors import units_where

REGISTER_ROLES = (Role.CLERK, Role.LEADER, Role.INSPECTOR)


def device_rows(user, unit):
    devices = visible_devices(user).filter(unit=unit).order_by("asset_number")
    return [
        {
            "level": device.level,
            "asset_number": device.asset_number,
            "kind": device.get_kind_display(),
            "model_name": device.model_name,
            "serial_number": device.serial_number,
            "level_label": device.get_level_display(),
            "custodian": person_name(device.custodian),
            "location": device.location,
            "network": device.get_network_display(),
            "status": device.get_status_display(),
        }
        for device in devices
    ]


def device_register_ledger(user, params) -> Ledger:
    unit = units_where(user, *REGISTER_ROLES).filter(pk=params["unit"]).first()
    if unit is None:
        # A custodian sees their own device but does not keep the unit's register; anyone else: no such unit.
        custodian_of = get_object_or_404(Unit.objects.filter(pk__in=visible_devices(user).values("unit")), pk=params["unit"])
        raise NotPermitted(
            _("Only a secrecy clerk, leader or inspector of %(unit)s prints its device register.") % {"unit": custodian_of}
        )
    rows = device_rows(user, unit)
    return Ledger.of_rows(
        unit,
        rows,
        kind="device_register",
        template="carriers/pdf/device_register.html",
        name=gettext_lazy("Register of classified computers and storage media"),
    )
