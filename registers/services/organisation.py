"""Organisation and responsibility (组织领导): the secrecy group, the responsibility letters, the yearly work plan.

A clerk or a leader of the unit keeps this register; an inspector of the unit reads it. Each step locks what it
changes, asks its `check_` function and writes one history row with actor and reason. Nothing is deleted:
a member leaves the group on a date, a letter is corrected or withdrawn, a plan is withdrawn, a task is done.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.selectors import eligible_custodians
from documents.services.errors import InvalidInput, InvalidState, NotPermitted, first_refusal, raise_if
from documents.services.recording import require_reason, stamp, visible_text
from people.roles import Role
from people.selectors import has_role
from registers.models import GroupMembership, PlanTask, Position, ResponsibilityLetter, WorkPlan
from registers.models.organisation import SINGLE_POSITIONS
from registers.selectors import KEEPERS
from registers.services.entries import correct_entry, lock_entry, save_entry, withdraw_entry

LETTER_FIELDS = ("party", "person", "signed_on", "valid_from", "valid_until")
TASK_FIELDS = ("task", "office", "responsible", "due_on")


def group_people(unit):
    """Who may sit in the unit's secrecy group or answer for a task: its active people in a secret-related role."""
    return eligible_custodians(unit)


def leaders_of(unit):
    return group_people(unit).filter(memberships__unit=unit, memberships__role=Role.LEADER).distinct()


def keeper_refusal(user, unit):
    if not any(has_role(user, role, unit) for role in KEEPERS):
        return NotPermitted(_("Only a secrecy clerk or a leader of %(unit)s keeps its register of organisation and "
                              "responsibility.") % {"unit": unit})
    return None


def _not_after_today(value, field, message, errors):
    if value is None:
        errors[field] = [_("Give the date.")]
    elif value > timezone.localdate():
        errors[field] = [message]


# --- The secrecy group ---------------------------------------------------------------------------------------


def check_appoint(unit, user):
    return keeper_refusal(user, unit)


def check_record_leaving(membership, user):
    refusal = keeper_refusal(user, membership.unit)
    if refusal is None and not membership.current:
        return InvalidState(_("%(person)s left this place on %(date)s; the record is final.")
                            % {"person": membership.person, "date": membership.left_on.isoformat()})
    return refusal


def _holder_message(unit):
    return _("Someone holds this place in %(unit)s already, or this person already has a place in its secrecy group: "
             "record their leaving first.") % {"unit": unit}


def appoint(*, unit, person, position, appointed_on, by, reason) -> GroupMembership:
    """`person` takes `position` in the unit's secrecy group (or becomes the leader in charge) from `appointed_on`."""
    reason = require_reason(reason)
    raise_if(check_appoint(unit, by))
    errors = {}
    if position not in Position.values:
        errors["position"] = [_("Choose the place in the group.")]
    people = leaders_of(unit) if position == Position.IN_CHARGE else group_people(unit)
    if person is None or not people.filter(pk=person.pk).exists():
        errors["person"] = [_("The leader in charge of secrecy work is a leader of %(unit)s.") % {"unit": unit}
                            if position == Position.IN_CHARGE else
                            _("Pick an active person of %(unit)s in a secret-related role.") % {"unit": unit}]
    _not_after_today(appointed_on, "appointed_on", _("An appointment is recorded once made: the date cannot be after "
                                                     "today."), errors)
    if errors:
        raise InvalidInput(errors)
    with transaction.atomic():
        current = GroupMembership.objects.filter(unit=unit, left_on__isnull=True)
        taken = current.filter(position=position) if position in SINGLE_POSITIONS else current.none()
        if position != Position.IN_CHARGE:
            taken = taken | current.exclude(position=Position.IN_CHARGE).filter(person=person)
        if taken.exists():
            raise InvalidInput({"person": [_holder_message(unit)]})
        membership = GroupMembership(unit=unit, person=person, position=position, appointed_on=appointed_on)
        return save_entry(membership, by=by, reason=reason, twin_message=_holder_message, field="person")


def record_leaving(*, membership, left_on, by, reason) -> GroupMembership:
    """The member leaves the place on `left_on` (left the group, or changed to another place: a new appointment)."""
    reason = require_reason(reason)
    with transaction.atomic():
        membership = lock_entry(membership)
        raise_if(check_record_leaving(membership, by))
        errors = {}
        _not_after_today(left_on, "left_on", _("A leaving is recorded once it happened: the date cannot be after today."),
                         errors)
        if not errors and left_on < membership.appointed_on:
            errors["left_on"] = [_("The date of leaving cannot be before the appointment (%(date)s).")
                                 % {"date": membership.appointed_on.isoformat()}]
        if errors:
            raise InvalidInput(errors)
        membership.left_on = left_on
        stamp(membership, by=by, reason=reason).save()
    return membership


# --- Responsibility letters ----------------------------------------------------------------------------------


def check_enter_letter(unit, user):
    return keeper_refusal(user, unit)


def check_correct_letter(letter, user):
    withdrawn = None
    if not letter.in_force:
        withdrawn = InvalidState(_("The letter with %(party)s was withdrawn on %(date)s; its record is final.")
                                 % {"party": letter.signed_with, "date": letter.withdrawn_on.isoformat()})
    return first_refusal(keeper_refusal(user, letter.unit), withdrawn)


check_withdraw_letter = check_correct_letter


def _letter_values(fields, *, unit, letter=None):
    values = {name: fields.get(name, getattr(letter, name, None) if letter else None) for name in LETTER_FIELDS}
    values["party"] = visible_text(values["party"])
    errors = {}
    if bool(values["party"]) == (values["person"] is not None):
        errors["party"] = [_("Say with whom the letter was signed: name the department or unit, or pick the person "
                             "(one of the two).")]
    elif values["person"] is not None and not group_people(unit).filter(pk=values["person"].pk).exists():
        errors["person"] = [_("Pick an active person of %(unit)s in a secret-related role.") % {"unit": unit}]
    _not_after_today(values["signed_on"], "signed_on", _("A letter is entered once signed: the date cannot be after "
                                                         "today."), errors)
    start, end = values["valid_from"], values["valid_until"]
    if start is None:
        errors["valid_from"] = [_("Give the date the letter is in force from.")]
    if end is None or (start is not None and end < start):
        errors["valid_until"] = [_("The letter is in force until a date on or after the date it starts.")]
    if errors:
        raise InvalidInput(errors)
    return values


def _no_twin(unit):
    return ""  # letters have no name that must be one of a kind


def enter_letter(*, unit, by, reason, **fields) -> ResponsibilityLetter:
    reason = require_reason(reason)
    raise_if(check_enter_letter(unit, by))
    letter = ResponsibilityLetter(unit=unit, **_letter_values(fields, unit=unit))
    return save_entry(letter, by=by, reason=reason, twin_message=_no_twin)


def correct_letter(*, letter, by, reason, **fields) -> ResponsibilityLetter:
    reason = require_reason(reason)
    with transaction.atomic():
        letter = lock_entry(letter)
        raise_if(check_correct_letter(letter, by))
        return correct_entry(letter, _letter_values(fields, unit=letter.unit, letter=letter), by=by, reason=reason,
                             twin_message=_no_twin)


def withdraw_letter(*, letter, by, reason) -> ResponsibilityLetter:
    return withdraw_entry(letter, by=by, reason=reason, check=check_withdraw_letter)


# --- The yearly work plan and its tasks ----------------------------------------------------------------------


def check_adopt_plan(unit, user):
    return keeper_refusal(user, unit)


def _plan_withdrawn(plan):
    if not plan.in_force:
        return InvalidState(_("The plan “%(plan)s” was withdrawn on %(date)s; its record is final.")
                            % {"plan": plan.title, "date": plan.withdrawn_on.isoformat()})
    return None


def check_withdraw_plan(plan, user):
    return first_refusal(keeper_refusal(user, plan.unit), _plan_withdrawn(plan))


check_add_task = check_withdraw_plan


def check_record_done(task, user):
    refusal = first_refusal(keeper_refusal(user, task.plan.unit), _plan_withdrawn(task.plan))
    if refusal is None and task.done:
        return InvalidState(_("This task was recorded done on %(date)s.") % {"date": task.done_on.isoformat()})
    return refusal


def _plan_message(unit):
    return _("%(unit)s has a work plan of this year already; withdraw it first to enter another.") % {"unit": unit}


def adopt_plan(*, unit, year, title, adopted_on, by, reason) -> WorkPlan:
    reason = require_reason(reason)
    raise_if(check_adopt_plan(unit, by))
    title, today, errors = visible_text(title), timezone.localdate(), {}
    if not title:
        errors["title"] = [_("Give the plan's title as it was issued.")]
    if year is None or not 2000 <= year <= today.year + 1:
        errors["year"] = [_("A plan is for this year, the next or a past one.")]
    _not_after_today(adopted_on, "adopted_on", _("A plan is entered once adopted: the date cannot be after today."),
                     errors)
    if year and WorkPlan.objects.filter(unit=unit, year=year, withdrawn_on__isnull=True).exists():
        errors["year"] = [_plan_message(unit)]
    if errors:
        raise InvalidInput(errors)
    plan = WorkPlan(unit=unit, year=year, title=title, adopted_on=adopted_on)
    return save_entry(plan, by=by, reason=reason, twin_message=_plan_message, field="year")


def withdraw_plan(*, plan, by, reason) -> WorkPlan:
    return withdraw_entry(plan, by=by, reason=reason, check=check_withdraw_plan)


def add_task(*, plan, by, reason, task, office, responsible, due_on) -> PlanTask:
    """A task of the plan, broken down to an office and the person who answers for it."""
    reason = require_reason(reason)
    task, office, errors = visible_text(task), visible_text(office), {}
    if not task:
        errors["task"] = [_("Say what is to be done.")]
    if not office:
        errors["office"] = [_("Name the office that carries the task out.")]
    if responsible is None or not group_people(plan.unit_id).filter(pk=responsible.pk).exists():
        errors["responsible"] = [_("Pick an active person of %(unit)s in a secret-related role.") % {"unit": plan.unit}]
    if due_on is None:
        errors["due_on"] = [_("Give the date the task is due.")]
    elif due_on < datetime.date(plan.year, 1, 1):
        errors["due_on"] = [_("A task of the plan for %(year)s is not due before that year.") % {"year": plan.year}]
    if errors:
        raise InvalidInput(errors)
    with transaction.atomic():
        # The plan's row is locked so that no task is added to a plan being withdrawn at that moment.
        plan = lock_entry(plan)
        raise_if(check_add_task(plan, by))
        entry = PlanTask(plan=plan, task=task, office=office, responsible=responsible, due_on=due_on)
        stamp(entry, by=by, reason=reason).save()
    return entry


def record_done(*, task, done_on, by, reason) -> PlanTask:
    reason = require_reason(reason)
    with transaction.atomic():
        task = PlanTask.objects.select_for_update(of=("self",)).select_related("plan__unit").get(pk=task.pk)
        raise_if(check_record_done(task, by))
        errors = {}
        _not_after_today(done_on, "done_on", _("A task is recorded done once done: the date cannot be after today."),
                         errors)
        if errors:
            raise InvalidInput(errors)
        task.done_on = done_on
        stamp(task, by=by, reason=reason).save()
    return task
