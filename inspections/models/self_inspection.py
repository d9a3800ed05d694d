from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class SelfInspectionStatus(models.TextChoices):
    DRAFT = "draft", _("Being scored")
    COMPLETED = "completed", _("Completed")


class InspectionKind(models.TextChoices):
    ANNUAL = "annual", _("Annual self-inspection")
    SPECIAL = "special", _("Special inspection")


class SelfInspection(models.Model):
    """A unit's self-inspection (自查) for a year, scored against a checklist template.

    The annual one is one per unit and year; special (ad hoc) inspections on a
    subject may be many, and the annual summary reads only the annual one.
    """

    unit = models.ForeignKey("people.Unit", on_delete=models.PROTECT, related_name="self_inspections")
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=10, choices=InspectionKind.choices, default=InspectionKind.ANNUAL)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
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
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year"], condition=Q(kind="annual"), name="annual_self_inspection_once_a_year"
            ),
            models.CheckConstraint(condition=Q(kind="annual") | ~Q(subject=""), name="special_inspection_has_subject"),
        ]

    def __str__(self):
        if self.kind == InspectionKind.SPECIAL:
            return f"{self.unit} {self.year} · {self.subject}"
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


class DeviceCheckResult(models.TextChoices):
    OK = "ok", _("No problem found")
    PROBLEM = "problem", _("Problem found")


class DeviceCheck(models.Model):
    """A classified computer or storage medium checked during a self-inspection (涉密设备检查)."""

    self_inspection = models.ForeignKey(SelfInspection, on_delete=models.PROTECT, related_name="device_checks")
    device = models.ForeignKey("carriers.Device", on_delete=models.PROTECT, related_name="checks", verbose_name=_("device"))
    result = models.CharField(_("result"), max_length=10, choices=DeviceCheckResult.choices)
    note = models.CharField(_("what was found"), max_length=500, blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("checked by"))
    checked_at = models.DateTimeField(_("checked at"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["device__asset_number", "pk"]
        verbose_name = _("device check")
        verbose_name_plural = _("device checks")
        constraints = [models.UniqueConstraint(fields=["self_inspection", "device"], name="device_checked_once_per_inspection")]

    def __str__(self):
        return f"{self.device} · {self.get_result_display()}"
