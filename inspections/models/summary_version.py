from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FINAL = "final", _("Final")


class SummaryVersion(models.Model):
    """One version of a unit's annual summary: the prose the office wrote over the drafted paragraphs.

    A draft's figures are computed from the data each time it is shown. Marking it
    final keeps the report as it then read (`snapshot`: every section's figures,
    paragraph, rows and claims, in the language it was marked final in), so a final
    summary no longer changes with the data; it cannot be edited, only followed by
    a new version (`based_on`), which says why (`changes_note`) and what changed.
    """

    unit = models.ForeignKey("people.Unit", on_delete=models.PROTECT, related_name="summary_versions")
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    prose = models.JSONField(_("prose of the sections"), default=dict, blank=True)
    based_on = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    changes_note = models.CharField(_("what this version changes"), max_length=1000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    finalised_at = models.DateTimeField(null=True, blank=True)
    snapshot = models.JSONField(null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("version of the annual summary")
        verbose_name_plural = _("versions of the annual summary")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "number"], name="summary_version_numbered_once"),
            models.UniqueConstraint(
                fields=["unit", "year"], condition=Q(status="draft"), name="summary_one_draft_at_a_time"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(finalised_at__isnull=False, snapshot__isnull=False),
                name="summary_final_has_its_snapshot",
            ),
        ]

    def __str__(self):
        return f"{self.unit} {self.year} v{self.number}"

    @property
    def is_final(self):
        return self.status == VersionStatus.FINAL
