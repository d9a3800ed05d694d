"""What roles a user holds, and where; whose personnel records a user may read."""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Case, Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce, Concat

from documents.history import history_entries, newest_first
from people.models import Departure, DepartureStatus, GrantStatus, Membership, Person, RoleGrant, Unit
from people.role_cache import remembered_memberships
from people.roles import Role
from people.summary import TrainingSummary


def memberships_of(user) -> frozenset[tuple[str, int]]:
    """Every (role, unit id) the user holds; read once per request (people/role_cache.py)."""
    if not user.is_authenticated:
        return frozenset()
    return remembered_memberships(
        user, lambda: frozenset(Membership.objects.filter(user=user).values_list("role", "unit_id"))
    )


def roles_of(user) -> set[str]:
    return {role for role, _unit in memberships_of(user)}


def units_where(user, *roles) -> "QuerySet[Unit]":
    if not user.is_authenticated:
        return Unit.objects.none()
    return Unit.objects.filter(memberships__user=user, memberships__role__in=roles).distinct()


def has_role(user, role, unit=None) -> bool:
    held = memberships_of(user)
    if unit is None:
        return any(held_role == role for held_role, _unit in held)
    return (role, getattr(unit, "pk", unit)) in held


def has_any_role(user, roles, unit=None) -> bool:
    return any(has_role(user, role, unit) for role in roles)


# Secret-related personnel (涉密人员). The secrecy office and the administrators
# keep the records of their unit's people; inspectors read them.
PERSONNEL_ROLES = (Role.CLERK, Role.ADMINISTRATOR, Role.INSPECTOR)
MANAGING_ROLES = (Role.CLERK, Role.ADMINISTRATOR)


def personnel_units(user):
    """Units whose personnel records the user may read."""
    return units_where(user, *PERSONNEL_ROLES)


def visible_people(user):
    """Accounts whose personnel record the user may read: members of the units in `personnel_units`."""
    if not user.is_authenticated:
        return get_user_model().objects.none()
    shared = Membership.objects.filter(
        user=OuterRef("pk"),
        unit__in=Membership.objects.filter(user=user, role__in=PERSONNEL_ROLES).values("unit"),
    )
    return get_user_model().objects.filter(Exists(shared))


def manages_person(by, person) -> bool:
    """A secrecy clerk or administrator of a unit the person belongs to keeps their record."""
    if not by.is_authenticated:
        return False
    return Membership.objects.filter(
        user=by, role__in=MANAGING_ROLES, unit__in=Membership.objects.filter(user=person).values("unit")
    ).exists()


def open_departure(person):
    """The person's departure under way, if any (for services that must not hand a copy to someone leaving)."""
    return Departure.objects.filter(user=person, status=DepartureStatus.STARTED).first()


def personnel_register(user, unit):
    """The personnel register of a unit (涉密人员登记), as `user` may read it: one row per member, by name.

    Each row is a user with `person` (post level, commitment) loaded,
    `unit_roles` (their memberships in the unit), `departure_list` (newest first)
    and `training_hours` / `training_count` / `last_training_on` annotated.
    Empty for anyone who does not keep or inspect the unit's personnel.
    """
    users = get_user_model().objects
    if not personnel_units(user).filter(pk=unit.pk).exists():
        return users.none()
    in_unit = Membership.objects.filter(user=OuterRef("pk"), unit=unit)
    return (
        users.filter(Exists(in_unit))
        .select_related("person")
        .prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.filter(unit=unit).order_by("role"), to_attr="unit_roles"),
            Prefetch(
                "departures",
                queryset=Departure.objects.order_by("-started_on", "-pk"),
                to_attr="departure_list",
            ),
        )
        .annotate(
            training_hours=hours_attended(),
            training_count=Count("attendances", filter=attended()),
            last_training_on=Max("attendances__event__held_on", filter=attended()),
        )
        .order_by("last_name", "first_name", "username")
    )


def attended(year=None):
    """A user's training, read off `attendances`: present at an education event not withdrawn (held in `year`)."""
    condition = Q(attendances__present=True, attendances__event__withdrawn_on__isnull=True)
    return condition & Q(attendances__event__held_on__year=year) if year is not None else condition


def hours_attended(year=None):
    """The hours a user attended: each attendance's own hours where the old training record gave other hours."""
    return Sum(Case(When(attended(year), then=Coalesce("attendances__hours", "attendances__event__hours"))))


def person_training(person, user):
    """The person's attendances, newest event first, each marked whether `user` may open its event."""
    from registers.models import Attendance
    from registers.selectors import visible_education_events

    lines = list(Attendance.objects.filter(person=person).select_related("event").order_by("-event__held_on", "-pk"))
    visible = set(visible_education_events(user).filter(pk__in=[line.event_id for line in lines]).values_list("pk", flat=True))
    for line in lines:
        line.event_visible = line.event_id in visible
    return lines


def training_summary(unit, year):
    """Training of a unit's people in a year (their attendance of education events), for the unit's page and the
    annual confidentiality work summary."""
    from registers.models import Attendance

    in_unit = Membership.objects.filter(user=OuterRef("pk"), unit=unit)
    rows = list(
        get_user_model()
        .objects.filter(Exists(in_unit))
        .select_related("person")
        .annotate(hours=hours_attended(year), courses=Count("attendances", filter=attended(year)))
        .order_by("last_name", "first_name", "username")
    )
    records = Attendance.objects.filter(person__in=[row.pk for row in rows], present=True, event__held_on__year=year,
                                        event__withdrawn_on__isnull=True).values("event")
    return TrainingSummary(
        unit=unit,
        year=year,
        rows=rows,
        people_count=len(rows),
        trained_count=sum(1 for row in rows if row.courses),
        total_hours=sum((row.hours or 0 for row in rows), start=Decimal("0")),
        course_count=records.distinct().count(),
        untrained=[row for row in rows if not row.courses],
    )


def personnel_history(person):
    """Every history row of a person's record, training and departures, newest first."""
    entries = []
    from registers.models import Attendance

    for model in (Person, Departure):
        rows = model.history.filter(user_id=person.pk).select_related("history_user").order_by("history_date", "history_id")
        entries.extend(history_entries(rows, lambda row: str(person)))
    rows = Attendance.history.filter(person_id=person.pk).select_related("history_user").order_by("history_date", "history_id")
    entries.extend(history_entries(rows, lambda row: str(person)))
    return newest_first(entries)


def people_matching(people, text, *, limit):
    """The first `limit` of `people` (a queryset) whose name or username contains every word of `text`.

    Returns (people, more): `more` says that others match too. Each person
    comes with their memberships (unit first), for a picker that groups by unit.
    A name is matched as written either way round ("Wang Fang", "王芳").
    """
    people = people.annotate(
        _given_first=Concat("first_name", Value(" "), "last_name"), _family_first=Concat("last_name", "first_name")
    )
    for word in text.split()[:5]:
        people = people.filter(
            Q(username__icontains=word)
            | Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(_given_first__icontains=word)
            | Q(_family_first__icontains=word)
        )
    units = Prefetch("memberships", queryset=Membership.objects.select_related("unit").order_by("unit__name", "role"))
    found = list(people.order_by("username").prefetch_related(units)[: limit + 1])
    return found[:limit], len(found) > limit


# Role grants ----------------------------------------------------------------------------------


def _administers(user) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or has_role(user, Role.ADMINISTRATOR)))


def visible_role_grants(user) -> "QuerySet[RoleGrant]":
    """Grants this person may see: every one for an administrator; those of the units they lead or inspect."""
    if not user.is_authenticated:
        return RoleGrant.objects.none()
    grants = RoleGrant.objects.select_related("user", "unit", "granted_by", "decided_by", "revoked_by")
    if _administers(user):
        return grants
    return grants.filter(unit__in=units_where(user, Role.LEADER, Role.INSPECTOR))


def role_grants_awaiting(user) -> "QuerySet[RoleGrant]":
    """Pending grants this person is the one to decide: in the units they lead, or, for an
    administrator, in units with no leader yet; never their own nor one they gave."""
    if not user.is_authenticated:
        return RoleGrant.objects.none()
    leaders = Membership.objects.filter(unit=OuterRef("unit"), role=Role.LEADER, user__is_active=True).exclude(
        user=OuterRef("user")
    )
    led = Q(unit__in=units_where(user, Role.LEADER)) & Exists(leaders)
    where = led | ~Exists(leaders) if _administers(user) else led
    return (
        visible_role_grants(user)
        .filter(where, status=GrantStatus.PENDING)
        .exclude(granted_by=user)
        .exclude(user=user)
        .order_by("granted_at", "pk")
    )


def inspected_role_grants(user) -> "QuerySet[RoleGrant]":
    """Every grant of the units this person inspects, newest first (the inspector's list)."""
    return visible_role_grants(user).filter(unit__in=units_where(user, Role.INSPECTOR)).order_by("-granted_at", "-pk")


__all__ = [
    "inspected_role_grants",
    "role_grants_awaiting",
    "visible_role_grants",
    "people_matching",
    "Role",
    "has_role",
    "manages_person",
    "open_departure",
    "personnel_history",
    "personnel_register",
    "personnel_units",
    "roles_of",
    "training_summary",
    "attended",
    "hours_attended",
    "person_training",
    "units_where",
    "visible_people",
]
