"""The register of incidents (泄密事件, 违规): opened, reported to the secrecy bureau, investigated, closed.

Every kind is one register: a lost copy's incident (opened by the loss procedure or by dispatch's "not
received", documents.services.loss) and the others, opened here by `open_incident`, which other services
call too (a device check that found an Internet connection, with its `source`). Two clocks run from the
moment it was discovered: the report to the secrecy bureau within 24 hours, the investigation's result within
3 months. A late step is still recorded, and shows as late. A leader of the unit who did not report it
closes it; nothing is deleted.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.models import Incident, IncidentKind, IncidentStatus
from documents.selectors import may_know
from documents.services.errors import (
    InvalidInput,
    InvalidState,
    NotPermitted,
    SeparationOfDuties,
    first_refusal,
    raise_if,
)
from documents.services.recording import require_reason, stamp, visible_text
from people.names import person_name
from people.roles import Role
from people.selectors import has_role
from registers.selectors import KEEPERS, READERS

BUREAU_WITHIN = datetime.timedelta(hours=24)
RESULT_WITHIN_MONTHS = 3
TEXT_MAX_LENGTH = 4000
SOURCE_MAX_LENGTH = 200
# Kinds a person opens here; a lost copy is reported on the copy (it changes the copy too).
OPENED_HERE = [kind for kind in IncidentKind if kind != IncidentKind.LOST_COPY]


# The clocks ------------------------------------------------------------------------------------------------


def add_months(day, months):
    """`day` moved by `months` calendar months, the 31st becoming the month's last day (months may be negative)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def bureau_due(incident):
    return incident.discovered_at + BUREAU_WITHIN


def result_due(incident):
    return add_months(timezone.localtime(incident.discovered_at).date(), RESULT_WITHIN_MONTHS)


@dataclass
class Clock:
    """Where one deadline stands: `state` is done_in_time, done_late, running, overdue or stopped (closed undone)."""

    due: object  # a moment (the bureau) or a date (the result)
    done: object  # when it was done, or None
    state: str
    left: object = None  # running: the time (timedelta) or days (int) left; overdue: how much past

    @property
    def hours(self):
        """Whole hours left or past, of a clock that counts in time (the bureau's)."""
        return int(self.left.total_seconds() // 3600) if isinstance(self.left, datetime.timedelta) else None

    @property
    def flagged(self):
        return self.state in ("overdue", "done_late")


def bureau_clock(incident, now=None) -> Clock:
    now, due = now or timezone.now(), bureau_due(incident)
    if incident.bureau_reported_at is not None:
        return Clock(due, incident.bureau_reported_at, "done_in_time" if incident.bureau_reported_at <= due else "done_late")
    if not incident.is_open:
        return Clock(due, None, "stopped")
    return Clock(due, None, "running", due - now) if now <= due else Clock(due, None, "overdue", now - due)


def result_clock(incident, today=None) -> Clock:
    today, due = today or timezone.localdate(), result_due(incident)
    if incident.result_on is not None:
        return Clock(due, incident.result_on, "done_in_time" if incident.result_on <= due else "done_late")
    if not incident.is_open:
        return Clock(due, None, "stopped")
    return Clock(due, None, "running", (due - today).days) if today <= due else Clock(due, None, "overdue", (today - due).days)


def with_clocks(incidents):
    """Each incident with its `bureau_clock` and `result_clock` at this moment, for a page or a list to show."""
    now, today = timezone.now(), timezone.localdate()
    for incident in incidents:
        incident.bureau_clock, incident.result_clock = bureau_clock(incident, now), result_clock(incident, today)
    return incidents


def bureau_overdue(now=None) -> Q:
    """Open incidents not reported to the bureau 24 hours after they were discovered (the same as bureau_clock)."""
    return Q(status=IncidentStatus.OPEN, bureau_reported_at__isnull=True,
             discovered_at__lt=(now or timezone.now()) - BUREAU_WITHIN)


def result_overdue(today=None) -> Q:
    """Open incidents without a result after the due date of result_clock: discovered before this day 3 months ago."""
    since = add_months(today or timezone.localdate(), -RESULT_WITHIN_MONTHS)
    start = timezone.make_aware(datetime.datetime.combine(since, datetime.time.min))
    return Q(status=IncidentStatus.OPEN, result_on__isnull=True, discovered_at__lt=start)


# Who may do what ---------------------------------------------------------------------------------------------


def _unit_refusal(user, unit, roles, message):
    if not any(has_role(user, role, unit) for role in roles):
        return NotPermitted(message % {"unit": unit})
    return None


def keeper_refusal(user, unit):
    return _unit_refusal(user, unit, KEEPERS, _("Only a secrecy clerk or a leader of %(unit)s keeps its register of incidents."))


def _open_refusal(incident):
    if incident.status != IncidentStatus.OPEN:
        return InvalidState(_("This incident is closed; its record is no longer changed."))
    return None


def check_open_incident(unit, user):
    """Whoever of the unit's office discovers it enters it: a clerk, a leader, or an inspector (inspections find them)."""
    return _unit_refusal(user, unit, READERS,
                         _("Only a secrecy clerk, leader or inspector of %(unit)s enters an incident in its register."))


def check_report_to_bureau(incident, user):
    already = None
    if incident.bureau_reported_at is not None:
        already = InvalidState(_("This incident was reported to the secrecy bureau on %(date)s.") % {
            "date": timezone.localtime(incident.bureau_reported_at).strftime("%Y-%m-%d %H:%M")})
    return first_refusal(keeper_refusal(user, incident.unit), _open_refusal(incident), already)


def check_record_result(incident, user):
    already = None
    if incident.result_on is not None:
        already = InvalidState(_("The result of the investigation is recorded; further actions are follow-up."))
    return first_refusal(keeper_refusal(user, incident.unit), _open_refusal(incident), already)


def check_record_follow_up(incident, user):
    """May `user` add follow-up to this incident now? The reporter, a clerk or a leader of the unit, while open."""
    unit = incident.unit
    if not (user.pk == incident.reported_by_id or any(has_role(user, role, unit) for role in KEEPERS)):
        return NotPermitted(
            _("Only the reporter, a secrecy clerk or a leader of %(unit)s can record follow-up.") % {"unit": unit}
        )
    return _open_refusal(incident)


def check_close_incident(incident, user):
    """A leader of the unit who did not report it, while open; a lost copy's, one within the document's knowledge scope."""
    refusal = _unit_refusal(user, incident.unit, (Role.LEADER,), _("Only a leader of %(unit)s can do this."))
    if refusal is not None:
        return refusal
    if incident.copy_id is not None and not may_know(user, incident.copy.document):
        return NotPermitted(_("You are not in the knowledge scope of this document, so another leader must close it."))
    if user.pk == incident.reported_by_id:
        return SeparationOfDuties(_("You reported this incident; another leader must close it."))
    return _open_refusal(incident)


# The steps ---------------------------------------------------------------------------------------------------


def checked_text(value, field, errors, *, required_message=None, max_length=TEXT_MAX_LENGTH):
    """`value` trimmed; a message in `errors[field]` when it is required and empty, or too long."""
    value = visible_text(value)
    if required_message and not value:
        errors[field] = [required_message]
    elif len(value) > max_length:
        errors[field] = [_("Keep this under %d characters.") % max_length]
    return value


def _not_future(value, field, errors, now):
    if value is not None and value > now:
        errors[field] = [_("This time is in the future.")]


def lock_incident(incident):
    # Only the incident's row: its unit and copy are read, not changed.
    return (Incident.objects.select_for_update(of=("self",))
            .select_related("unit", "copy__document__registry").get(pk=incident.pk))


def open_incident(*, unit, kind, by, reason, circumstances, discovered_at, occurred_at=None, notified="",
                  source="") -> Incident:
    """Enter an incident of `kind` discovered at `discovered_at` in the register of `unit`; its clocks start then.

    `source` says in a few words what opened it when a procedure did (e.g. the device check of a computer).
    """
    reason = require_reason(reason)
    errors = {}
    now = timezone.now()
    if kind not in OPENED_HERE:
        errors["kind"] = [_("Choose the kind of incident. A lost copy is reported on the copy's page (Report lost).")]
    circumstances = checked_text(circumstances, "circumstances", errors,
                          required_message=_("Say what happened: where, what secrets, how it was found."))
    notified = checked_text(notified, "notified", errors)
    source = checked_text(source, "source", errors, max_length=SOURCE_MAX_LENGTH)
    if discovered_at is None:
        errors["discovered_at"] = [_("Give the moment the incident was discovered: the 24-hour clock starts then.")]
    _not_future(discovered_at, "discovered_at", errors, now)
    _not_future(occurred_at, "occurred_at", errors, now)
    if occurred_at and discovered_at and "discovered_at" not in errors and occurred_at > discovered_at:
        errors["occurred_at"] = [_("It happened before it was discovered, or at the same moment.")]
    if errors:
        raise InvalidInput(errors)
    raise_if(check_open_incident(unit, by))
    incident = Incident(kind=kind, unit=unit, reported_by=by, reported_at=now, discovered_at=discovered_at,
                        occurred_at=occurred_at, circumstances=circumstances, notified=notified, source=source)
    stamp(incident, by=by, reason=reason).save()
    return incident


def report_to_bureau(*, incident, by, reason, reported_at, report) -> Incident:
    """The moment the unit reported the incident to the secrecy bureau, and to whom and how; late is recorded too."""
    reason = require_reason(reason)
    errors = {}
    report = checked_text(report, "report", errors, max_length=500,
                   required_message=_("Say to whom and how: the bureau's office, the person, the reference."))
    if reported_at is None:
        errors["reported_at"] = [_("Give the moment of the report.")]
    _not_future(reported_at, "reported_at", errors, timezone.now())
    with transaction.atomic():
        incident = lock_incident(incident)
        raise_if(check_report_to_bureau(incident, by))
        if reported_at is not None and "reported_at" not in errors and reported_at < incident.discovered_at:
            errors["reported_at"] = [_("A report follows the discovery: this is before it was discovered.")]
        if errors:
            raise InvalidInput(errors)
        incident.bureau_reported_at, incident.bureau_report = reported_at, report
        stamp(incident, by=by, reason=reason).save()
    return incident


def record_result(*, incident, by, reason, result, concluded_on, held_responsible="") -> Incident:
    """The investigation's result, the day it was concluded, and who was held responsible (and how)."""
    reason = require_reason(reason)
    errors = {}
    result = checked_text(result, "result", errors, required_message=_("Write what the investigation found."))
    held_responsible = checked_text(held_responsible, "held_responsible", errors)
    if concluded_on is None:
        errors["concluded_on"] = [_("Give the day the investigation was concluded.")]
    elif concluded_on > timezone.localdate():
        errors["concluded_on"] = [_("This date is in the future.")]
    with transaction.atomic():
        incident = lock_incident(incident)
        raise_if(check_record_result(incident, by))
        if "concluded_on" not in errors and concluded_on < timezone.localtime(incident.discovered_at).date():
            errors["concluded_on"] = [_("An investigation concludes after the discovery: this is before it.")]
        if errors:
            raise InvalidInput(errors)
        incident.result, incident.result_on, incident.held_responsible = result, concluded_on, held_responsible
        stamp(incident, by=by, reason=reason).save()
    return incident


def _line(by, text, now):
    return f"{timezone.localtime(now):%Y-%m-%d %H:%M} {person_name(by)}: {text}"


def record_follow_up(*, incident, by, reason, action, notified="") -> Incident:
    """Add a follow-up action (and anyone newly told) to an open incident, dated and signed."""
    reason = require_reason(reason)
    errors = {}
    action = checked_text(action, "action", errors, required_message=_("Say what was done."))
    notified = checked_text(notified, "notified", errors)
    if errors:
        raise InvalidInput(errors)
    with transaction.atomic():
        incident = lock_incident(incident)
        raise_if(check_record_follow_up(incident, by))
        now = timezone.now()
        incident.follow_up = "\n".join(filter(None, [incident.follow_up, _line(by, action, now)]))
        if notified:
            incident.notified = "\n".join(filter(None, [incident.notified, _line(by, notified, now)]))
        stamp(incident, by=by, reason=reason).save()
    return incident


def close_incident(*, incident, by, reason, closing_note) -> Incident:
    """A leader of the unit, not the reporter, closes the incident with its conclusion.

    An incident closed before a result was recorded (a loss closed on its page) takes the conclusion as its
    result, dated today: every closed incident has one, and the 3-month clock judges it.
    """
    reason = require_reason(reason)
    errors = {}
    closing_note = checked_text(closing_note, "closing_note", errors,
                         required_message=_("Write the conclusion: what was found and what was done."))
    if errors:
        raise InvalidInput(errors)
    with transaction.atomic():
        incident = lock_incident(incident)
        raise_if(check_close_incident(incident, by))
        now = timezone.now()
        incident.status, incident.closed_by, incident.closed_at = IncidentStatus.CLOSED, by, now
        incident.closing_note = closing_note
        if incident.result_on is None:
            incident.result, incident.result_on = closing_note, timezone.localdate(now)
        stamp(incident, by=by, reason=reason).save()
    return incident
