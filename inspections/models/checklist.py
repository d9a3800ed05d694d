from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ChecklistTemplate(models.Model):
    """A self-inspection standard: areas of items, each with a maximum score. The administrator edits it."""

    name = models.CharField(_("name"), max_length=200)
    is_default = models.BooleanField(_("default for new self-inspections"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("checklist template")
        verbose_name_plural = _("checklist templates")

    def __str__(self):
        return self.name

    @property
    def max_total(self):
        return sum(item.max_score for area in self.areas.all() for item in area.items.all())


class ChecklistArea(models.Model):
    template = models.ForeignKey(ChecklistTemplate, on_delete=models.CASCADE, related_name="areas")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("area"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        ordering = ["template", "position", "pk"]
        verbose_name = _("checklist area")

    def __str__(self):
        return self.name


class ChecklistItem(models.Model):
    area = models.ForeignKey(ChecklistArea, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.CharField(_("item"), max_length=500)
    max_score = models.DecimalField(_("maximum score"), max_digits=5, decimal_places=1, validators=[MinValueValidator(0)])
    history = HistoricalRecords()

    class Meta:
        ordering = ["area", "position", "pk"]
        verbose_name = _("checklist item")

    def __str__(self):
        return self.text
