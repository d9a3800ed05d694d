"""Consultation of archive volumes in the reading room (查阅): request, decision, end.

Archives are never lent: there is no step here, or anywhere in this app,
that moves an archived copy out of the archive. An internal person is
approved by a secrecy clerk; a visitor from an outside unit brings an
introduction letter and is approved by a leader. Whoever asks cannot approve.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from archives.models import Consultation, ConsultationKind, ConsultationStatus, ConsultationVolume, FiledCopy
from archives.models.consultation import VISITOR_FIELDS
from archives.selectors import visible_volumes
from documents.punctuation import listing
from documents.selectors import visible_documents
from documents.services.errors import InvalidInput, InvalidState, NotPermitted, SeparationOfDuties, raise_if
from documents.services.recording import require_reason, stamp, visible_text
from documents.services.roles import clerk_refusal, require_clerk, require_leader
from people.names import person_name


def request_consultation(*, kind, volumes, purpose, by, reason, person=None, **visitor) -> Consultation:
    """The clerk records a request to consult volumes of their registry, for a person or an outside visitor."""
    reason = require_reason(reason)
    unknown = set(visitor) - set(VISITOR_FIELDS)
    if unknown:
        raise TypeError(f"not visitor fields: {sorted(unknown)}")
    volumes = list(volumes)
    if not volumes:
        raise InvalidInput({"volumes": [_("Choose at least one volume.")]})
    if len({volume.registry_id for volume in volumes}) > 1:
        raise InvalidInput({"volumes": [_("One request covers the volumes of one registry; make one request per registry.")]})
    registry = volumes[0].registry
    require_clerk(by, registry)
    if visible_volumes(by).filter(pk__in=[v.pk for v in volumes]).count() != len(volumes):
        raise InvalidInput({"volumes": [_("One of the chosen volumes is not in your archive.")]})
    visitor = {name: visible_text(visitor.get(name)) for name in VISITOR_FIELDS}
    purpose = visible_text(purpose)
    if not purpose:
        raise InvalidInput({"purpose": [_("Say what the volumes are consulted for.")]})
    if kind == ConsultationKind.INTERNAL:
        if person is None:
            raise InvalidInput({"person": [_("Choose the person who will consult the volumes.")]})
        if not person.is_active:
            raise InvalidInput({"person": [_("This account is disabled.")]})
        require_scope(person, volumes)
        visitor = dict.fromkeys(VISITOR_FIELDS, "")
    elif kind == ConsultationKind.OUTSIDE:
        missing = {
            name: [_("Required for a visitor from an outside unit: it is on the introduction letter.")]
            for name, value in visitor.items()
            if not value
        }
        if missing:
            raise InvalidInput(missing)
        person = None
    else:
        raise InvalidInput({"kind": [_("Say who will consult: a person with an account or an outside visitor.")]})

    with transaction.atomic():
        consultation = Consultation(
            registry=registry, kind=kind, person=person, purpose=purpose.strip(), requested_by=by, **visitor
        )
        stamp(consultation, by=by, reason=reason).save()
        for volume in sorted(volumes, key=lambda v: v.pk):
            stamp(ConsultationVolume(consultation=consultation, volume=volume), by=by, reason=reason).save()
    return consultation


def approve_consultation(*, consultation, by, reason) -> Consultation:
    return _decide(consultation=consultation, by=by, reason=reason, to=ConsultationStatus.APPROVED)


def reject_consultation(*, consultation, by, reason) -> Consultation:
    return _decide(consultation=consultation, by=by, reason=reason, to=ConsultationStatus.REJECTED)


def finish_consultation(*, consultation, by, reason) -> Consultation:
    """The clerk ends an approved consultation: its person no longer sees the volumes."""
    reason = require_reason(reason)
    with transaction.atomic():
        consultation = lock_consultation(consultation)
        raise_if(check_finish_consultation(consultation, by))
        consultation.status = ConsultationStatus.FINISHED
        stamp(consultation, by=by, reason=reason).save()
    return consultation


def in_reading_room(consultation) -> bool:
    return consultation.sessions.filter(time_out__isnull=True).exists()


def check_finish_consultation(consultation, user, *, in_room=None):
    """May `user` end this consultation now? A clerk of its registry, once approved, with nobody in the reading room.

    `in_room`: whether a session is open, when the page has already read its sessions.
    """
    refusal = clerk_refusal(user, consultation.registry)
    if refusal is not None:
        return refusal
    if consultation.status != ConsultationStatus.APPROVED:
        return InvalidState(_("Only an approved consultation can be finished."))
    if in_reading_room(consultation) if in_room is None else in_room:
        return InvalidState(_("The reader is still in the reading room; close the session first."))
    return None


def check_approve_consultation(consultation, user):
    """May `user` decide this request now? Still requested; a clerk for an internal one, a leader for an outside one,
    never whoever asks. (The consulting person's scope is checked by the approval itself, against its volumes.)"""
    if consultation.status != ConsultationStatus.REQUESTED:
        return InvalidState(
            _("This request was already decided: %(status)s.") % {"status": consultation.get_status_display().lower()}
        )
    return decider_refusal(consultation, user)


def check_reject_consultation(consultation, user):
    """The same person who may approve a request may reject it."""
    return check_approve_consultation(consultation, user)


def _decide(*, consultation, by, reason, to):
    reason = require_reason(reason)
    with transaction.atomic():
        consultation = lock_consultation(consultation)
        check = check_approve_consultation if to == ConsultationStatus.APPROVED else check_reject_consultation
        raise_if(check(consultation, by))
        if to == ConsultationStatus.APPROVED and not consultation.is_outside:
            require_scope(consultation.person, consultation.volumes.all())
        consultation.status = to
        consultation.decided_by = by
        consultation.decided_at = timezone.now()
        stamp(consultation, by=by, reason=reason).save()
    return consultation


def decider_refusal(consultation, user):
    """An internal request is decided by a clerk, an outside one by a leader; whoever asks cannot decide."""
    if consultation.is_outside:
        try:
            require_leader(user, consultation.registry)
        except NotPermitted as refusal:
            return refusal
        if user.pk == consultation.requested_by_id:
            return SeparationOfDuties(_("You recorded this request; another leader must decide it."))
    else:
        try:
            require_clerk(user, consultation.registry)
        except NotPermitted as refusal:
            return refusal
        if user.pk == consultation.person_id:
            return SeparationOfDuties(_("This request is yours; another secrecy clerk must decide it."))
    return None


def require_decider(consultation, user):
    raise_if(decider_refusal(consultation, user))


def require_scope(person, volumes):
    """Archive volumes keep their documents' scope: a person consults only volumes whose every document they may know."""
    outside = (
        FiledCopy.objects.filter(volume__in=list(volumes))
        .exclude(copy__document__in=visible_documents(person).values("pk"))
        .values_list("volume__volume_number", flat=True)
        .distinct()
        .order_by("volume__volume_number")
    )
    numbers = list(outside)
    if numbers:
        raise NotPermitted(
            _(
                "%(person)s is not in the knowledge scope of every document in volume %(volumes)s; "
                "widen the documents' scope first, or leave the volume out."
            )
            % {"person": person_name(person), "volumes": listing(numbers)}
        )


def lock_consultation(consultation):
    return (
        Consultation.objects.select_for_update(of=("self",))
        .select_related("registry__unit", "person")
        .get(pk=consultation.pk)
    )
