from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from carriers.models.device import DeviceStatus
from documents.models.copy import CopyStatus


class InventoryStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    SIGNED_OFF = "signed_off", _("Signed off by the inspector")


class ItemResult(models.TextChoices):
    # Until the close nothing is presumed: a copy not seen yet is neither found nor missing.
    PENDING = "pending", _("Not yet seen")
    SEEN = "seen", _("Seen")
    # A copy the ledger says is out with a reader or on loan, seen with that holder.
    WITH_HOLDER = "with_holder", _("Seen with its holder")
    MISSING = "missing", _("Missing")
    DAMAGED = "damaged", _("Damaged")
    WRONG_HOLDER = "wrong_holder", _("With the wrong holder")
    UNEXPECTED = "unexpected", _("Unexpected (the ledger says it is gone)")
    # A copy out with a holder nobody confirmed by the close: followed up with the holder, not reported lost.
    UNCONFIRMED = "unconfirmed", _("Not confirmed with its holder")


# Found as the ledger says: everything else is listed on the result for someone to follow up.
ACCOUNTED = (ItemResult.SEEN, ItemResult.WITH_HOLDER)
DISCREPANCIES = (
    ItemResult.MISSING, ItemResult.DAMAGED, ItemResult.WRONG_HOLDER, ItemResult.UNEXPECTED, ItemResult.UNCONFIRMED,
)


class Inventory(models.Model):
    """An inventory (清查) of one registry: every copy the ledger says is here or out with someone."""

    registry = models.ForeignKey("documents.Registry", on_delete=models.PROTECT, related_name="inventories")
    status = models.CharField(_("status"), max_length=12, choices=InventoryStatus.choices, default=InventoryStatus.OPEN)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    purpose = models.CharField(_("purpose"), max_length=300)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(_("signed off at"), null=True, blank=True)
    sign_off_note = models.TextField(_("inspector's note"), blank=True, max_length=2000)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opened_at", "-pk"]
        verbose_name = _("inventory")
        verbose_name_plural = _("inventories")
        constraints = [
            models.UniqueConstraint(
                fields=["registry"], condition=models.Q(status="open"), name="inventory_one_open_per_registry"
            )
        ]

    def __str__(self):
        return f"{self.registry.code} · {self.opened_at:%Y-%m-%d}"


class InventoryItem(models.Model):
    """One copy in an inventory: what the ledger says, and what the clerk found."""

    inventory = models.ForeignKey(Inventory, on_delete=models.PROTECT, related_name="items")
    copy = models.ForeignKey("documents.Copy", on_delete=models.PROTECT, related_name="inventory_items")
    expected_status = models.CharField(_("ledger status"), max_length=20, choices=CopyStatus.choices)
    expected_holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    result = models.CharField(_("result"), max_length=15, choices=ItemResult.choices, default=ItemResult.PENDING)
    found_holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("actually held by"),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["inventory", "copy_id"]
        constraints = [models.UniqueConstraint(fields=["inventory", "copy"], name="inventory_item_once")]
        indexes = [models.Index(fields=["inventory", "result"], name="inventory_item_result")]


# What a device can be found to be: no holder to see it with (its custodian keeps it where it is), and no
# device turns up unexpectedly (the inventory lists every device of the unit not scrapped).
DEVICE_RESULTS = (ItemResult.PENDING, ItemResult.SEEN, ItemResult.DAMAGED, ItemResult.WRONG_HOLDER, ItemResult.MISSING)
DEVICE_RESULT_CHOICES = [(result.value, result.label) for result in DEVICE_RESULTS]


class InventoryDeviceItem(models.Model):
    """One classified computer or storage medium in an inventory (设备、载体清查): the register's word, and what was found."""

    inventory = models.ForeignKey(Inventory, on_delete=models.PROTECT, related_name="device_items")
    device = models.ForeignKey("carriers.Device", on_delete=models.PROTECT, related_name="inventory_items")
    expected_status = models.CharField(_("ledger status"), max_length=10, choices=DeviceStatus.choices)
    expected_custodian = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("custodian"),
    )
    result = models.CharField(
        _("result"), max_length=15, choices=DEVICE_RESULT_CHOICES, default=ItemResult.PENDING
    )
    found_custodian = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("actually with"),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["inventory", "device_id"]
        verbose_name = _("device in an inventory")
        verbose_name_plural = _("devices in inventories")
        constraints = [models.UniqueConstraint(fields=["inventory", "device"], name="inventory_device_once")]
