"""Secret-related personnel (涉密人员): post level and commitment, departures (脱密).

Training is attendance of the unit's education events (registers/services/education.py).

Kept by a secrecy clerk or administrator of a unit the person belongs to.
A departure lists every copy the person still holds and cannot complete
until they hold none.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from documents.punctuation import list_semicolon
from documents.selectors import hand_back_list
from documents.services.errors import InvalidInput, InvalidState, NotPermitted, SeparationOfDuties, raise_if
from documents.services.recording import require_reason, stamp, visible_text
from people.models import Departure, DepartureKind, DepartureStatus, Person
from people.names import person_name
from people.roles import PostLevel
from people.selectors import manages_person

# Declassification periods by post level, in months: the shortest the rules
# allow, and the longest (offered as the default end).
DECLASSIFICATION_MONTHS = {
    PostLevel.CORE: (24, 36),
    PostLevel.IMPORTANT: (12, 24),
    PostLevel.GENERAL: (6, 12),
}


def add_months(day, months):
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def post_level_of(user):
    person = Person.objects.filter(user=user).first()
    return PostLevel(person.post_level) if person else PostLevel.GENERAL


def default_period_end(user, started_on):
    months = DECLASSIFICATION_MONTHS.get(post_level_of(user))
    return add_months(started_on, months[1]) if months else None


_name = person_name


def personnel_officer_refusal(by, user):
    if not manages_person(by, user):
        return NotPermitted(
            _("Only a secrecy clerk or administrator of %(name)s's unit can do this.") % {"name": _name(user)}
        )
    return None


def _own_departure_refusal(by, user):
    if by.pk == user.pk:
        return SeparationOfDuties(_("Someone else in the secrecy office must handle your own departure."))
    return None


# The checks: may `user` take this step for `person` now? The person's page offers what they allow.


def check_record_person(person, user):
    """May `user` record this person's post level and commitment? A clerk or administrator of their unit."""
    return personnel_officer_refusal(user, person)


def check_start_departure(person, user):
    """May `user` open this person's departure? A clerk or administrator of their unit, never for themselves."""
    return personnel_officer_refusal(user, person) or _own_departure_refusal(user, person)


def check_complete_departure(departure, user):
    """May `user` close this departure's hand-back now? As for starting it, while it is under way."""
    refusal = check_start_departure(departure.user, user)
    if refusal is None and departure.status != DepartureStatus.STARTED:
        refusal = InvalidState(_("This departure is already completed."))
    return refusal


def _validated(obj, *, exclude):
    try:
        obj.full_clean(exclude=exclude, validate_constraints=False)
    except ValidationError as error:
        raise InvalidInput(error.message_dict) from error
    return obj


def record_person(*, user, by, reason, post_level, commitment_signed_on) -> Person:
    """Record a person's secret-related post level and the date they signed the confidentiality commitment."""
    reason = require_reason(reason)
    raise_if(check_record_person(user, by))
    if commitment_signed_on and commitment_signed_on > timezone.localdate():
        raise InvalidInput({"commitment_signed_on": [_("The commitment cannot be signed in the future.")]})
    with transaction.atomic():
        person = Person.objects.select_for_update().filter(user=user).first() or Person(user=user)
        person.post_level = post_level
        person.commitment_signed_on = commitment_signed_on
        _validated(person, exclude=["user"])
        stamp(person, by=by, reason=reason).save()
    return person


def start_departure(*, user, kind, started_on, ends_on, by, reason) -> Departure:
    """Open a person's departure and declassification period. What they hold is listed by `hand_back_list`."""
    reason = require_reason(reason)
    raise_if(check_start_departure(user, by))
    if not started_on or not ends_on:
        raise InvalidInput({"ends_on" if started_on else "started_on": [_("Give the start and end of the declassification period.")]})
    if kind not in DepartureKind.values:
        raise InvalidInput({"kind": [_("Say whether the person leaves or changes post.")]})
    if ends_on <= started_on:
        raise InvalidInput({"ends_on": [_("The declassification period must end after it starts.")]})
    level = post_level_of(user)
    months = DECLASSIFICATION_MONTHS.get(level)
    if months and ends_on < add_months(started_on, months[0]):
        raise InvalidInput(
            {
                "ends_on": [
                    ngettext(
                        "A %(post)s needs a declassification period of at least %(months)d month.",
                        "A %(post)s needs a declassification period of at least %(months)d months.",
                        months[0],
                    )
                    % {"post": level.label.lower(), "months": months[0]}
                ]
            }
        )
    departure = Departure(user=user, kind=kind, started_on=started_on, ends_on=ends_on, started_by=by)
    already = _("A departure is already under way for %(name)s.") % {"name": _name(user)}
    if Departure.objects.filter(user=user, status=DepartureStatus.STARTED).exists():
        raise InvalidState(already)
    try:
        with transaction.atomic():
            stamp(departure, by=by, reason=reason).save()
    except IntegrityError as error:
        if "departure_one_open_per_person" in str(error):
            raise InvalidState(already) from error
        raise
    return departure


def complete_departure(*, departure, by, reason) -> Departure:
    """Close the hand-back: refused while the person still holds any copy, with the list of what they hold."""
    reason = require_reason(reason)
    with transaction.atomic():
        departure = Departure.objects.select_for_update(of=("self",)).select_related("user").get(pk=departure.pk)
        user = departure.user
        raise_if(check_complete_departure(departure, by))
        held = hand_back_list(user, by)
        if held.total:
            raise InvalidState(still_holds_message(user, held))
        departure.status = DepartureStatus.COMPLETED
        departure.completed_by = by
        departure.completed_at = timezone.now()
        stamp(departure, by=by, reason=reason).save()
    return departure


def still_holds_message(user, held):
    parts = [copy.label for copy in held.shown]
    parts += [
        ngettext("%(count)d copy kept by registry %(registry)s", "%(count)d copies kept by registry %(registry)s", row["count"])
        % row
        for row in held.elsewhere
    ]
    return ngettext(
        "%(name)s still holds %(count)d copy: %(list)s. It must be handed back first.",
        "%(name)s still holds %(count)d copies: %(list)s. They must be handed back first.",
        held.total,
    ) % {"name": _name(user), "count": held.total, "list": list_semicolon().join(parts)}


__all__ = [
    "DECLASSIFICATION_MONTHS",
    "check_complete_departure",
    "check_record_person",
    "check_start_departure",
    "complete_departure",
    "default_period_end",
    "record_person",
    "start_departure",
    "still_holds_message",
]
