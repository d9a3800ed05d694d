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
            "key_department": device.unit.is_key_department,
        }
        for device in devices
    ]


def _register_unit(user, params):
    unit = units_where(user, *REGISTER_ROLES).filter(pk=params["unit"]).first()
    if unit is None:
        # A custodian sees their own device but does not keep the unit's register; anyone else: no such unit.
        custodian_of = get_object_or_404(Unit.objects.filter(pk__in=visible_devices(user).values("unit")), pk=params["unit"])
        raise NotPermitted(
            _("Only a secrecy clerk, leader or inspector of %(unit)s prints its device register.") % {"unit": custodian_of}
        )
    return unit


def device_register_ledger(user, params) -> Ledger:
    unit = _register_unit(user, params)
    rows = device_rows(user, unit)
    return Ledger.of_rows(
        unit,
        rows,
        kind="device_register",
        template="carriers/pdf/device_register.html",
        name=gettext_lazy("Register of classified computers and storage media"),
    )


def device_check_ledger(user, params) -> Ledger:
    """The periodic checks of a unit's devices, newest first: each point found wanting named."""
    from carriers.selectors import visible_periodic_checks

    unit = _register_unit(user, params)
    rows = [
        {
            "level": check.device.level,
            "checked_on": check.checked_on.isoformat(),
            "asset_number": check.device.asset_number,
            "kind": check.device.get_kind_display(),
            "failed": check.failed_points_text(),
            "result": check.get_result_display(),
            "findings": check.findings,
            "checked_by": person_name(check.checked_by),
        }
        for check in visible_periodic_checks(user).filter(device__unit=unit).order_by("-checked_on", "-pk")
    ]
    return Ledger.of_rows(unit, rows, kind="device_check_register", template="carriers/pdf/device_check_register.html",
                          name=gettext_lazy("Periodic checks of classified computers and storage media"))


def medium_loan_ledger(user, params) -> Ledger:
    """The loans of a unit's media, newest first, with how each came back (or that it is overdue)."""
    from carriers.selectors import visible_medium_loans

    unit = _register_unit(user, params)
    rows = []
    for loan in visible_medium_loans(user).filter(device__unit=unit).order_by("-lent_on", "-pk"):
        if loan.returned_on is None:
            state = _("Overdue") if loan.is_overdue else _("Out")
        else:
            state = _("Returned complete") if loan.returned_complete else _("Returned incomplete")
        rows.append({
            "level": loan.device.level,
            "asset_number": loan.device.asset_number,
            "borrower": person_name(loan.borrower),
            "lent_on": loan.lent_on.isoformat(),
            "due_on": loan.due_on.isoformat(),
            "returned_on": loan.returned_on.isoformat() if loan.returned_on else "",
            "state": state,
            "note": loan.return_note,
        })
    return Ledger.of_rows(unit, rows, kind="medium_loan_register", template="carriers/pdf/medium_loan_register.html",
                          name=gettext_lazy("Loans of storage media"))


def open_computer_ledger(user, params) -> Ledger:
    """A unit's non-classified computers: they carry no level, so the print carries no banner."""
    from carriers.selectors import visible_open_computers

    unit = _register_unit(user, params)
    rows = [
        {
            "level": None,
            "asset_number": computer.asset_number,
            "user": person_name(computer.user),
            "location": computer.location,
            "network": computer.get_network_display(),
            "network_name": computer.network_name,
            "withdrawn_on": computer.withdrawn_on.isoformat() if computer.withdrawn_on else "",
        }
        for computer in visible_open_computers(user).filter(unit=unit).order_by("asset_number", "pk")
    ]
    return Ledger.of_rows(unit, rows, kind="open_computer_register", template="carriers/pdf/open_computer_register.html",
                          name=gettext_lazy("Register of non-classified computers"))
