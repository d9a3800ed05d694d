"""Loss (丢失): reporting a copy lost opens an incident; a leader other than the reporter closes it."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.models import CopyStatus, Incident, IncidentStatus
from documents.models.copy import HELD_BY_PERSON
from documents.reasons import system_reason
from documents.selectors import visible_documents
from documents.services import borrowing
from documents.services.circulation import end_on_loss, name_of
from documents.services.copies import lock_copy, move, move_refusal
from documents.services.errors import (
    Conflict,
    InvalidInput,
    InvalidState,
    NotPermitted,
    SeparationOfDuties,
    raise_if,
)
from documents.services.recording import require_reason, stamp, visible_text
from documents.services.roles import leader_refusal
from people.roles import Role
from people.selectors import has_role

TEXT_MAX_LENGTH = 4000


def _text(value, field, errors, *, required_message=None):
    value = visible_text(value)
    if required_message and not value:
        errors[field] = [required_message]
    elif len(value) > TEXT_MAX_LENGTH:
        errors[field] = [_("Keep this under %d characters.") % TEXT_MAX_LENGTH]
    return value


def check_report_loss(copy, user):
    """May `user` report `copy` lost now? Its holder, or a clerk of its registry, while it is not gone for good."""
    is_holder = copy.status in HELD_BY_PERSON and copy.holder_id == user.pk
    unit = copy.document.registry.unit
    if not is_holder and not has_role(user, Role.CLERK, unit):
        return NotPermitted(
            _("Only the person holding the copy or a secrecy clerk of %(unit)s can report it lost.") % {"unit": unit}
        )
    if copy.status == CopyStatus.LOST:
        return InvalidState(_("Copy %(copy)s is already reported lost.") % {"copy": copy.label})
    if copy.status == CopyStatus.IN_TRANSIT:
        # Nobody here holds it: whether it arrived is the dispatch's to settle, on the recipient's side.
        return InvalidState(_("Copy %(copy)s is in transit: if it does not arrive, its recipient reports it not "
                              "received on the dispatch.") % {"copy": copy.label})
    return move_refusal(copy, CopyStatus.LOST)


def report_loss(*, copy, by, reason, circumstances, occurred_at=None, notified="") -> Incident:
    """The holder of a copy, or a clerk of its registry, reports it lost; the copy becomes lost for good."""
    reason = require_reason(reason)
    errors = {}
    circumstances = _text(
        circumstances,
        "circumstances",
        errors,
        required_message=_("Describe the circumstances: where the copy was last seen and how it was found missing."),
    )
    notified = _text(notified, "notified", errors)
    now = timezone.now()
    if occurred_at is not None and occurred_at > now:
        errors["occurred_at"] = [_("This time is in the future.")]
    if errors:
        raise InvalidInput(errors)
    try:
        with transaction.atomic():
            copy = lock_copy(copy)
            raise_if(check_report_loss(copy, by))
            holder = copy.holder
            move(copy, to=CopyStatus.LOST, by=by, reason=reason)
            end_on_loss(copy=copy, by=by, reason=system_reason("Copy reported lost: %s", reason))
            borrowing.end_on_loss(copy=copy, by=by, reason=system_reason("Copy reported lost: %s", reason))
            if holder is not None and holder.pk != by.pk:
                circumstances = system_reason("Held by %(holder)s when reported.", holder=name_of(holder)) + "\n" + circumstances
            incident = Incident(
                copy=copy,
                reported_by=by,
                reported_at=now,
                occurred_at=occurred_at,
                circumstances=circumstances,
                notified=notified,
            )
            stamp(incident, by=by, reason=reason).save()
    except IntegrityError as error:
        if "incident_one_per_copy" in str(error):
            raise Conflict(_("Copy %(copy)s was reported lost a moment ago.") % {"copy": copy.label}) from error
        raise
    return incident


def _lock_incident(incident):
    return Incident.objects.select_for_update().select_related("copy__document__registry__unit").get(pk=incident.pk)


def _open_refusal(incident):
    if incident.status != IncidentStatus.OPEN:
        return InvalidState(_("This incident is closed; its record is no longer changed."))
    return None


def _line(by, text, now):
    return f"{timezone.localtime(now):%Y-%m-%d %H:%M} {name_of(by)}: {text}"


def check_record_follow_up(incident, user):
    """May `user` add follow-up to this incident now? The reporter, a clerk or a leader of the unit, while open."""
    unit = incident.copy.document.registry.unit
    if not (user.pk == incident.reported_by_id or has_role(user, Role.CLERK, unit) or has_role(user, Role.LEADER, unit)):
        return NotPermitted(
            _("Only the reporter, a secrecy clerk or a leader of %(unit)s can record follow-up.") % {"unit": unit}
        )
    return _open_refusal(incident)


def check_close_incident(incident, user):
    """May `user` close this incident now? A leader of the unit in scope, not the reporter, while open."""
    document = incident.copy.document
    refusal = leader_refusal(user, document.registry)
    if refusal is not None:
        return refusal
    if not visible_documents(user).filter(pk=document.pk).exists():
        return NotPermitted(_("You are not in the knowledge scope of this document, so another leader must close it."))
    if user.pk == incident.reported_by_id:
        return SeparationOfDuties(_("You reported this loss; another leader must close the incident."))
    return _open_refusal(incident)


def record_follow_up(*, incident, by, reason, action, notified="") -> Incident:
    """Add a follow-up action (and anyone newly told) to an open incident, dated and signed."""
    reason = require_reason(reason)
    errors = {}
    action = _text(action, "action", errors, required_message=_("Say what was done."))
    notified = _text(notified, "notified", errors)
    if errors:
        raise InvalidInput(errors)
    with transaction.atomic():
        incident = _lock_incident(incident)
        raise_if(check_record_follow_up(incident, by))
        now = timezone.now()
        incident.follow_up = "\n".join(filter(None, [incident.follow_up, _line(by, action, now)]))
        if notified:
            incident.notified = "\n".join(filter(None, [incident.notified, _line(by, notified, now)]))
        stamp(incident, by=by, reason=reason).save()
    return incident


def close_incident(*, incident, by, reason, closing_note) -> Incident:
    """A leader of the unit, not the reporter, closes the incident with its conclusion."""
    reason = require_reason(reason)
    errors = {}
    closing_note = _text(
        closing_note, "closing_note", errors, required_message=_("Write the conclusion: what was found and what was done.")
    )
    if errors:
        raise InvalidInput(errors)
    with transaction.atomic():
        incident = _lock_incident(incident)
        raise_if(check_close_incident(incident, by))
        incident.status = IncidentStatus.CLOSED
        incident.closed_by = by
        incident.closed_at = timezone.now()
        incident.closing_note = closing_note
        stamp(incident, by=by, reason=reason).save()
    return incident
