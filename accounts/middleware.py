"""Two-factor sign-in before any page, idle sessions, and a record of every request made with an API token."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp import user_has_device

from accounts.selectors import needs_two_factor
from accounts.services.tokens import record_use

# Pages a signed-in person reaches before giving a code.
OPEN_URL_NAMES = ("accounts:two_factor_verify", "accounts:two_factor_enrol", "accounts:two_factor_qr", "logout", "set_language", "favicon")


class TwoFactorRequired:
    """After the password, people who need two factors see only the enrol/verify pages.

    Requests authenticated by an API token carry no session: they are not
    affected (a token is issued to a system account, or by a person after both factors: accounts.services.tokens).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self._open_paths = None

    def __call__(self, request):
        if settings.REQUIRE_TWO_FACTOR and self._must_give_code(request) and not self._is_open(request.path_info):
            return self._refuse(request)
        return self.get_response(request)

    def _must_give_code(self, request):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return False
        return needs_two_factor(user) or user_has_device(user)

    def _is_open(self, path):
        if self._open_paths is None:
            self._open_paths = {reverse(name) for name in OPEN_URL_NAMES}
        return path in self._open_paths or path.startswith("/" + settings.STATIC_URL.lstrip("/"))

    def _refuse(self, request):
        if request.path_info.startswith("/api/") and request.path_info != reverse("api-docs"):
            return JsonResponse(
                {
                    "code": "two_factor_required",
                    "message": _("Give your one-time code on the sign-in pages first, or use an API token."),
                    "errors": {},
                },
                status=403,
            )
        target = "accounts:two_factor_verify" if user_has_device(request.user) else "accounts:two_factor_enrol"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")


class RecordTokenUse:
    """Write one TokenUse row for each request that an API token authenticated."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        token = getattr(request, "api_token", None)
        if token is not None:
            record_use(token=token, method=request.method, path=request.get_full_path(), status=response.status_code)
        return response


class RenewIdleSession:
    """Push a signed-in session's end back by SESSION_COOKIE_AGE, at most once every SESSION_RENEW_SECONDS.

    Renewing on every request (SESSION_SAVE_EVERY_REQUEST) wrote the session
    row, with a commit, on every page: three statements and a disk flush
    each. Renewing once a minute ends an idle session between
    SESSION_COOKIE_AGE minus a minute and SESSION_COOKIE_AGE after the last
    request (docs/decisions.md).
    """

    KEY = "_renewed_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.session_key:
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= settings.SESSION_RENEW_SECONDS:
                session[self.KEY] = now  # modified: SessionMiddleware saves it with a new end
        return self.get_response(request)
