"""The access log: sign-ins, failed sign-ins, sign-outs, denials, prints and exports."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccessKind(models.TextChoices):
    SIGN_IN = "sign_in", _("Signed in")
    SIGN_IN_FAILED = "sign_in_failed", _("Sign-in failed")
    SIGN_OUT = "sign_out", _("Signed out")
    DENIED = "denied", _("Denied")
    PRINT = "print", _("Printed")
    EXPORT = "export", _("Exported")


class AccessEvent(models.Model):
    """One access event. Append-only, like history (a trigger refuses UPDATE and DELETE)."""

    at = models.DateTimeField(_("when"), default=timezone.now)
    # PROTECT: accounts are deactivated, never deleted, so the log keeps its people.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("user"),
    )
    username = models.CharField(_("user name"), max_length=150, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=AccessKind.choices)
    path = models.CharField(_("address"), max_length=500, blank=True)
    object_description = models.CharField(_("object"), max_length=300, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("access event")
        verbose_name_plural = _("access events")
        indexes = [
            models.Index(fields=["-at", "-id"], name="accessevent_newest"),
            models.Index(fields=["kind", "-at"], name="accessevent_kind"),
            models.Index(fields=["user", "-at"], name="accessevent_user"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind} {self.username}"
