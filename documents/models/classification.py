from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from documents.levels import Level


class DecisionKind(models.TextChoices):
    DECLASSIFY = "declassify", _("Declassify")
    EXTEND = "extend", _("Extend the secrecy period")
    CHANGE_LEVEL = "change_level", _("Change the classification level")


class ClassificationDecision(models.Model):
    """A leader's decision to declassify a document, extend its period or change its level (解密/变更)."""

    document = models.ForeignKey("documents.Document", on_delete=models.PROTECT, related_name="classification_decisions")
    kind = models.CharField(_("decision"), max_length=15, choices=DecisionKind.choices)
    old_level = models.PositiveSmallIntegerField(_("level before"), choices=Level.choices)
    old_period_years = models.PositiveSmallIntegerField(_("period before (years)"), null=True, blank=True)
    old_period_ends_on = models.DateField(_("period ended on before"), null=True, blank=True)
    new_level = models.PositiveSmallIntegerField(_("level after"), choices=Level.choices)
    new_period_years = models.PositiveSmallIntegerField(_("period after (years)"), null=True, blank=True)
    new_period_ends_on = models.DateField(_("period ends on after"), null=True, blank=True)
    basis = models.CharField(_("basis"), max_length=1000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-decided_at", "-pk"]
        verbose_name = _("classification decision")
        verbose_name_plural = _("classification decisions")

    def __str__(self):
        return f"{self.get_kind_display()} · {self.document_id}"
