"""Key departments' key parts (要害部位): registering a room or place with its protections, and checking it.

A clerk or a leader of the unit registers and corrects its key parts; a check of a part's protections is
recorded by whoever made it, a clerk, leader or inspector of the unit, on the day it was made or later,
with its findings. Nothing is deleted: a room that is no longer a key part is withdrawn.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.selectors import eligible_custodians
from documents.services.errors import InvalidInput, InvalidState, NotPermitted, first_refusal, raise_if
from documents.services.recording import require_reason, stamp, visible_text
from people.selectors import has_role
from registers.models import CheckResult, KeyPart, KeyPartCheck, Protection
from registers.selectors import KEEPERS, READERS
from registers.services.entries import correct_entry, lock_entry, name_taken, save_entry, withdraw_entry

PART_FIELDS = ("name", "location", "protections", "responsible")


def keeper_refusal(user, unit):
    if not any(has_role(user, role, unit) for role in KEEPERS):
        return NotPermitted(_("Only a secrecy clerk or a leader of %(unit)s keeps its register of key parts.") % {"unit": unit})
    return None


def _withdrawn_refusal(part):
    if not part.in_use:
        return InvalidState(_("%(part)s is no longer a key part (since %(date)s); its record is final.")
                            % {"part": part.name, "date": part.withdrawn_on.isoformat()})
    return None


def check_register_part(unit, user):
    return keeper_refusal(user, unit)


def check_correct_part(part, user):
    return first_refusal(keeper_refusal(user, part.unit), _withdrawn_refusal(part))


check_withdraw_part = check_correct_part


def check_record_check(part, user):
    if not any(has_role(user, role, part.unit) for role in READERS):
        return NotPermitted(_("Only a secrecy clerk, leader or inspector of %(unit)s records a check of its key parts.")
                            % {"unit": part.unit})
    return _withdrawn_refusal(part)


def _cleaned(fields, *, unit, part=None):
    values = {name: fields.get(name, getattr(part, name, None) if part else None) for name in PART_FIELDS}
    errors = {}
    values["name"], values["location"] = visible_text(values["name"]), visible_text(values["location"])
    if not values["name"]:
        errors["name"] = [_("Name the room or place, e.g. the confidential archive room.")]
    if not values["location"]:
        errors["location"] = [_("Say where it is: building, floor, room number.")]
    known = {choice for choice, _label in Protection.choices}
    protections = list(dict.fromkeys(values["protections"] or []))
    if any(key not in known for key in protections):
        errors["protections"] = [_("Choose the protections from the list.")]
    values["protections"] = [key for key in (choice for choice, _label in Protection.choices) if key in protections]
    responsible = values["responsible"]
    if responsible is None or not eligible_custodians(unit).filter(pk=responsible.pk).exists():
        errors["responsible"] = [_("Pick an active person of %(unit)s in a secret-related role.") % {"unit": unit}]
    if values["name"] and name_taken(KeyPart, unit, values["name"], part):
        errors["name"] = [_twin_message(unit)]
    if errors:
        raise InvalidInput(errors)
    return values


def _twin_message(unit):
    return _("%(unit)s already has a key part of this name.") % {"unit": unit}


def register_part(*, unit, by, reason, **fields) -> KeyPart:
    reason = require_reason(reason)
    raise_if(check_register_part(unit, by))
    return save_entry(KeyPart(unit=unit, **_cleaned(fields, unit=unit)), by=by, reason=reason, twin_message=_twin_message)


def correct_part(*, part, by, reason, **fields) -> KeyPart:
    reason = require_reason(reason)
    with transaction.atomic():
        part = lock_entry(part)
        raise_if(check_correct_part(part, by))
        return correct_entry(part, _cleaned(fields, unit=part.unit, part=part), by=by, reason=reason,
                             twin_message=_twin_message)


def withdraw_part(*, part, by, reason) -> KeyPart:
    return withdraw_entry(part, by=by, reason=reason, check=check_withdraw_part)


def record_check(*, part, by, checked_on, result, findings="", reason) -> KeyPartCheck:
    """The check `by` made of the part's protections on `checked_on`; problems found are written down."""
    reason = require_reason(reason)
    findings = visible_text(findings)
    errors = {}
    if checked_on is None or checked_on > timezone.localdate():
        errors["checked_on"] = [_("A check is recorded once made: the date cannot be after today.")]
    if result not in CheckResult.values:
        errors["result"] = [_("Say whether the protections were sound.")]
    elif result == CheckResult.PROBLEMS and not findings:
        errors["findings"] = [_("Write down the problems the check found.")]
    if errors:
        raise InvalidInput(errors)
    with transaction.atomic():
        # The part's row is locked so that a check is never recorded on a part being withdrawn at that moment.
        part = lock_entry(part)
        raise_if(check_record_check(part, by))
        check = KeyPartCheck(part=part, checked_on=checked_on, checked_by=by, result=result, findings=findings)
        stamp(check, by=by, reason=reason).save()
    return check
