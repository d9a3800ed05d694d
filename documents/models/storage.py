from django.db import models
from django.utils.translation import gettext, gettext_lazy as _
from simple_history.models import HistoricalRecords

from documents.punctuation import listing

PLACE_PART_MAX_LENGTH = 100


class StorageLocation(models.Model):
    """Where a registry keeps copies: a room, a cabinet in it, a shelf in that (docs/decisions.md, issue 16).

    One row per place a clerk has named, per registry; made by the storage
    service the first time a copy is put there, so the ledger can filter
    on a place spelt one way.
    """

    registry = models.ForeignKey("documents.Registry", on_delete=models.PROTECT, related_name="storage_locations")
    room = models.CharField(_("room"), max_length=PLACE_PART_MAX_LENGTH)
    cabinet = models.CharField(_("cabinet"), max_length=PLACE_PART_MAX_LENGTH, blank=True)
    shelf = models.CharField(_("shelf"), max_length=PLACE_PART_MAX_LENGTH, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["registry", "room", "cabinet", "shelf"]
        verbose_name = _("storage location")
        verbose_name_plural = _("storage locations")
        constraints = [
            models.UniqueConstraint(fields=["registry", "room", "cabinet", "shelf"], name="storage_location_unique_place"),
        ]

    def __str__(self):
        parts = [gettext("Room %(room)s") % {"room": self.room}]
        if self.cabinet:
            parts.append(gettext("cabinet %(cabinet)s") % {"cabinet": self.cabinet})
        if self.shelf:
            parts.append(gettext("shelf %(shelf)s") % {"shelf": self.shelf})
        return listing(parts)
