from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TokenUse(models.Model):
    """One request made with an API token, recorded as the token's user.

    Append-only: written by accounts.services.tokens.record_use after the
    answer is known, never changed.
    """

    token = models.ForeignKey("accounts.ApiToken", on_delete=models.PROTECT, related_name="uses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("user"))
    at = models.DateTimeField(_("at"), auto_now_add=True)
    method = models.CharField(_("method"), max_length=10)
    path = models.CharField(_("path"), max_length=500)
    status = models.PositiveSmallIntegerField(_("answer"))

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("API token use")
        verbose_name_plural = _("API token uses")
        indexes = [models.Index(fields=["token", "-at"], name="tokenuse_token_at")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.user} {self.method} {self.path} {self.status}"
