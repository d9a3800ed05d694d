"""Two-factor sign-in pages: enrol an authenticator once, give a code at every sign-in."""

import base64

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.forms import CodeForm, EnrolmentCodeForm
from accounts.selectors import needs_two_factor
from accounts.services import reauth
from accounts.services.enrolment import use_code, valid_code

# The enrolment code this session gave (its pk), for the person signed in.
ENROLMENT_SESSION_KEY = "two_factor_enrolment_code"


def _next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("home")


def _pending_device(user):
    """The authenticator being enrolled: created once, kept until confirmed by a right code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


@never_cache
@login_required
def verify(request):
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    if not user_has_device(user):
        return redirect(f"{reverse('accounts:two_factor_enrol')}?{request.GET.urlencode()}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            # The second factor completes the sign-in: the proof of identity decisions ask for starts now.
            reauth.remember(request, reauth.Proof(user_id=user.pk, at=timezone.now(), how="password"))
            return redirect(_next_url(request))
        form.add_error("code", _("This code is not right, or was already used. Wait for the next one and try again."))
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": _next_url(request)})


@never_cache
@login_required
def enrol(request):
    user = request.user
    if user_has_device(user):
        # A second authenticator is added by an administrator resetting the
        # first, never by whoever knows the password.
        return redirect(f"{reverse('accounts:two_factor_verify')}?{request.GET.urlencode()}")
    if _needs_enrolment_code(user) and _given_code(request) is None:
        return _ask_enrolment_code(request)
    device = _pending_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            given = _given_code(request) if _needs_enrolment_code(user) else None
            if given is not None and not use_code(code=given, by=user):
                request.session.pop(ENROLMENT_SESSION_KEY, None)
                return _ask_enrolment_code(request)
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            request.session.pop(ENROLMENT_SESSION_KEY, None)
            otp_login(request, device)
            reauth.remember(request, reauth.Proof(user_id=user.pk, at=timezone.now(), how="password"))
            messages.success(request, _("Two-factor sign-in is on. You will give a code after your password from now on."))
            return redirect(_next_url(request))
        form.add_error("code", _("This code is not right. Check the time on your phone and try the next code."))
    return render(
        request,
        "accounts/two_factor_enrol.html",
        {
            "form": form,
            "secret": base64.b32encode(device.bin_key).decode(),
            "next": _next_url(request),
        },
    )


def _needs_enrolment_code(user) -> bool:
    # With two factors switched off (a DEBUG trial run) nobody must enrol, so nobody needs a code.
    return settings.REQUIRE_TWO_FACTOR and needs_two_factor(user)


def _given_code(request):
    """The enrolment code this session gave, if it is still unused and unexpired and the signed-in person's."""
    pk = request.session.get(ENROLMENT_SESSION_KEY)
    if pk is None:
        return None
    from accounts.models import EnrolmentCode

    return EnrolmentCode.objects.filter(
        pk=pk, user=request.user, used_at__isnull=True, expires_at__gt=timezone.now()
    ).first()


def _ask_enrolment_code(request):
    """Before the key is shown: the one-time code an administrator gave this person."""
    form = EnrolmentCodeForm(request.POST or None) if "enrolment_code" in request.POST else EnrolmentCodeForm()
    if request.method == "POST" and form.is_bound and form.is_valid():
        code = valid_code(request.user, form.cleaned_data["enrolment_code"])
        if code is not None:
            request.session[ENROLMENT_SESSION_KEY] = code.pk
            return redirect(f"{reverse('accounts:two_factor_enrol')}?{request.GET.urlencode()}")
        form.add_error(
            "enrolment_code",
            _("This enrolment code is not right, has expired or was already used. Ask the administrator for a new one."),
        )
    return render(request, "accounts/two_factor_enrolment_code.html", {"form": form, "next": _next_url(request)})


@never_cache
@login_required
def enrolment_qr(request):
    """The pending authenticator's setup as a QR code (SVG drawn here: no outside service)."""
    if user_has_device(request.user):
        raise Http404
    if _needs_enrolment_code(request.user) and _given_code(request) is None:
        raise Http404
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).order_by("pk").first()
    if device is None:
        raise Http404
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return HttpResponse(image.to_string(), content_type="image/svg+xml")
