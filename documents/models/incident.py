"""Loss (丢失): a lost copy opens an incident that stays open until a leader closes it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class IncidentStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Incident(models.Model):
    copy = models.ForeignKey("documents.Copy", on_delete=models.PROTECT, related_name="incidents", verbose_name=_("copy"))
    status = models.CharField(_("status"), max_length=8, choices=IncidentStatus.choices, default=IncidentStatus.OPEN)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("reported by")
    )
    reported_at = models.DateTimeField(_("reported at"))
    occurred_at = models.DateTimeField(_("lost at (as far as known)"), null=True, blank=True)
    circumstances = models.TextField(_("circumstances"), max_length=4000)
    notified = models.TextField(_("who was told"), blank=True, max_length=4000)
    follow_up = models.TextField(_("follow-up actions"), blank=True, max_length=20000)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("closed by"),
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closing_note = models.TextField(_("conclusion"), blank=True, max_length=4000)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-reported_at", "-pk"]
        verbose_name = _("loss incident")
        verbose_name_plural = _("loss incidents")
        constraints = [
            # Lost is terminal: a copy is reported lost once.
            models.UniqueConstraint(fields=["copy"], name="incident_one_per_copy"),
            models.CheckConstraint(
                condition=models.Q(closed_by__isnull=True) | ~models.Q(closed_by=models.F("reported_by")),
                name="incident_reporter_not_closer",
            ),
            models.CheckConstraint(
                condition=models.Q(status="open", closed_by__isnull=True) | models.Q(status="closed", closed_by__isnull=False),
                name="incident_closed_has_closer",
            ),
        ]
        indexes = [models.Index(fields=["status", "reported_at"], name="incident_status")]

    def __str__(self):
        return f"{self.copy} · {self.get_status_display()}"

    @property
    def is_open(self):
        return self.status == IncidentStatus.OPEN
