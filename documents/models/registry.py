from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Registry(models.Model):
    """A unit's registry: the book its documents are numbered in."""

    unit = models.ForeignKey("people.Unit", on_delete=models.PROTECT, related_name="registries")
    code = models.CharField(
        _("code"), max_length=16, unique=True, help_text=_("Printed in front of every registry number, e.g. BGS.")
    )
    name = models.CharField(_("name"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("registry")
        verbose_name_plural = _("registries")

    def __str__(self):
        return f"{self.code} · {self.name}"


class RegistryNumberCounter(models.Model):
    """The last serial handed out per registry and year.

    Written only by documents.services.numbering on a connection of its own,
    so it only ever grows, whatever happens to the registration that asked.
    """

    # No database-level foreign key: the allocator's own connection must be
    # able to count for a registry created in a transaction not yet committed.
    registry = models.ForeignKey(Registry, on_delete=models.DO_NOTHING, related_name="counters", db_constraint=False)
    year = models.PositiveSmallIntegerField()
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["registry", "year"], name="counter_unique_registry_year")]
