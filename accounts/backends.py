"""Sign-in limits: django-axes' lockout per account and address, and a growing delay per account."""

import math

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.utils import timezone


def account_delay(username) -> int:
    """Seconds this account must wait before its password is tried again; 0 when it need not.

    Failures count per account across every address (axes keeps one row per
    account and address). Past `SIGNIN_ACCOUNT_FREE_FAILURES` of them within the
    cool-off time, each further try waits 1, 2, 4 ... seconds after the last
    failure, up to `SIGNIN_ACCOUNT_MAX_DELAY`. A stranger who knows a user's
    name can slow that user's sign-in by at most that much, never lock them
    out, while guesses from many addresses no longer multiply.
    """
    if not username:
        return 0
    now = timezone.now()
    totals = AccessAttempt.objects.filter(
        username=username, attempt_time__gte=now - settings.AXES_COOLOFF_TIME
    ).aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
    over = (totals["failures"] or 0) - settings.SIGNIN_ACCOUNT_FREE_FAILURES
    if over < 0:
        return 0
    wait = min(2 ** min(over, 30), settings.SIGNIN_ACCOUNT_MAX_DELAY.total_seconds())
    remaining = (totals["last"] - now).total_seconds() + wait
    return math.ceil(remaining) if remaining > 0 else 0


class SignInLockout(AxesStandaloneBackend):
    """django-axes' check, for sign-ins that come from a client, with the per-account delay before it.

    Sign-in pages and the admin always pass the request. `authenticate()`
    without one comes from code on the server (the test client's login, a
    shell), where there is no client address to lock out; stock axes refuses
    those with an error, which would make every such caller handle axes.
    """

    def authenticate(self, request=None, username=None, password=None, **kwargs):
        if request is None:
            return None
        wait = account_delay(username)
        if wait:
            # Refused before the password is checked, and flagged as axes' own
            # refusal so the refused try is not counted (it would lengthen the delay).
            request.axes_locked_out = True
            request.signin_delay = wait
            raise AxesBackendPermissionDenied("account delay")
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_response(request, original_response=None, credentials=None):
    """axes' lockout page, saying how long to wait when it is the per-account delay."""
    from django.shortcuts import render

    wait = getattr(request, "signin_delay", None)
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, {"signin_delay": wait}, status=429)
