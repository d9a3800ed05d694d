from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from documents.levels import Level


class AnnualSummary(models.Model):
    """What the office decided about a unit's summary of a year; the figures themselves are always computed.

    The summary carries counts, never a document's content, so its marking is the office's
    choice (internal unless changed), each change recorded with its reason in the history.
    """

    unit = models.ForeignKey("people.Unit", on_delete=models.PROTECT, related_name="annual_summaries")
    year = models.PositiveSmallIntegerField(_("year"))
    level = models.SmallIntegerField(_("marking"), choices=Level.choices, default=Level.INTERNAL)
    level_reason = models.CharField(_("reason for the marking"), max_length=500, blank=True)
    level_chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("annual summary")
        verbose_name_plural = _("annual summaries")
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="annual_summary_once_a_year")]

    def __str__(self):
        return f"{self.unit} {self.year}"
