"""Proving again who you are: the password, and the one-time code where the person has an authenticator.

Two uses share it (docs/decisions.md, "Step-up and witnesses"):

- step-up (OWASP ASVS 5.0 §7.5.3): a decision that cannot be undone (approving a
  destruction list or top-secret copying, a classification decision, widening
  a knowledge scope) needs a `Proof` that its decider proved who they are
  within `STEP_UP_WINDOW_SECONDS`. Signing in is such a proof; so is the
  re-authentication form. The services take `proof=` and refuse without a
  fresh one (`require_step_up`), so no channel can skip it.
- a witness of a destruction confirms with their own password (and code).

A `Proof` is made here only: from a password just checked (`verify`), from
this session's last sign-in or re-authentication (`proof_of`), from an API
token issued for decisions, or from the server's command line (`on_console`).
Wrong passwords and codes count as failed sign-ins (django-axes, and the
per-account delay of accounts.backends), so re-authentication is no side
door for guessing.
"""

import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import devices_for_user, match_token

from accounts.backends import account_delay
from documents.services.errors import InvalidInput, NotPermitted

SESSION_KEY = "step_up"  # {"user": pk, "at": epoch seconds, a float}


class StepUpRequired(NotPermitted):
    """The decision needs the decider's password (and code) given again: their last proof is too old."""

    code = "step_up_required"
    default_message = gettext_lazy(
        "This decision cannot be undone: confirm it is you. Give your password (and your one-time code) again."
    )


@dataclass(frozen=True)
class Proof:
    """`user_id` proved who they are at `at`, through `how` ("password", "session", "token", "console")."""

    user_id: int
    at: datetime
    how: str


def window() -> timedelta:
    return timedelta(seconds=settings.STEP_UP_WINDOW_SECONDS)


def has_second_factor(user) -> bool:
    """Whether `user` has a confirmed authenticator, whose code re-authentication then asks too."""
    return any(True for _device in devices_for_user(user, confirmed=True))


def step_up_refusal(proof, user) -> StepUpRequired | None:
    """None when `proof` shows `user` proved who they are within the window; else the refusal."""
    if proof is None or user is None or proof.user_id != user.pk:
        return StepUpRequired()
    age = timezone.now() - proof.at
    if age > window() or age < -timedelta(seconds=5):
        return StepUpRequired()
    return None


def require_step_up(proof, user):
    refusal = step_up_refusal(proof, user)
    if refusal is not None:
        raise refusal


def _throttled(user, request) -> str | None:
    wait = account_delay(user.get_username())
    if wait:
        return _("Too many wrong passwords for this account. Wait %(seconds)d seconds and try again.") % {"seconds": wait}
    if request is not None and AxesProxyHandler.is_locked(request, {"username": user.get_username()}):
        return _("Too many wrong passwords for this account from here. Try again later.")
    return None


def verify(*, user, password, code="", request, field="password", code_field="code") -> Proof:
    """A proof that `user` is who they say, from their password (and code); InvalidInput when not.

    `request` is the one the password came in (its address is what django-axes
    counts failures against). `field` and `code_field` name the inputs in the error.
    """
    refusal = _throttled(user, request)
    if refusal:
        raise InvalidInput({field: [refusal]})
    if not password or not user.is_active or not user.check_password(password):
        # Counted as a failed sign-in of this account: axes' lockout and the per-account delay.
        user_login_failed.send(sender=__name__, credentials={"username": user.get_username()}, request=request)
        raise InvalidInput({field: [_("This password is not right.")]})
    if has_second_factor(user):
        code = "".join(str(code or "").split())
        if not code:
            raise InvalidInput({code_field: [_("Give the six-digit code from the authenticator as well.")]})
        if match_token(user, code) is None:
            user_login_failed.send(sender=__name__, credentials={"username": user.get_username()}, request=request)
            raise InvalidInput({code_field: [_("This code is not right, or was already used. Wait for the next one.")]})
    return Proof(user_id=user.pk, at=timezone.now(), how="password")


def remember(request, proof):
    """This session proved its person's identity now: decisions within the window need no new proof."""
    request.session[SESSION_KEY] = {"user": proof.user_id, "at": proof.at.timestamp()}


def proof_of(request) -> Proof | None:
    """What this request shows of its person's last proof: a token issued for decisions, or the session's."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    token = getattr(request, "api_token", None) or getattr(getattr(request, "_request", None), "api_token", None)
    if token is not None:
        # A token is a standing proof only when an administrator issued it for decisions.
        return Proof(user_id=user.pk, at=timezone.now(), how="token") if token.for_decisions else None
    session = getattr(request, "session", None)
    stored = session.get(SESSION_KEY) if session is not None else None
    if not isinstance(stored, dict) or stored.get("user") != user.pk or not isinstance(stored.get("at"), (int, float)):
        return None
    return Proof(user_id=user.pk, at=datetime.fromtimestamp(stored["at"], tz=timezone.get_current_timezone()), how="session")


def on_console(user) -> Proof:
    """The server's operator (a management command such as load_demo) vouches for `user`."""
    return Proof(user_id=user.pk, at=timezone.now(), how="console")


@receiver(user_logged_in, dispatch_uid="accounts.reauth.signed_in")
def _signed_in(sender, request, user, **kwargs):
    # Signing in is proving who you are: a decision right after it asks nothing again.
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = {"user": user.pk, "at": time.time()}
