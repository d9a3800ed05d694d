from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Protection(models.TextChoices):
    """What protects a key part (要害部位), as the self-inspection checklist asks about them."""

    SECURE_DOOR = "secure_door", _("Secure door")
    WINDOW_BARS = "window_bars", _("Window bars")
    SAFE_CABINET = "safe_cabinet", _("Safe cabinet")
    ALARM = "alarm", _("Intrusion alarm")
    CCTV = "cctv", _("CCTV")
    GUARD = "guard", _("Guard")
    DUTY = "duty", _("Duty roster")


class KeyPart(models.Model):
    """A room or place of a key department where secrets are kept or handled (要害部位), and its protections."""

    unit = models.ForeignKey("people.Unit", on_delete=models.PROTECT, related_name="key_parts", verbose_name=_("unit"))
    name = models.CharField(_("name"), max_length=200)
    location = models.CharField(_("location"), max_length=200)
    protections = models.JSONField(_("protections"), default=list, blank=True)
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="key_parts",
                                    verbose_name=_("person responsible"))
    registered_on = models.DateField(_("registered on"), default=timezone.localdate, editable=False)
    withdrawn_on = models.DateField(_("no longer a key part since"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["unit", "name", "pk"]
        verbose_name = _("key part")
        verbose_name_plural = _("key parts")
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], condition=models.Q(withdrawn_on__isnull=True),
                                    name="one_key_part_of_a_name"),
        ]

    def __str__(self):
        return self.name

    @property
    def in_use(self):
        return self.withdrawn_on is None

    def protection_labels(self):
        labels = dict(Protection.choices)
        return [labels.get(key, key) for key in self.protections]

    def protections_text(self):
        """The protections as a list in the reader's language: `Secure door, Alarm` / `防盗门、报警装置`."""
        from documents.punctuation import listing

        return listing(self.protection_labels())


class CheckResult(models.TextChoices):
    SOUND = "sound", _("Sound")
    PROBLEMS = "problems", _("Problems found")


class KeyPartCheck(models.Model):
    """A dated check of a key part's protections, with what it found."""

    part = models.ForeignKey(KeyPart, on_delete=models.PROTECT, related_name="checks", verbose_name=_("key part"))
    checked_on = models.DateField(_("checked on"))
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("checked by"))
    result = models.CharField(_("result"), max_length=10, choices=CheckResult.choices)
    findings = models.CharField(_("findings"), max_length=1000, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-checked_on", "-pk"]
        verbose_name = _("check of a key part")
        verbose_name_plural = _("checks of key parts")
