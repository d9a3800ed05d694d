from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from inspections.models import DeviceCheckResult


class CheckPoint(models.TextChoices):
    """What a periodic check of a classified computer or medium looks at (涉密计算机及移动存储介质定期检查)."""

    INTERNET = "internet", _("No Internet connection")
    ANTIVIRUS = "antivirus", _("Anti-virus up to date")
    WIRELESS = "wireless", _("No wireless")
    CROSS_USE = "cross_use", _("No cross use between classified and non-classified")
    SEALS = "seals", _("Seals intact")


# What a failed point is called where a check says what it found (the checklist names the sound condition).
FOUND = {
    CheckPoint.INTERNET: _("Connected to the Internet"),
    CheckPoint.ANTIVIRUS: _("Anti-virus out of date"),
    CheckPoint.WIRELESS: _("Wireless in use"),
    CheckPoint.CROSS_USE: _("Cross use between classified and non-classified"),
    CheckPoint.SEALS: _("Seals broken"),
}


def point_field(point):
    """The name of the field that says whether `point` was found sound: `internet_sound`, ..."""
    return f"{point}_sound"


class PeriodicCheck(models.Model):
    """A dated check of one classified computer or medium, point by point, with its result and findings.

    Each point is a field of its own (sound or not) so that a register elsewhere can ask which checks found,
    say, an Internet connection (`failed_points`, or a filter on `internet_sound=False`). The result reuses the
    self-inspection's device check result: a check that found any point wanting found a problem.
    """

    device = models.ForeignKey("carriers.Device", on_delete=models.PROTECT, related_name="periodic_checks",
                               verbose_name=_("device"))
    checked_on = models.DateField(_("checked on"))
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("checked by"))
    internet_sound = models.BooleanField(_("no Internet connection"))
    antivirus_sound = models.BooleanField(_("anti-virus up to date"))
    wireless_sound = models.BooleanField(_("no wireless"))
    cross_use_sound = models.BooleanField(_("no cross use"))
    seals_sound = models.BooleanField(_("seals intact"))
    result = models.CharField(_("result"), max_length=10, choices=DeviceCheckResult.choices)
    findings = models.CharField(_("findings"), max_length=1000, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-checked_on", "-pk"]
        verbose_name = _("periodic device check")
        verbose_name_plural = _("periodic device checks")
        constraints = [
            # Findings are written whenever something was wrong (the service says so by field first).
            models.CheckConstraint(condition=models.Q(result="ok") | ~models.Q(findings=""),
                                   name="periodic_check_problem_has_findings"),
        ]

    def __str__(self):
        return f"{self.device} · {self.checked_on:%Y-%m-%d} · {self.get_result_display()}"

    @property
    def failed_points(self) -> list:
        """The points found wanting, as CheckPoint members, in the checklist's order."""
        return [point for point in CheckPoint if not getattr(self, point_field(point))]

    def failed_points_text(self):
        from documents.punctuation import listing

        return listing([str(FOUND[point]) for point in self.failed_points])
