from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from documents.levels import Level


class RetentionPeriod(models.TextChoices):
    PERMANENT = "permanent", _("Permanent")
    THIRTY_YEARS = "30y", _("30 years")
    TEN_YEARS = "10y", _("10 years")


class Volume(models.Model):
    """An archive volume (案卷): finished documents' copies filed together in a unit's archive.

    Its highest level is the highest classification among the documents filed
    in it; the filing service keeps it up to date so that lists, banners and
    the reading-room log read it without a join.
    """

    registry = models.ForeignKey("documents.Registry", on_delete=models.PROTECT, related_name="volumes")
    volume_number = models.CharField(
        _("volume number"), max_length=40, help_text=_("As written on the volume's spine, e.g. 2026-P-001.")
    )
    title = models.CharField(_("title"), max_length=300)
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(1900), MaxValueValidator(2100)])
    retention_period = models.CharField(_("retention period"), max_length=12, choices=RetentionPeriod.choices)
    location = models.CharField(
        _("location"), max_length=200, help_text=_("Room, cabinet and shelf, e.g. Archive room 2, cabinet 3, shelf 1.")
    )
    highest_level = models.PositiveSmallIntegerField(
        _("highest level"), choices=Level.choices, null=True, blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False, verbose_name=_("created by")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "volume_number"]
        verbose_name = _("archive volume")
        verbose_name_plural = _("archive volumes")
        constraints = [
            models.UniqueConstraint(fields=["registry", "volume_number"], name="volume_unique_number"),
        ]

    def __str__(self):
        return f"{self.volume_number} {self.title}"


class FiledCopy(models.Model):
    """One copy filed into a volume, as an item of the volume's catalogue (卷内目录). A copy is filed once."""

    volume = models.ForeignKey(Volume, on_delete=models.PROTECT, related_name="filed_copies")
    copy = models.OneToOneField("documents.Copy", on_delete=models.PROTECT, related_name="filing")
    item_number = models.PositiveIntegerField(_("item number"))
    filed_at = models.DateTimeField(_("filed at"), auto_now_add=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("filed by")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["volume", "item_number"]
        verbose_name = _("filed copy")
        verbose_name_plural = _("filed copies")
        constraints = [
            models.UniqueConstraint(fields=["volume", "item_number"], name="filed_copy_unique_item"),
        ]

    def __str__(self):
        return f"{self.volume.volume_number} #{self.item_number}"
