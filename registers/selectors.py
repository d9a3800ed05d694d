"""What each person may see of the secrecy work registers: those of the units they keep or inspect, nothing else."""

from people.roles import Role
from people.selectors import units_where
from registers.models import Rule


KEEPERS = (Role.CLERK, Role.LEADER)


READERS = (Role.CLERK, Role.LEADER, Role.INSPECTOR)


def register_units(user):
    """The units whose registers `user` reads: as a clerk, a leader or an inspector of the unit."""
    return units_where(user, *READERS)


def kept_units(user):
    """The units whose registers `user` keeps (enters and corrects): as a clerk or a leader of the unit."""
    return units_where(user, *KEEPERS)


def visible_rules(user):
    if not getattr(user, "is_authenticated", False):
        return Rule.objects.none()
    return Rule.objects.filter(unit__in=register_units(user)).select_related("unit")


def rules_in_force(unit, on):
    """The rules of `unit` in force on date `on`: adopted by then and not withdrawn by then."""
    from django.db.models import Q

    return Rule.objects.filter(unit=unit, adopted_on__lte=on).filter(
        Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on)
    )


def visible_key_parts(user):
    from registers.models import KeyPart

    if not getattr(user, "is_authenticated", False):
        return KeyPart.objects.none()
    return KeyPart.objects.filter(unit__in=register_units(user)).select_related("unit", "responsible")


def visible_key_part_checks(user):
    from registers.models import KeyPartCheck

    return KeyPartCheck.objects.filter(part__in=visible_key_parts(user).values("pk")).select_related("part", "checked_by")


def visible_memberships(user):
    from registers.models import GroupMembership

    if not getattr(user, "is_authenticated", False):
        return GroupMembership.objects.none()
    return GroupMembership.objects.filter(unit__in=register_units(user)).select_related("unit", "person")


def visible_letters(user):
    from registers.models import ResponsibilityLetter

    if not getattr(user, "is_authenticated", False):
        return ResponsibilityLetter.objects.none()
    return ResponsibilityLetter.objects.filter(unit__in=register_units(user)).select_related("unit", "person")


def visible_plans(user):
    from registers.models import WorkPlan

    if not getattr(user, "is_authenticated", False):
        return WorkPlan.objects.none()
    return WorkPlan.objects.filter(unit__in=register_units(user)).select_related("unit")


def group_on(unit, on):
    """The places of `unit`'s secrecy group (and its leader in charge) held on date `on`."""
    from django.db.models import Q

    from registers.models import GroupMembership

    return GroupMembership.objects.filter(unit=unit, appointed_on__lte=on).filter(
        Q(left_on__isnull=True) | Q(left_on__gt=on))


def visible_meetings(user):
    from registers.models import Meeting

    if not getattr(user, "is_authenticated", False):
        return Meeting.objects.none()
    return Meeting.objects.filter(unit__in=register_units(user)).select_related("unit")


def visible_education_events(user):
    from registers.models import EducationEvent

    if not getattr(user, "is_authenticated", False):
        return EducationEvent.objects.none()
    return EducationEvent.objects.filter(unit__in=register_units(user)).select_related("unit")


def education_attendees(unit):
    """Who may be on an event's attendance: the active people of its unit, whatever their role (all staff are taught)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Exists, OuterRef

    from people.models import Membership

    members = Membership.objects.filter(user=OuterRef("pk"), unit=unit)
    return get_user_model().objects.filter(is_active=True).filter(Exists(members)).order_by("username")


def attendances_of(events):
    """The attendance taken at `events` (not withdrawn ones), with the person's post level for the rates."""
    from registers.models import Attendance

    return Attendance.objects.filter(event__in=events.filter(withdrawn_on__isnull=True).values("pk"))


def attendance_rate(attendances, *group_by):
    """Present and recorded attendances, grouped: `[{**group, "present": p, "recorded": r, "rate": percent or None}]`."""
    from django.db.models import Count, Q

    rows = attendances.values(*group_by).annotate(recorded=Count("pk"), present=Count("pk", filter=Q(present=True)))
    return [{**row, "rate": round(100 * row["present"] / row["recorded"]) if row["recorded"] else None}
            for row in rows.order_by(*group_by)]


def post_level_of_attendee():
    """The attendee's post level, a person without a record counting as general (as everywhere else)."""
    from django.db.models import Value
    from django.db.models.functions import Coalesce

    from people.roles import PostLevel

    return Coalesce("person__person__post_level", Value(PostLevel.GENERAL))


def visible_publications(user):
    from registers.models import Publication

    if not getattr(user, "is_authenticated", False):
        return Publication.objects.none()
    return Publication.objects.filter(unit__in=register_units(user)).select_related("unit", "reviewer", "submitter")


def publications_awaiting(user):
    """Items this user may see that still wait: neither withdrawn nor released, and not refused by the review."""
    from registers.models.disclosure import Decision

    return visible_publications(user).filter(withdrawn_on__isnull=True, released_on__isnull=True).exclude(
        decision=Decision.REFUSED
    )


def visible_provisions(user):
    from registers.models import Provision

    if not getattr(user, "is_authenticated", False):
        return Provision.objects.none()
    return Provision.objects.filter(unit__in=register_units(user)).select_related("unit", "approved_by")


def unit_leaders(*units):
    """The active leaders of `units`: who may approve that the unit's data is provided to an outside unit."""
    from django.contrib.auth import get_user_model
    from django.db.models import Exists, OuterRef

    from people.models import Membership

    leads = Membership.objects.filter(user=OuterRef("pk"), unit__in=list(units), role=Role.LEADER)
    return get_user_model().objects.filter(is_active=True).filter(Exists(leads)).order_by("username")


def visible_incidents(user):
    """The incidents of the units `user` keeps or inspects; a lost copy's only for those in its document's scope."""
    from django.db.models import Q

    from documents.models import Incident
    from documents.selectors import visible_copies

    if not getattr(user, "is_authenticated", False):
        return Incident.objects.none()
    return (Incident.objects.filter(unit__in=register_units(user))
            .filter(Q(copy__isnull=True) | Q(copy__in=visible_copies(user).values("pk")))
            .select_related("unit", "copy__document__registry", "reported_by", "closed_by"))


def overdue_incidents(user, *, now=None):
    """The incidents of the units `user` keeps whose report to the bureau or result is overdue (the home flag)."""
    from django.utils import timezone

    from registers.services.incidents import bureau_overdue, result_overdue

    now = now or timezone.now()
    return (visible_incidents(user).filter(unit__in=kept_units(user))
            .filter(bureau_overdue(now) | result_overdue(timezone.localdate(now))).order_by("discovered_at", "pk"))
