"""The unit's register of secrecy rules (保密制度): adopting, correcting and withdrawing a rule.

A clerk or a leader of the unit keeps it; an inspector of the unit reads it. Every change is one
history row with its actor and reason; nothing is deleted (a rule no longer in force is withdrawn).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy

from documents.services.errors import InvalidInput, InvalidState, NotPermitted, first_refusal, raise_if
from documents.services.recording import require_reason, visible_text
from people.selectors import has_role
from registers.models import Rule
from registers.selectors import KEEPERS
from registers.services.entries import correct_entry, lock_entry, name_taken, save_entry, withdraw_entry

RULE_FIELDS = ("name", "scope", "adopted_on", "revised_on", "approved_by", "kept_at")
REQUIRED_TEXT = {
    "name": gettext_lazy("Give the rule's name as it was issued."),
    "approved_by": gettext_lazy("Say who approved the rule: the leader or the meeting that adopted it."),
    "kept_at": gettext_lazy("Say where the rule's text is kept, so that an inspector can ask for it."),
}


def keeper_refusal(user, unit):
    """The refusal for anyone but a secrecy clerk or a leader of `unit`, or None."""
    if not any(has_role(user, role, unit) for role in KEEPERS):
        return NotPermitted(_("Only a secrecy clerk or a leader of %(unit)s keeps its register of rules.") % {"unit": unit})
    return None


def _withdrawn_refusal(rule):
    if not rule.in_force:
        return InvalidState(_("“%(rule)s” was withdrawn on %(date)s; its record is final.")
                            % {"rule": rule.name, "date": rule.withdrawn_on.isoformat()})
    return None


def check_adopt_rule(unit, user):
    return keeper_refusal(user, unit)


def check_correct_rule(rule, user):
    return first_refusal(keeper_refusal(user, rule.unit), _withdrawn_refusal(rule))


check_withdraw_rule = check_correct_rule


def _cleaned(fields, *, unit, rule=None):
    """The rule's fields with their text trimmed of what cannot be seen, or InvalidInput naming each bad one."""
    values = {name: fields.get(name, getattr(rule, name, None) if rule else None) for name in RULE_FIELDS}
    errors = {}
    for name in ("name", "scope", "approved_by", "kept_at"):
        values[name] = visible_text(values[name])
    for name, message in REQUIRED_TEXT.items():
        if not values[name]:
            errors[name] = [str(message)]
    today = timezone.localdate()
    adopted, revised = values["adopted_on"], values["revised_on"]
    if adopted is None:
        errors["adopted_on"] = [_("Give the date the rule was adopted.")]
    elif adopted > today:
        errors["adopted_on"] = [_("A rule is registered once it is adopted: the date cannot be after today.")]
    if revised is not None and (revised > today or (adopted is not None and revised < adopted)):
        errors["revised_on"] = [_("A revision falls between the adoption and today.")]
    if values["name"] and name_taken(Rule, unit, values["name"], rule):
        errors["name"] = [_twin_message(unit)]
    if errors:
        raise InvalidInput(errors)
    return values


def _twin_message(unit):
    return _("A rule of this name is already in force in %(unit)s; correct that one or withdraw it first.") % {"unit": unit}


def adopt_rule(*, unit, by, reason, **fields) -> Rule:
    reason = require_reason(reason)
    raise_if(check_adopt_rule(unit, by))
    return save_entry(Rule(unit=unit, **_cleaned(fields, unit=unit)), by=by, reason=reason, twin_message=_twin_message)


def correct_rule(*, rule, by, reason, **fields) -> Rule:
    """Correct what the register says of a rule (a revision, a wrong date, where the text moved)."""
    reason = require_reason(reason)
    with transaction.atomic():
        rule = lock_entry(rule)
        raise_if(check_correct_rule(rule, by))
        return correct_entry(rule, _cleaned(fields, unit=rule.unit, rule=rule), by=by, reason=reason,
                             twin_message=_twin_message)


def withdraw_rule(*, rule, by, reason) -> Rule:
    """The rule is no longer in force from today; it stays in the register, marked withdrawn."""
    return withdraw_entry(rule, by=by, reason=reason, check=check_withdraw_rule)
