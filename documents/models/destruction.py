from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class DestructionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Awaiting approval")
    APPROVED = "approved", _("Approved, awaiting execution")
    REJECTED = "rejected", _("Rejected")
    EXECUTED = "executed", _("Executed")


# A copy may be on one open list at a time; rejected and executed lists are closed for good.
OPEN_STATUSES = frozenset({DestructionStatus.DRAFT, DestructionStatus.SUBMITTED, DestructionStatus.APPROVED})


class DestructionMethod(models.TextChoices):
    SHREDDING = "shredding", _("Shredding")
    INCINERATION = "incineration", _("Incineration")
    PULPING = "pulping", _("Pulping")
    DESTRUCTION_CENTRE = "destruction_centre", _("Handed to the designated destruction centre")
    PHYSICAL = "physical", _("Physical destruction of the medium")


class DestructionList(models.Model):
    """A destruction list (销毁清单): prepared by a clerk, approved by a leader, executed before two witnesses."""

    registry = models.ForeignKey("documents.Registry", on_delete=models.PROTECT, related_name="destruction_lists")
    status = models.CharField(
        _("status"), max_length=10, choices=DestructionStatus.choices, default=DestructionStatus.DRAFT
    )
    reason = models.CharField(_("reason for destruction"), max_length=500)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("prepared by")
    )
    prepared_at = models.DateTimeField(_("prepared at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("approved by"),
    )
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("rejected by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.CharField(_("decision reason"), max_length=500, blank=True)
    executed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("executed by"),
    )
    executed_on = models.DateField(_("date of destruction"), null=True, blank=True)
    executed_at = models.DateTimeField(_("execution recorded at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    method = models.CharField(_("method"), max_length=20, choices=DestructionMethod.choices, blank=True)
    witness_1 = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("first witness"),
    )
    witness_2 = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("second witness"),
    )
    # Each witness confirms with their own password (documents.services.destruction.confirm_witness):
    # the list becomes executed only when both have.
    witness_1_confirmed_at = models.DateTimeField(_("first witness confirmed at"), null=True, blank=True)
    witness_2_confirmed_at = models.DateTimeField(_("second witness confirmed at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-prepared_at", "-pk"]
        verbose_name = _("destruction list")
        verbose_name_plural = _("destruction lists")
        constraints = [
            # The database itself refuses an execution record without its two different witnesses.
            models.CheckConstraint(
                condition=~models.Q(status="executed")
                | (
                    models.Q(
                        executed_by__isnull=False,
                        executed_on__isnull=False,
                        witness_1__isnull=False,
                        witness_2__isnull=False,
                    )
                    & ~models.Q(witness_1=models.F("witness_2"))
                ),
                name="destruction_executed_with_two_witnesses",
            ),
        ]
        indexes = [models.Index(fields=["registry", "status"], name="destruction_registry_status")]

    def __str__(self):
        return self.label

    @property
    def label(self):
        return f"{self.registry.code}-XH-{self.pk:05d}"

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def awaits_witnesses(self):
        """The clerk recorded the destruction; a named witness has not confirmed it yet (the list is still approved)."""
        return self.status == DestructionStatus.APPROVED and self.executed_by_id is not None

    def witness_confirmations(self):
        """(witness, when they confirmed or None) for both named witnesses."""
        return [(self.witness_1, self.witness_1_confirmed_at), (self.witness_2, self.witness_2_confirmed_at)]


class DestructionItem(models.Model):
    list = models.ForeignKey(DestructionList, on_delete=models.PROTECT, related_name="items")
    copy = models.ForeignKey("documents.Copy", on_delete=models.PROTECT, related_name="destruction_items")
    # Mirrors "the list is open" so that the database can hold a copy to one open list.
    is_open = models.BooleanField(default=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["list", "copy"]
        verbose_name = _("copy on a destruction list")
        verbose_name_plural = _("copies on destruction lists")
        constraints = [
            models.UniqueConstraint(fields=["list", "copy"], name="destruction_item_unique_copy"),
            models.UniqueConstraint(
                fields=["copy"], condition=models.Q(is_open=True), name="destruction_item_one_open_list"
            ),
        ]


class DestructionDeviceItem(models.Model):
    """A classified computer or storage medium on a destruction list: scrapping goes through the same procedure."""

    list = models.ForeignKey(DestructionList, on_delete=models.PROTECT, related_name="device_items")
    device = models.ForeignKey("carriers.Device", on_delete=models.PROTECT, related_name="destruction_items")
    # Mirrors "the list is open" so that the database can hold a device to one open list.
    is_open = models.BooleanField(default=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["list", "device"]
        verbose_name = _("device on a destruction list")
        verbose_name_plural = _("devices on destruction lists")
        constraints = [
            models.UniqueConstraint(fields=["list", "device"], name="destruction_device_unique"),
            models.UniqueConstraint(
                fields=["device"], condition=models.Q(is_open=True), name="destruction_device_one_open_list"
            ),
        ]
