"""Incidents (泄密事件, 违规): a lost copy, a classified computer on the Internet, a virus, secrets posted in public,
a leak by talk, a breach of procedure. One register of them all (registers.services.incidents); a lost copy's
incident is the kind the loss procedure and dispatch's "not received" open, and stays open until a leader closes it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class IncidentStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class IncidentKind(models.TextChoices):
    LOST_COPY = "lost_copy", _("Lost copy")
    INTERNET = "internet", _("Classified computer connected to the Internet")
    VIRUS = "virus", _("Virus or malware")
    POSTED_PUBLICLY = "posted_publicly", _("Secrets posted on a public network")
    TALK = "talk", _("Leak by talk")
    PROCEDURE = "procedure", _("Violation of procedure")
    OTHER = "other", _("Other")


class Incident(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=IncidentKind.choices, default=IncidentKind.LOST_COPY)
    # The unit whose register holds it: a lost copy's is its registry's unit.
    unit = models.ForeignKey("people.Unit", on_delete=models.PROTECT, related_name="incidents", verbose_name=_("unit"))
    copy = models.ForeignKey("documents.Copy", on_delete=models.PROTECT, null=True, blank=True, related_name="incidents",
                             verbose_name=_("copy"))
    status = models.CharField(_("status"), max_length=8, choices=IncidentStatus.choices, default=IncidentStatus.OPEN)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("reported by")
    )
    reported_at = models.DateTimeField(_("reported at"))
    occurred_at = models.DateTimeField(_("happened at (as far as known)"), null=True, blank=True)
    # Null only in history rows written before the register kept it; every incident has it.
    discovered_at = models.DateTimeField(_("discovered at"), null=True)
    source = models.CharField(_("opened by"), max_length=200, blank=True)
    circumstances = models.TextField(_("what happened"), max_length=4000)
    notified = models.TextField(_("who was told"), blank=True, max_length=4000)
    bureau_reported_at = models.DateTimeField(_("reported to the secrecy bureau at"), null=True, blank=True)
    bureau_report = models.CharField(_("report to the bureau"), max_length=500, blank=True)
    result = models.TextField(_("result of the investigation"), blank=True, max_length=4000)
    result_on = models.DateField(_("investigation concluded on"), null=True, blank=True)
    held_responsible = models.TextField(_("held responsible"), blank=True, max_length=4000)
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
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
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
            models.CheckConstraint(
                condition=models.Q(kind="lost_copy", copy__isnull=False) | (~models.Q(kind="lost_copy") & models.Q(copy__isnull=True)),
                name="incident_copy_when_lost",
            ),
        ]
        indexes = [models.Index(fields=["status", "reported_at"], name="incident_status"),
                   models.Index(fields=["unit", "discovered_at"], name="incident_unit_discovered")]

    def __str__(self):
        what = self.copy if self.copy_id else self.get_kind_display()
        return f"{what} · {self.get_status_display()}"

    @property
    def is_open(self):
        return self.status == IncidentStatus.OPEN
