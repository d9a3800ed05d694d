"""The marking of a unit's annual summary: the office's choice, recorded with its reason."""

from django.db import transaction
from django.utils.translation import gettext as _

from documents.levels import Level
from documents.services.errors import InvalidInput, NotPermitted
from documents.services.recording import require_reason, stamp
from inspections.models import AnnualSummary
from people.roles import Role
from people.selectors import has_any_role

MARKING_ROLES = (Role.CLERK, Role.LEADER)


def summary_marking(unit, year) -> Level:
    """The banner of the summary: internal unless the office chose otherwise."""
    level = AnnualSummary.objects.filter(unit=unit, year=year).values_list("level", flat=True).first()
    return Level(level if level is not None else Level.INTERNAL)


def check_choose_marking(unit, user):
    if not has_any_role(user, MARKING_ROLES, unit):
        return NotPermitted(_("Only the secrecy clerk or a leader of %(unit)s chooses the marking of its summary.")
                            % {"unit": unit})
    return None


def choose_marking(*, unit, year, level, by, reason) -> AnnualSummary:
    reason = require_reason(reason)
    if level not in Level.values:
        raise InvalidInput({"level": [_("Choose a marking.")]})
    refusal = check_choose_marking(unit, by)
    if refusal is not None:
        raise refusal
    with transaction.atomic():
        summary = AnnualSummary.objects.select_for_update().filter(unit=unit, year=year).first()
        summary = summary or AnnualSummary(unit=unit, year=year)
        summary.level, summary.level_reason, summary.level_chosen_by = level, reason, by
        stamp(summary, by=by, reason=reason).save()
    return summary
