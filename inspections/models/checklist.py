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


class EvidenceCode(models.TextChoices):
    """What the registry itself can tell about an item: the rules in inspections/evidence.py."""

    LEDGERS_COMPLETE = "ledgers_complete", _("Every hand-out has its return recorded")
    INVENTORIES_DONE = "inventories_done", _("Every registry inventoried this year")
    TRAINING_RECORDED = "training_recorded", _("Secret-related people trained this year")
    COMMITMENTS_SIGNED = "commitments_signed", _("Commitments signed by the secret-related people")
    DEVICES_CHECKED = "devices_checked", _("Devices checked this year")


class ChecklistItem(models.Model):
    area = models.ForeignKey(ChecklistArea, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.CharField(_("item"), max_length=500)
    max_score = models.DecimalField(_("maximum score"), max_digits=5, decimal_places=1, validators=[MinValueValidator(0)])
    evidence_code = models.CharField(
        _("evidence from the registry"), max_length=30, choices=EvidenceCode.choices, blank=True,
        help_text=_("The registry's own figure shown beside this item's score."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["area", "position", "pk"]
        verbose_name = _("checklist item")

    def __str__(self):
        return self.text
