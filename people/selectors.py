"""What roles a user holds, and where."""

from people.models import Membership, Unit
from people.roles import Role


def roles_of(user) -> set[str]:
    if not user.is_authenticated:
        return set()
    return set(Membership.objects.filter(user=user).values_list("role", flat=True))


def units_where(user, *roles) -> "models.QuerySet[Unit]":
    if not user.is_authenticated:
        return Unit.objects.none()
    return Unit.objects.filter(memberships__user=user, memberships__role__in=roles).distinct()


def has_role(user, role, unit=None) -> bool:
    if not user.is_authenticated:
        return False
    qs = Membership.objects.filter(user=user, role=role)
    if unit is not None:
        qs = qs.filter(unit=unit)
    return qs.exists()


__all__ = ["Role", "has_role", "roles_of", "units_where"]
