"""Issuing, revoking and recording the use of API tokens."""

import hashlib
import logging
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import ApiToken, SystemAccount, TokenUse
from documents.services.errors import InvalidInput, InvalidState, NotPermitted, SeparationOfDuties, raise_if
from documents.services.recording import require_reason, stamp, visible_text
from people.models import GrantStatus, Membership, RoleGrant
from people.names import person_name
from people.roles import Role
from people.selectors import has_role

log = logging.getLogger("accounts.tokens")

KEY_PREFIX = "srk_"


def hash_key(key: str) -> str:
    # The key is 256 random bits, so a plain SHA-256 cannot be reversed or
    # guessed; a slow password hash would only slow every API request.
    return hashlib.sha256(key.encode()).hexdigest()


def _is_administrator(user):
    return user.is_superuser or has_role(user, Role.ADMINISTRATOR)


def _require_administrator(by):
    # `by=None` is the server's operator on the command line. Enrolment codes ask this too.
    if by is not None and not _is_administrator(by):
        raise NotPermitted(_("Only an administrator can issue or revoke API tokens."))


def signed_in_with_both_factors(user) -> bool:
    # django-otp's middleware sets `otp_device` on the request's user once the code was given this session.
    return getattr(user, "otp_device", None) is not None


def is_system_account(user) -> bool:
    return SystemAccount.objects.filter(user_id=user.pk).exists()


def check_issue_token(user, by):
    """None when `by` may issue a token that acts as `user`; else the refusal.

    A token acts as its account with no second factor, so an administrator
    who could issue one for a person would read what that person reads. Only
    a system account (an OA integration) gets a token from an administrator;
    a person issues their own, after signing in with both factors.
    `by=None` is the server's operator on the command line (manage.py issue_token).
    """
    if by is None:
        return None
    if by.pk == user.pk:
        if not signed_in_with_both_factors(by):
            return NotPermitted(_(
                    "A token of your own is issued only after you signed in with both factors (password and one-time "
                    "code). Without an authenticator yet, ask an administrator for an enrolment code."
                ))
        return None
    if not _is_administrator(by):
        return NotPermitted(_("Only an administrator issues API tokens to others, and only to system accounts."))
    if not is_system_account(user):
        return NotPermitted(
            _(
                "%(person)s is a person, not a system account: an administrator cannot issue a token that acts as "
                "another person. They issue their own on their API tokens page after signing in with both factors."
            )
            % {"person": person_name(user)}
        )
    return None


def check_revoke_token(token, by):
    """An administrator revokes any token; a person revokes their own."""
    if by is None or _is_administrator(by) or by.pk == token.user_id:
        return None
    return NotPermitted(_("Only an administrator, or the person it acts as, can revoke this token."))


def issue_token(*, user, name, by, reason, for_decisions=False) -> tuple[ApiToken, str]:
    """Create a token for `user`. Returns the token and its key, which is never shown again.

    `for_decisions`: the token may take decisions that ask a person signed in on
    the pages to confirm it is them again (accounts.services.reauth); a token
    without it is refused them.
    """
    reason = require_reason(reason)
    raise_if(check_issue_token(user, by))
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


def check_mark_system_account(user, by):
    if by is not None and not _is_administrator(by):
        return NotPermitted(_("Only an administrator marks system accounts."))
    if by is not None and by.pk == user.pk:
        return SeparationOfDuties(_("You cannot mark your own account as a system account."))
    if SystemAccount.objects.filter(user_id=user.pk).exists():
        return InvalidState(_("This account is already a system account."))
    # A person's account with roles would become a way to issue a token acting as that person.
    if Membership.objects.filter(user_id=user.pk).exists() or RoleGrant.objects.filter(
        user_id=user.pk, status=GrantStatus.PENDING
    ).exists():
        return InvalidState(
            _("This account holds roles: only a new account, with no role yet, can be marked as a system account.")
        )
    return None


@transaction.atomic
def mark_system_account(*, user, by, reason) -> SystemAccount:
    reason = require_reason(reason)
    raise_if(check_mark_system_account(user, by))
    account = stamp(SystemAccount(user=user, marked_by=by, reason=reason), by=by, reason=reason)
    account.save()
    return account


def revoke_token(*, token, by, reason) -> ApiToken:
    reason = require_reason(reason)
    raise_if(check_revoke_token(token, by))
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
