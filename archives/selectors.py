"""What a user may see of the archives. Every archive list, page and print starts here.

A volume is visible to
- the secrecy clerks and inspectors of the unit that owns its registry, and
- a person with an approved (not yet finished) consultation naming it.
Its catalogue rows are in any case filtered through
`documents.selectors.visible_documents(user)`, so a volume never shows a
document to someone outside that document's knowledge scope. Each test is an
EXISTS subquery, as in documents/selectors.py. (Rule and reasons:
docs/decisions-archives.md.)
"""

from itertools import chain

from django.db.models import Exists, F, Max, OuterRef, Q
from django.utils import timezone

from archives.models import (
    Consultation,
    ConsultationStatus,
    ConsultationVolume,
    FiledCopy,
    ReadingRoomSession,
    SessionVolume,
    Volume,
)
from documents.history import history_entries, newest_first
from documents.models import Registry
from documents.selectors import OFFICE_ROLES, visible_documents
from people.models import Membership
from people.roles import Role

# Who deals with a unit's consultation requests: the office keeps them, a leader decides the outside ones.
CONSULTATION_ROLES = (*OFFICE_ROLES, Role.LEADER)


def _signed_in(user):
    return getattr(user, "is_authenticated", False) and user.is_active


def visible_volumes(user):
    if not _signed_in(user):
        return Volume.objects.none()
    office = Membership.objects.filter(user=user, role__in=OFFICE_ROLES, unit=OuterRef("registry__unit"))
    consulting = ConsultationVolume.objects.filter(
        volume=OuterRef("pk"), consultation__person=user, consultation__status=ConsultationStatus.APPROVED
    )
    return Volume.objects.filter(Exists(office) | Exists(consulting))


def volume_catalogue(volume, user):
    """The volume's catalogue (卷内目录) as `user` may read it: one row per filed copy, in item order.

    Each row is a FiledCopy with its copy and document loaded and `level`
    annotated (the printed catalogue's banner is the highest `level` of its rows).
    """
    return (
        FiledCopy.objects.filter(volume=volume, copy__document__in=visible_documents(user).values("pk"))
        .select_related("copy__document", "filed_by")
        .annotate(level=F("copy__document__level"))
        .order_by("item_number")
    )


def visible_consultations(user):
    """Requests a user may read: the unit's clerks, inspectors and leaders, and the person consulting."""
    if not _signed_in(user):
        return Consultation.objects.none()
    office = Membership.objects.filter(user=user, role__in=CONSULTATION_ROLES, unit=OuterRef("registry__unit"))
    return Consultation.objects.filter(Exists(office) | Q(person=user))


def awaiting_decision_by(user):
    """Requests this user may decide now: internal ones as a clerk, outside ones as a leader, never their own."""
    if not _signed_in(user):
        return Consultation.objects.none()
    as_clerk = Membership.objects.filter(user=user, role=Role.CLERK, unit=OuterRef("registry__unit"))
    as_leader = Membership.objects.filter(user=user, role=Role.LEADER, unit=OuterRef("registry__unit"))
    return (
        Consultation.objects.filter(status=ConsultationStatus.REQUESTED)
        .filter((Q(kind="internal") & Exists(as_clerk)) | (Q(kind="outside") & Exists(as_leader)))
        .exclude(person=user)
        .exclude(Q(kind="outside") & Q(requested_by=user))
    )


def reading_room_log(user, *, registry=None, since=None, until=None):
    """The reading-room log (阅览登记): one row per session, oldest first, for the units whose office the user is in.

    Each row is a ReadingRoomSession with its consultation, clerks and volumes
    loaded and `level` annotated: the highest level among its volumes (the
    printed log's banner is the highest `level` of its rows). `since`/`until`
    are dates, inclusive, on time in.
    """
    if not _signed_in(user):
        return ReadingRoomSession.objects.none()
    office = Membership.objects.filter(user=user, role__in=OFFICE_ROLES, unit=OuterRef("consultation__registry__unit"))
    rows = (
        ReadingRoomSession.objects.filter(Exists(office))
        .select_related("consultation__person", "consultation__registry", "supervising_clerk", "closed_by")
        .prefetch_related("volumes")
        .annotate(level=Max("volumes__highest_level"))
        .order_by("time_in", "pk")
    )
    if registry is not None:
        rows = rows.filter(consultation__registry=registry)
    if since is not None:
        rows = rows.filter(time_in__date__gte=since)
    if until is not None:
        rows = rows.filter(time_in__date__lte=until)
    return rows


def registries_with_archives(user):
    """The registries whose archives the user keeps or inspects (choices for lists and the log)."""
    if not _signed_in(user):
        return Registry.objects.none()
    return Registry.objects.filter(
        unit__memberships__user=user, unit__memberships__role__in=OFFICE_ROLES
    ).distinct()


def volume_history(volume):
    """Every history row of a volume and of what was filed into it, newest first."""
    rows = chain(
        history_entries(volume.history.select_related("history_user").order_by("history_date"), lambda r: r.volume_number),
        history_entries(
            FiledCopy.history.filter(volume_id=volume.pk).select_related("history_user").order_by("history_date"),
            lambda r: f"#{r.item_number}",
        ),
    )
    return newest_first(rows)


def consultation_history(consultation):
    """Every history row of a consultation, the volumes it names and its reading-room sessions, newest first."""
    session_ids = list(consultation.sessions.values_list("pk", flat=True))
    rows = chain(
        history_entries(consultation.history.select_related("history_user").order_by("history_date"), lambda r: r.visitor_name or str(r.person)),
        history_entries(
            ConsultationVolume.history.filter(consultation_id=consultation.pk)
            .select_related("history_user", "volume")
            .order_by("history_date"),
            lambda r: r.volume.volume_number,
        ),
        history_entries(
            ReadingRoomSession.history.filter(id__in=session_ids).select_related("history_user").order_by("history_date"),
            lambda r: f"{timezone.localtime(r.time_in):%Y-%m-%d %H:%M}",
        ),
        history_entries(
            SessionVolume.history.filter(session_id__in=session_ids)
            .select_related("history_user", "volume")
            .order_by("history_date"),
            lambda r: r.volume.volume_number,
        ),
    )
    return newest_first(rows)


__all__ = [
    "awaiting_decision_by",
    "consultation_history",
    "reading_room_log",
    "registries_with_archives",
    "visible_consultations",
    "visible_volumes",
    "volume_catalogue",
    "volume_history",
]
