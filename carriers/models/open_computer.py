from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class OpenNetwork(models.TextChoices):
    INTERNET = "internet", _("Internet")
    OFFICE = "office", _("Non-classified office network")
    STANDALONE = "standalone", _("Stand-alone")


class OpenComputer(models.Model):
    """A non-classified computer of the unit (非涉密计算机), registered so that no cross use can be shown:
    its asset number is never a classified device's, and its network is named."""

    unit = models.ForeignKey("people.Unit", on_delete=models.PROTECT, related_name="open_computers",
                             verbose_name=_("unit"))
    asset_number = models.CharField(_("asset number"), max_length=40)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="open_computers",
                             verbose_name=_("user"))
    location = models.CharField(_("location"), max_length=200)
    network = models.CharField(_("network"), max_length=12, choices=OpenNetwork.choices)
    network_name = models.CharField(_("network name"), max_length=200, blank=True)
    registered_on = models.DateField(_("registered on"), default=timezone.localdate, editable=False)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["unit", "asset_number", "pk"]
        verbose_name = _("non-classified computer")
        verbose_name_plural = _("non-classified computers")
        constraints = [
            models.UniqueConstraint(fields=["asset_number"], condition=models.Q(withdrawn_on__isnull=True),
                                    name="open_computer_asset_once"),
        ]

    def __str__(self):
        return self.asset_number

    @property
    def in_use(self):
        return self.withdrawn_on is None
