"""Loss (丢失): reporting a copy lost opens an incident of the register of incidents; a leader other than the
reporter closes it (registers.services.incidents)."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.models import CopyStatus, Incident, IncidentKind
from documents.models.copy import HELD_BY_PERSON
from documents.reasons import system_reason
from documents.services import borrowing
from documents.services.circulation import end_on_loss, name_of
from documents.services.copies import lock_copy, move, move_refusal
from documents.services.errors import (
    Conflict,
    InvalidInput,
    InvalidState,
    NotPermitted,
    raise_if,
)
from documents.services.recording import require_reason, stamp
from people.roles import Role
from people.selectors import has_role

# Following up and closing are the register of incidents' steps, the same for every kind (a loss included).
from registers.services.incidents import (
    TEXT_MAX_LENGTH,
    check_close_incident,
    check_record_follow_up,
    checked_text as _text,
    close_incident,
    record_follow_up,
)

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
                kind=IncidentKind.LOST_COPY,
                unit=copy.document.registry.unit,
                copy=copy,
                reported_by=by,
                reported_at=now,
                discovered_at=now,
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


__all__ = ["TEXT_MAX_LENGTH", "check_close_incident", "check_record_follow_up", "check_report_loss", "close_incident",
           "record_follow_up", "report_loss"]
