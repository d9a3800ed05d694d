"""Reads for sign-in and API access."""

from django.conf import settings

from accounts.models import ApiToken
from accounts.services.tokens import KEY_PREFIX, hash_key
from people.selectors import has_any_role


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
