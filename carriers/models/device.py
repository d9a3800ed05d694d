from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from documents.levels import Level


class DeviceKind(models.TextChoices):
    COMPUTER = "computer", _("Classified computer")
    USB = "usb", _("USB storage key")
    DISK = "disk", _("Removable hard disk")
    OPTICAL = "optical", _("Optical disc")


STORAGE_MEDIA = (DeviceKind.USB, DeviceKind.DISK, DeviceKind.OPTICAL)


class Network(models.TextChoices):
    ISOLATED = "isolated", _("Isolated (no network)")
    CLASSIFIED = "classified", _("Classified network")
    INTRANET = "intranet", _("Intranet")
    NONE = "none", _("Not applicable")


class DeviceStatus(models.TextChoices):
    IN_USE = "in_use", _("In use")
    IN_REPAIR = "in_repair", _("In repair")
    SCRAPPED = "scrapped", _("Scrapped")


class Device(models.Model):
    """A classified computer or removable storage medium (涉密计算机 / 移动存储介质)."""

    unit = models.ForeignKey("people.Unit", on_delete=models.PROTECT, related_name="devices")
    kind = models.CharField(_("type"), max_length=10, choices=DeviceKind.choices)
    asset_number = models.CharField(_("asset number"), max_length=40, unique=True)
    model_name = models.CharField(_("make and model"), max_length=200, blank=True)
    serial_number = models.CharField(_("serial number"), max_length=100)
    level = models.PositiveSmallIntegerField(_("classification level"), choices=Level.choices)
    custodian = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="devices", verbose_name=_("custodian"))
    location = models.CharField(_("location"), max_length=200)
    network = models.CharField(_("network"), max_length=12, choices=Network.choices, default=Network.ISOLATED)
    status = models.CharField(_("status"), max_length=10, choices=DeviceStatus.choices, default=DeviceStatus.IN_USE)
    repair_note = models.CharField(_("repair"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["unit", "asset_number"]
        verbose_name = _("classified device")
        verbose_name_plural = _("classified devices")

    def __str__(self):
        return f"{self.asset_number} ({self.get_kind_display()})"

    @property
    def is_storage_medium(self):
        return self.kind in STORAGE_MEDIA


class CarriedCopy(models.Model):
    """An electronic copy held on a device. A device carries nothing above its own level."""

    device = models.ForeignKey(Device, on_delete=models.PROTECT, related_name="carried")
    copy = models.ForeignKey("documents.Copy", on_delete=models.PROTECT, related_name="carriers")
    loaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    loaded_at = models.DateTimeField(auto_now_add=True)
    # Erased from the medium: the record stays (with who, when and the reason in its history); the copy may be
    # stored on the medium again later, as a new record.
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True)
    erased_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("erased by"))
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["device", "copy"], condition=models.Q(erased_at__isnull=True),
                                               name="carried_copy_once")]
