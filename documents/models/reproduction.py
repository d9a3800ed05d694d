"""Copying and excerpting (复制/摘抄): a request that, once approved and executed, makes new copies."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

MAX_REPRODUCTIONS = 50


class ReproductionKind(models.TextChoices):
    COPY = "copy", pgettext_lazy("reproduction kind", "Copy")
    EXCERPT = "excerpt", _("Excerpt")


class ReproductionStatus(models.TextChoices):
    REQUESTED = "requested", _("Awaiting approval")
    APPROVED = "approved", _("Approved, not yet made")
    REJECTED = "rejected", _("Rejected")
    EXECUTED = "executed", _("Made")


class ReproductionRequest(models.Model):
    source_copy = models.ForeignKey(
        "documents.Copy", on_delete=models.PROTECT, related_name="reproduction_requests", verbose_name=_("source copy")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ReproductionKind.choices)
    count = models.PositiveSmallIntegerField(
        _("number of copies"), validators=[MinValueValidator(1), MaxValueValidator(MAX_REPRODUCTIONS)]
    )
    reason = models.CharField(_("reason"), max_length=500)
    originating_approval = models.CharField(
        _("originating organ's approval reference"), max_length=200, blank=True,
        help_text=_("Required for top secret documents."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ReproductionStatus.choices, default=ReproductionStatus.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.CharField(_("decision"), max_length=500, blank=True)
    executed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("made by"),
    )
    executed_at = models.DateTimeField(_("made at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("copying request")
        verbose_name_plural = _("copying requests")
        indexes = [models.Index(fields=["status"], name="reproduction_status")]

    def __str__(self):
        return f"#{self.pk} {self.get_kind_display()} × {self.count} of {self.source_copy}"
