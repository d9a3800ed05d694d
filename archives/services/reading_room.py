"""The reading room (阅览室): a consultation's sittings, each supervised by a secrecy clerk.

Volumes come to the reading room and go back to the archive; copies stay
'archived' throughout (nothing here moves a copy).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from archives.models import ConsultationStatus, ReadingRoomSession, SessionVolume, Volume
from archives.services.consultation import in_reading_room, lock_consultation, require_scope
from documents.services.errors import InvalidInput, InvalidState, NotPermitted, SeparationOfDuties, raise_if
from documents.services.recording import require_reason, stamp
from documents.services.roles import clerk_refusal


def check_supervise(consultation, user):
    """Does `user` keep this consultation's reading room (bring the volumes, take them back)? A clerk of its registry.

    The consultation page asks it to say who the next step waits for.
    """
    return clerk_refusal(user, consultation.registry)


def check_close_session(session, user):
    """May `user` record the time out of this sitting now? A clerk of the registry, while the sitting is open."""
    refusal = check_supervise(session.consultation, user)
    if refusal is None and session.time_out is not None:
        refusal = InvalidState(_("This session was already closed."))
    return refusal


def check_open_session(consultation, user, *, in_room=None):
    """May `user` bring this consultation's volumes to the reading room now? A clerk of its registry, not the
    consulting person themselves, once approved, while the reader is not already in the room.

    `in_room`: whether a session is open, when the page has already read its sessions.
    """
    refusal = check_supervise(consultation, user)
    if refusal is not None:
        return refusal
    if consultation.status != ConsultationStatus.APPROVED:
        return InvalidState(
            _("This consultation is %(status)s; volumes are brought to the reading room only after approval.")
            % {"status": consultation.get_status_display().lower()}
        )
    if not consultation.is_outside and consultation.person_id == user.pk:
        return SeparationOfDuties(_("Another secrecy clerk must supervise your own consultation."))
    if in_reading_room(consultation) if in_room is None else in_room:
        return InvalidState(_("This reader is already in the reading room; close that session first."))
    return None


def open_session(*, consultation, volumes, by, reason) -> ReadingRoomSession:
    """The clerk brings approved volumes to the reader and records the time in; `by` supervises the session."""
    reason = require_reason(reason)
    chosen = sorted({volume.pk for volume in volumes})
    if not chosen:
        raise InvalidInput({"volumes": [_("Choose the volumes brought to the reading room.")]})
    with transaction.atomic():
        consultation = lock_consultation(consultation)
        raise_if(check_open_session(consultation, by))
        approved = set(consultation.volume_links.values_list("volume_id", flat=True))
        if not set(chosen) <= approved:
            raise NotPermitted(_("Only the volumes approved for this consultation can be brought to the reading room."))
        locked = list(Volume.objects.filter(pk__in=chosen).order_by("pk").select_for_update())
        busy = (
            SessionVolume.objects.filter(volume__in=locked, session__time_out__isnull=True)
            .select_related("volume")
            .order_by("volume__volume_number")
        )
        if busy:
            raise InvalidState(
                _("Volume %(number)s is in the reading room with another reader.") % {"number": busy[0].volume.volume_number}
            )
        if not consultation.is_outside:
            if not consultation.person.is_active:
                raise NotPermitted(_("This account is disabled."))
            require_scope(consultation.person, locked)
        session = ReadingRoomSession(consultation=consultation, time_in=timezone.now(), supervising_clerk=by)
        stamp(session, by=by, reason=reason).save()
        for volume in locked:
            stamp(SessionVolume(session=session, volume=volume), by=by, reason=reason).save()
    return session


def close_session(*, session, by, reason) -> ReadingRoomSession:
    """The clerk takes the volumes back to the archive and records the time out."""
    reason = require_reason(reason)
    with transaction.atomic():
        session = (
            ReadingRoomSession.objects.select_for_update(of=("self",))
            .select_related("consultation__registry__unit")
            .get(pk=session.pk)
        )
        raise_if(check_close_session(session, by))
        session.time_out = timezone.now()
        session.closed_by = by
        stamp(session, by=by, reason=reason).save()
    return session
