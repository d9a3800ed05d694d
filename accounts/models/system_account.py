from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class SystemAccount(models.Model):
    """An account that a system (an OA integration) uses, not a person: the only kind an administrator issues tokens to.

    A person's token is issued by that person, after signing in with both
    factors. Marking an account is an administrator's recorded decision, and
    only an account that holds no role yet can be marked: the roles it gets
    afterwards wait for a leader's confirmation like anyone's.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="system_account", verbose_name=_("account")
    )
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("marked by")
    )
    marked_at = models.DateTimeField(_("marked at"), default=timezone.now)
    reason = models.TextField(_("reason"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["user__username"]
        verbose_name = _("system account")
        verbose_name_plural = _("system accounts")

    def __str__(self):
        return str(self.user)
