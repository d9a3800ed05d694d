"""Two-factor sign-in before any page, idle sessions, and a record of every request made with an API token."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp import user_has_device

from accounts.selectors import needs_two_factor
from accounts.services.tokens import record_use

# Pages a signed-in person reaches before giving a code.
OPEN_URL_NAMES = ("accounts:two_factor_verify", "accounts:two_factor_enrol", "accounts:two_factor_qr", "logout", "set_language", "favicon", "healthz")


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


class StepUp:
    """Ask for the password again when a decision needs it, then carry on with the same POST.

    A service refuses a decision that cannot be undone with StepUpRequired when
    its decider last proved who they are too long ago (accounts.services.reauth).
    Raised from a page, it becomes the re-authentication page, which carries the
    page's own POST (the form as filled in) in hidden fields to the same address.
    Posted back with the right password (and code), the proof is kept in the
    session, the password fields are taken out of the POST, and the page's view
    runs again as if the person had just sent their form.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or "step_up_password" not in request.POST or request.path_info.startswith("/api/"):
            return None
        if not request.user.is_authenticated:
            return None
        from accounts.services import reauth
        from documents.services.errors import InvalidInput

        form = self._form(request, data=request.POST)
        if form.is_valid():
            try:
                proof = reauth.verify(
                    user=request.user, password=form.cleaned_data["step_up_password"],
                    code=form.cleaned_data.get("step_up_code", ""), request=request,
                    field="step_up_password", code_field="step_up_code",
                )  # fmt: skip
            except InvalidInput as error:
                for name, messages_ in error.errors.items():
                    for message in messages_:
                        form.add_error(name if name in form.fields else None, message)
            else:
                reauth.remember(request, proof)
                carried = request.POST.copy()
                for name in ("step_up_password", "step_up_code"):
                    carried.pop(name, None)
                request.POST = carried
                return None
        return self._page(request, form)

    def process_exception(self, request, exception):
        from accounts.services.reauth import StepUpRequired

        # A bulk approval wraps the refusal of the item that asked for it.
        refusal = getattr(exception, "error", exception)
        if request.method != "POST" or not isinstance(refusal, StepUpRequired) or request.path_info.startswith("/api/"):
            return None
        return self._page(request, self._form(request))

    def _form(self, request, data=None):
        from accounts.forms import StepUpForm
        from accounts.services.reauth import has_second_factor

        return StepUpForm(data, with_code=has_second_factor(request.user))

    def _page(self, request, form):
        from django.shortcuts import render

        from accounts.services.reauth import window

        carried = [
            (name, value)
            for name in request.POST
            if name not in ("csrfmiddlewaretoken", "step_up_password", "step_up_code")
            for value in request.POST.getlist(name)
        ]
        back = request.META.get("HTTP_REFERER", "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
            back = reverse("home")
        response = render(
            request,
            "accounts/step_up.html",
            {"form": form, "carried": carried, "action": request.get_full_path(), "back": back,
             "minutes": max(1, int(window().total_seconds() // 60))},
        )  # fmt: skip
        if getattr(request, "htmx", False):
            # A fragment swap would hide the form: the whole page shows it instead.
            response["HX-Retarget"] = "body"
            response["HX-Reswap"] = "innerHTML"
        return response
