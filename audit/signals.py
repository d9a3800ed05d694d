"""Sign-ins, failed sign-ins and sign-outs go into the access log."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from audit.models import AccessKind
from audit.services.access import record_access


@receiver(user_logged_in, dispatch_uid="audit.sign_in")
def signed_in(sender, request, user, **kwargs):
    record_access(request, AccessKind.SIGN_IN, user=user)


@receiver(user_login_failed, dispatch_uid="audit.sign_in_failed")
def sign_in_failed(sender, credentials, request=None, **kwargs):
    username = credentials.get(get_user_model().USERNAME_FIELD) or credentials.get("username") or ""
    record_access(request, AccessKind.SIGN_IN_FAILED, user=None, username=str(username))


@receiver(user_logged_out, dispatch_uid="audit.sign_out")
def signed_out(sender, request, user, **kwargs):
    if user is not None:
        record_access(request, AccessKind.SIGN_OUT, user=user)
