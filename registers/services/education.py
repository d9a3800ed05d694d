"""Education and publicity (宣传教育): entering an event of the unit and taking its attendance.

A clerk or a leader of the unit keeps the register; an inspector of the unit reads it. An event is entered once
held (its date is not after today); attendance is taken among the unit's active people, one person at a time,
present or absent, with the number of the certificate a present person was given. Taking a person's attendance
again corrects their line. Nothing is deleted: an event entered by mistake is withdrawn, its attendance kept.
"""

from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.services.errors import InvalidInput, InvalidState, NotPermitted, first_refusal, raise_if
from documents.services.recording import require_reason, stamp, visible_text
from people.names import person_name
from people.selectors import has_role
from registers.models import Attendance, EducationEvent, EventKind
from registers.selectors import KEEPERS, education_attendees
from registers.services.entries import correct_entry, lock_entry, save_entry, withdraw_entry

EVENT_FIELDS = ("kind", "name", "organiser", "held_on", "hours")
MAX_HOURS = Decimal("200")


def keeper_refusal(user, unit):
    if not any(has_role(user, role, unit) for role in KEEPERS):
        return NotPermitted(_("Only a secrecy clerk or a leader of %(unit)s keeps its register of education.")
                            % {"unit": unit})
    return None


def _withdrawn_refusal(event):
    if not event.in_use:
        return InvalidState(_("“%(event)s” was withdrawn on %(date)s; its record is final.")
                            % {"event": event.name, "date": event.withdrawn_on.isoformat()})
    return None


def check_enter_event(unit, user):
    return keeper_refusal(user, unit)


def check_correct_event(event, user):
    return first_refusal(keeper_refusal(user, event.unit), _withdrawn_refusal(event))


check_withdraw_event = check_correct_event
check_take_attendance = check_correct_event


def _hours(value):
    try:
        return Decimal(str(value)).quantize(Decimal("0.1")) if value not in (None, "") else None
    except (InvalidOperation, ValueError):
        return None


def _cleaned(fields, *, unit, event=None):
    values = {name: fields.get(name, getattr(event, name, None) if event else None) for name in EVENT_FIELDS}
    errors = {}
    values["name"], values["organiser"] = visible_text(values["name"]), visible_text(values["organiser"])
    if values["kind"] not in EventKind.values:
        errors["kind"] = [_("Choose the kind of event from the list.")]
    if not values["name"]:
        errors["name"] = [_("Give the event's title, e.g. the course or the film shown.")]
    if not values["organiser"]:
        errors["organiser"] = [_("Say who held it: the unit itself, or the secrecy bureau that ran the course.")]
    held_on = values["held_on"]
    if held_on is None:
        errors["held_on"] = [_("Give the date the event was held.")]
    elif held_on > timezone.localdate():
        errors["held_on"] = [_("An event is entered once held: the date cannot be after today.")]
    hours = _hours(values["hours"])
    # A journal subscription takes no one's time; every other event lasts at least half an hour.
    least = Decimal("0") if values["kind"] == EventKind.JOURNAL else Decimal("0.5")
    if hours is None or not least <= hours <= MAX_HOURS:
        errors["hours"] = [_("Give the hours it lasted, between %(least)s and %(most)s.") % {"least": least, "most": MAX_HOURS}]
    values["hours"] = hours
    if values["name"] and held_on and _twin(unit, values["name"], held_on, event):
        errors["name"] = [_twin_message(unit)]
    if errors:
        raise InvalidInput(errors)
    return values


def _twin(unit, name, held_on, event):
    twins = EducationEvent.objects.filter(unit=unit, name=name, held_on=held_on, withdrawn_on__isnull=True)
    return twins.exclude(pk=event.pk).exists() if event is not None else twins.exists()


def _twin_message(unit):
    return _("%(unit)s already has an event of this title on this date.") % {"unit": unit}


def enter_event(*, unit, by, reason, **fields) -> EducationEvent:
    reason = require_reason(reason)
    raise_if(check_enter_event(unit, by))
    return save_entry(EducationEvent(unit=unit, **_cleaned(fields, unit=unit)), by=by, reason=reason,
                      twin_message=_twin_message)


def correct_event(*, event, by, reason, **fields) -> EducationEvent:
    reason = require_reason(reason)
    with transaction.atomic():
        event = lock_entry(event)
        raise_if(check_correct_event(event, by))
        return correct_entry(event, _cleaned(fields, unit=event.unit, event=event), by=by, reason=reason,
                             twin_message=_twin_message)


def withdraw_event(*, event, by, reason) -> EducationEvent:
    return withdraw_entry(event, by=by, reason=reason, check=check_withdraw_event)


def take_attendance(*, event, by, person, present, certificate="", reason) -> Attendance:
    """`person` was at the event or was not; a second answer for the same person corrects the first."""
    reason = require_reason(reason)
    certificate = visible_text(certificate)
    errors = {}
    if person is None or not education_attendees(event.unit_id).filter(pk=person.pk).exists():
        errors["person"] = [_("Pick an active person of %(unit)s.") % {"unit": event.unit}]
    if present not in (True, False):
        errors["present"] = [_("Say whether the person was present.")]
    elif certificate and not present:
        errors["certificate"] = [_("Only someone present is given a certificate.")]
    if errors:
        raise InvalidInput(errors)
    try:
        with transaction.atomic():
            # The event's row is locked: no attendance is taken on an event being withdrawn at that moment, and
            # two clerks answering for the same person wait on each other instead of writing two lines.
            event = lock_entry(event)
            raise_if(check_take_attendance(event, by))
            attendance = (Attendance.objects.select_for_update().filter(event=event, person=person).first()
                          or Attendance(event=event, person=person, present=present))
            if attendance.pk and (attendance.present, attendance.certificate) == (present, certificate):
                raise InvalidInput({"present": [_("%(person)s's attendance already reads so.") % {"person": person_name(person)}]})
            attendance.present, attendance.certificate = present, certificate
            if not present:
                attendance.hours = None
            stamp(attendance, by=by, reason=reason).save()
    except IntegrityError as error:
        raise InvalidInput({"person": [_("The attendance of this person was just taken; look again.")]}) from error
    return attendance
