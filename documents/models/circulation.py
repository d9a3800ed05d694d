"""Circulation (传阅): a reading list for one copy, approved by a leader, read one reader at a time.

The copy always goes registry -> reader -> registry; an entry records both
people and the time of each hand-out and each return.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class CirculationStatus(models.TextChoices):
    PROPOSED = "proposed", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


ACTIVE_STATUSES = (CirculationStatus.PROPOSED, CirculationStatus.APPROVED, CirculationStatus.IN_PROGRESS)


class Circulation(models.Model):
    copy = models.ForeignKey("documents.Copy", on_delete=models.PROTECT, related_name="circulations", verbose_name=_("copy"))
    status = models.CharField(
        _("status"), max_length=12, choices=CirculationStatus.choices, default=CirculationStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("proposed by")
    )
    proposed_at = models.DateTimeField(_("proposed at"))
    # The leader who approved or rejected the list.
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.CharField(_("decision"), max_length=500, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        verbose_name = _("circulation")
        verbose_name_plural = _("circulations")
        constraints = [
            # Safety net under the services' own check: one list under way per copy.
            models.UniqueConstraint(
                fields=["copy"],
                condition=models.Q(status__in=["proposed", "approved", "in_progress"]),
                name="circulation_one_active_per_copy",
            ),
            models.CheckConstraint(
                condition=models.Q(decided_by__isnull=True) | ~models.Q(decided_by=models.F("proposed_by")),
                name="circulation_proposer_not_decider",
            ),
        ]
        indexes = [models.Index(fields=["status", "copy"], name="circulation_status")]

    def __str__(self):
        return f"{self.copy} · {self.get_status_display()}"

    @property
    def is_active(self):
        return self.status in ACTIVE_STATUSES


class CirculationEntry(models.Model):
    """One reader on the list, and the copy's trip to them and back."""

    circulation = models.ForeignKey(Circulation, on_delete=models.PROTECT, related_name="entries")
    reader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("reader"))
    position = models.PositiveSmallIntegerField(_("position"))
    handed_out_at = models.DateTimeField(_("handed out at"), null=True, blank=True)
    handed_out_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("handed out by"),
    )
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("received by"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["circulation", "position"]
        verbose_name = _("circulation entry")
        verbose_name_plural = _("circulation entries")
        constraints = [
            models.UniqueConstraint(fields=["circulation", "position"], name="circulation_entry_position"),
            models.UniqueConstraint(fields=["circulation", "reader"], name="circulation_entry_reader_once"),
            # The one who hands out and the one who receives are never the reader.
            models.CheckConstraint(
                condition=models.Q(handed_out_by__isnull=True) | ~models.Q(handed_out_by=models.F("reader")),
                name="circulation_entry_not_self_handed",
            ),
            models.CheckConstraint(
                condition=models.Q(received_by__isnull=True) | ~models.Q(received_by=models.F("reader")),
                name="circulation_entry_not_self_received",
            ),
        ]

    def __str__(self):
        return f"{self.circulation_id} #{self.position} {self.reader}"

    @property
    def is_out(self):
        return self.handed_out_at is not None and self.returned_at is None
