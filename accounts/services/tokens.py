"""Issuing, revoking and recording the use of API tokens."""

import hashlib
import logging
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import ApiToken, TokenUse
from documents.services.errors import InvalidInput, InvalidState, NotPermitted
from documents.services.recording import require_reason, stamp, visible_text
from people.roles import Role
from people.selectors import has_role

log = logging.getLogger("accounts.tokens")

KEY_PREFIX = "srk_"


def hash_key(key: str) -> str:
    # The key is 256 random bits, so a plain SHA-256 cannot be reversed or
    # guessed; a slow password hash would only slow every API request.
    return hashlib.sha256(key.encode()).hexdigest()


def _require_administrator(by):
    # `by=None` is the server's operator on the command line (manage.py issue_token).
    if by is not None and not (by.is_superuser or has_role(by, Role.ADMINISTRATOR)):
        raise NotPermitted(_("Only an administrator can issue or revoke API tokens."))


def issue_token(*, user, name, by, reason, for_decisions=False) -> tuple[ApiToken, str]:
    """Create a token for `user`. Returns the token and its key, which is never shown again.

    `for_decisions`: the token may take decisions that ask a person signed in on
    the pages to confirm it is them again (accounts.services.reauth); a token
    without it is refused them.
    """
    reason = require_reason(reason)
    _require_administrator(by)
    name = visible_text(name)
    if not name:
        raise InvalidInput({"name": [_("Name the system that will use this token.")]})
    if not user.is_active:
        raise InvalidInput({"user": [_("This account is disabled.")]})
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user, name=name[:100], prefix=key[: len(KEY_PREFIX) + 4], key_hash=hash_key(key), created_by=by,
        for_decisions=bool(for_decisions),
    )
    stamp(token, by=by, reason=reason).save()
    log.info("API token %s issued for %s by %s", token.pk, user.get_username(), by.get_username() if by else "operator")
    return token, key


def revoke_token(*, token, by, reason) -> ApiToken:
    reason = require_reason(reason)
    _require_administrator(by)
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is not None:
            raise InvalidState(_("This token was already revoked."))
        token.revoked_at = timezone.now()
        token.revoked_by = by
        stamp(token, by=by, reason=reason).save()
    log.info("API token %s of %s revoked by %s", token.pk, token.user.get_username(), by.get_username() if by else "operator")
    return token


def record_use(*, token, method, path, status) -> TokenUse:
    log.info("API token %s used by %s: %s %s -> %s", token.pk, token.user.get_username(), method, path, status)
    return TokenUse.objects.create(token=token, user=token.user, method=method[:10], path=path[:500], status=status)
