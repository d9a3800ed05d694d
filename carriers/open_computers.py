"""The register of non-classified computers (非涉密计算机登记): asset number, user, location, network.

Kept by the unit's secrecy clerks beside the device register, so that "no cross use" can be shown: a
non-classified computer never bears a classified device's asset number, and its network is named. Entries are
corrected with a reason or withdrawn (confirmed, with a reason and the date); nothing is deleted.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from carriers.models import Device, OpenComputer, OpenNetwork
from carriers.services import clerk_refusal
from documents.services.errors import InvalidInput, InvalidState, first_refusal, raise_if
from documents.services.recording import require_reason, visible_text
from registers.services.entries import correct_entry, lock_entry, save_entry, withdraw_entry

COMPUTER_FIELDS = ("asset_number", "user", "location", "network", "network_name")


def unit_people(*units):
    """Who may be named as the user of a non-classified computer: the active members of its unit, in any role."""
    return (get_user_model().objects.filter(is_active=True, memberships__unit__in=list(units)).distinct()
            .order_by("username"))


def _withdrawn_refusal(computer):
    if not computer.in_use:
        return InvalidState(_("%(computer)s was withdrawn on %(date)s; its record is final.")
                            % {"computer": computer.asset_number, "date": computer.withdrawn_on.isoformat()})
    return None


def check_register_computer(unit, user):
    return clerk_refusal(user, unit)


def check_correct_computer(computer, user):
    return first_refusal(clerk_refusal(user, computer.unit), _withdrawn_refusal(computer))


check_withdraw_computer = check_correct_computer


def _twin_message(unit):
    return _("A non-classified computer in use already has this asset number.")


def _cleaned(fields, *, unit, computer=None):
    values = {name: fields.get(name, getattr(computer, name, None) if computer else None) for name in COMPUTER_FIELDS}
    for name in ("asset_number", "location", "network_name"):
        values[name] = visible_text(values[name])
    errors = {}
    if not values["asset_number"]:
        errors["asset_number"] = [_("Give the computer's asset number.")]
    elif Device.objects.filter(asset_number=values["asset_number"]).exists():
        errors["asset_number"] = [_("%(asset)s is a classified device's asset number: a non-classified computer "
                                    "bears a number of its own.") % {"asset": values["asset_number"]}]
    else:
        twins = OpenComputer.objects.filter(asset_number=values["asset_number"], withdrawn_on__isnull=True)
        if computer is not None:
            twins = twins.exclude(pk=computer.pk)
        if twins.exists():
            errors["asset_number"] = [_twin_message(unit)]
    if not values["location"]:
        errors["location"] = [_("Say where it is: building, floor, room number.")]
    if values["network"] not in OpenNetwork.values:
        errors["network"] = [_("Choose the network it is connected to.")]
    user = values["user"]
    if user is None or not unit_people(unit).filter(pk=user.pk).exists():
        errors["user"] = [_("Pick an active person of %(unit)s.") % {"unit": unit}]
    if errors:
        raise InvalidInput(errors)
    return values


def register_computer(*, unit, by, reason, **fields) -> OpenComputer:
    reason = require_reason(reason)
    raise_if(check_register_computer(unit, by))
    computer = OpenComputer(unit=unit, **_cleaned(fields, unit=unit))
    try:
        # The partial unique constraint on the asset number holds if two clerks enter the same computer at once.
        return save_entry(computer, by=by, reason=reason, twin_message=_twin_message)
    except InvalidInput as error:
        raise InvalidInput({"asset_number": error.errors["name"]}) from error


def correct_computer(*, computer, by, reason, **fields) -> OpenComputer:
    reason = require_reason(reason)
    with transaction.atomic():
        computer = lock_entry(computer)
        raise_if(check_correct_computer(computer, by))
        values = _cleaned(fields, unit=computer.unit, computer=computer)
        try:
            return correct_entry(computer, values, by=by, reason=reason, twin_message=_twin_message)
        except InvalidInput as error:
            if "name" in error.errors:
                raise InvalidInput({"asset_number": error.errors["name"]}) from error
            raise


def withdraw_computer(*, computer, by, reason) -> OpenComputer:
    return withdraw_entry(computer, by=by, reason=reason, check=check_withdraw_computer)
