from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class SelfInspectionStatus(models.TextChoices):
    DRAFT = "draft", _("Being scored")
    COMPLETED = "completed", _("Completed")


class SelfInspection(models.Model):
    """A unit's self-inspection (自查) for a year, scored against a checklist template."""

    unit = models.ForeignKey("people.Unit", on_delete=models.PROTECT, related_name="self_inspections")
    year = models.PositiveSmallIntegerField(_("year"))
    template = models.ForeignKey("inspections.ChecklistTemplate", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=SelfInspectionStatus.choices, default=SelfInspectionStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    completed_at = models.DateTimeField(null=True, blank=True)
    total = models.DecimalField(_("total score"), max_digits=6, decimal_places=1, null=True, blank=True)
    maximum = models.DecimalField(_("maximum score"), max_digits=6, decimal_places=1, null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "unit"]
        verbose_name = _("self-inspection")
        verbose_name_plural = _("self-inspections")
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="self_inspection_once_a_year")]

    def __str__(self):
        return f"{self.unit} {self.year}"

    @property
    def percentage(self):
        if not self.maximum:
            return None
        return round(self.total / self.maximum * 100, 1)


class ItemScore(models.Model):
    self_inspection = models.ForeignKey(SelfInspection, on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey("inspections.ChecklistItem", on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1, null=True, blank=True, validators=[MinValueValidator(0)])
    remarks = models.CharField(_("remarks"), max_length=1000, blank=True)
    evidence = models.CharField(_("evidence"), max_length=1000, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["item__area__position", "item__position", "item_id"]
        constraints = [models.UniqueConstraint(fields=["self_inspection", "item"], name="score_once_per_item")]


class RectificationStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Rectified")


class Rectification(models.Model):
    """A problem found by a self-inspection, with an owner and a deadline (整改)."""

    self_inspection = models.ForeignKey(SelfInspection, on_delete=models.PROTECT, related_name="rectifications")
    item = models.ForeignKey("inspections.ChecklistItem", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    problem = models.CharField(_("problem"), max_length=1000)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="rectifications", verbose_name=_("owner"))
    deadline = models.DateField(_("deadline"))
    status = models.CharField(_("status"), max_length=10, choices=RectificationStatus.choices, default=RectificationStatus.OPEN)
    outcome = models.CharField(_("what was done"), max_length=1000, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = _("rectification item")
        verbose_name_plural = _("rectification items")
        indexes = [models.Index(fields=["status", "deadline"], name="rectification_due")]

    def __str__(self):
        return self.problem
