"""Reads for sign-in and API access."""

from django.conf import settings
from django.db.models import Exists, OuterRef, Q

from accounts.models import ApiToken, SystemAccount
from accounts.services.tokens import KEY_PREFIX, hash_key
from people.models import Membership, RoleGrant
from people.roles import Role
from people.selectors import has_any_role, units_where


def active_token_for_key(key):
    """The unrevoked token with this key, with its user, or None."""
    if not key or not key.startswith(KEY_PREFIX) or len(key) > 100:
        return None
    return (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_key(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )


def needs_two_factor(user) -> bool:
    """Whether this person must give a one-time code after their password."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_staff or user.is_superuser:
        return True
    return has_any_role(user, settings.TWO_FACTOR_ROLES)


def inspected_tokens(user):
    """Every token, active or revoked, acting as someone with a role (held or asked) in a unit this person inspects."""
    units = units_where(user, Role.INSPECTOR)
    in_scope = Q(Exists(Membership.objects.filter(user=OuterRef("user"), unit__in=units))) | Q(
        Exists(RoleGrant.objects.filter(user=OuterRef("user"), unit__in=units))
    )
    return (
        ApiToken.objects.filter(in_scope)
        .select_related("user", "created_by", "revoked_by")
        .annotate(system=Exists(SystemAccount.objects.filter(user=OuterRef("user"))))
        .order_by("-created_at", "-pk")
    )


def own_tokens(user):
    """The tokens acting as this person, for their own API tokens page."""
    return ApiToken.objects.filter(user=user).select_related("created_by", "revoked_by").order_by("-created_at", "-pk")
