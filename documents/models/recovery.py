from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Recovery(models.Model):
    """A batch of copies handed back to the organ that issued them (清退), against its receipt."""

    registry = models.ForeignKey("documents.Registry", on_delete=models.PROTECT, related_name="recoveries")
    issuing_organ = models.CharField(_("issuing organ"), max_length=200)
    receipt_reference = models.CharField(_("receipt reference"), max_length=100)
    reason = models.CharField(_("reason"), max_length=500)
    recovered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("returned by")
    )
    recovered_at = models.DateTimeField(_("returned at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-recovered_at", "-pk"]
        verbose_name = _("recovery to issuer")
        verbose_name_plural = _("recoveries to issuer")

    def __str__(self):
        return self.label

    @property
    def label(self):
        return f"{self.registry.code}-QT-{self.pk:05d}"


class RecoveryItem(models.Model):
    recovery = models.ForeignKey(Recovery, on_delete=models.PROTECT, related_name="items")
    copy = models.ForeignKey("documents.Copy", on_delete=models.PROTECT, related_name="recovery_items")
    history = HistoricalRecords()

    class Meta:
        ordering = ["recovery", "copy"]
        verbose_name = _("recovered copy")
        verbose_name_plural = _("recovered copies")
        constraints = [
            # Returned to issuer is terminal: a copy leaves the registry this way once.
            models.UniqueConstraint(fields=["copy"], name="recovery_item_unique_copy"),
        ]
