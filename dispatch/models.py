"""Dispatch (分发): which copies of a document went to which unit or outside organ, and their receipt (签收)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Dispatch(models.Model):
    """A dispatch list: copies of one document sent out at once, each to its recipient."""

    registry = models.ForeignKey("documents.Registry", on_delete=models.PROTECT, related_name="dispatches")
    document = models.ForeignKey("documents.Document", on_delete=models.PROTECT, related_name="dispatches")
    reason = models.CharField(_("reason"), max_length=500)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("sent by"))
    sent_at = models.DateTimeField(_("sent at"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("dispatch list")
        verbose_name_plural = _("dispatch lists")

    def __str__(self):
        return self.label

    @property
    def label(self):
        return f"{self.registry.code}-FF-{self.pk:05d}"


class DispatchRecipient(models.Model):
    """One recipient of a dispatch list: a unit's registry in this system, or an outside organ by name.

    For a registry, `incoming_document` is the document its clerk registered
    on the first receipt; later copies of the same list join it. For an
    outside organ, the returned receipt (回执) is recorded here.
    """

    dispatch = models.ForeignKey(Dispatch, on_delete=models.PROTECT, related_name="recipients")
    registry = models.ForeignKey(
        "documents.Registry", on_delete=models.PROTECT, null=True, blank=True, related_name="incoming_dispatches",
        verbose_name=_("recipient registry"),
    )
    organ = models.CharField(_("outside organ"), max_length=200, blank=True)
    incoming_document = models.OneToOneField(
        "documents.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="received_through",
        verbose_name=_("registered by the recipient as"),
    )
    receipt_signed_by = models.CharField(_("receipt signed by"), max_length=200, blank=True)
    receipt_signed_on = models.DateField(_("receipt signed on"), null=True, blank=True)
    receipt_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("receipt recorded by"),
    )
    receipt_recorded_at = models.DateTimeField(_("receipt recorded at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["dispatch", "pk"]
        verbose_name = _("dispatch recipient")
        verbose_name_plural = _("dispatch recipients")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(registry__isnull=False) & models.Q(organ=""))
                | (models.Q(registry__isnull=True) & ~models.Q(organ="")),
                name="dispatch_recipient_registry_or_organ",
            ),
            models.UniqueConstraint(
                fields=["dispatch", "registry"], condition=models.Q(registry__isnull=False),
                name="dispatch_recipient_unique_registry",
            ),
            models.UniqueConstraint(
                fields=["dispatch", "organ"], condition=~models.Q(organ=""), name="dispatch_recipient_unique_organ"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_outside(self):
        return self.registry_id is None

    @property
    def name(self):
        return self.organ if self.is_outside else str(self.registry.unit)


class ItemStatus(models.TextChoices):
    IN_TRANSIT = "in_transit", _("In transit")
    RECEIVED = "received", _("Received")
    NOT_RECEIVED = "not_received", _("Not received")
    # Recalled (清退) and back in the issuer's registry.
    RECOVERED = "recovered", _("Recovered")


class Problem(models.TextChoices):
    MISSING = "missing", _("The copy did not arrive")
    WRONG_COPY = "wrong_copy", _("Another copy arrived instead")


class DispatchItem(models.Model):
    """One copy on a dispatch list, to one recipient, and what became of it."""

    recipient = models.ForeignKey(DispatchRecipient, on_delete=models.PROTECT, related_name="items")
    copy = models.ForeignKey("documents.Copy", on_delete=models.PROTECT, related_name="dispatch_items",
                             verbose_name=_("copy sent"))
    status = models.CharField(_("status"), max_length=12, choices=ItemStatus.choices, default=ItemStatus.IN_TRANSIT)
    received_copy = models.OneToOneField(
        "documents.Copy", on_delete=models.PROTECT, null=True, blank=True, related_name="received_as",
        verbose_name=_("registered by the recipient as"),
    )
    problem = models.CharField(_("problem"), max_length=12, choices=Problem.choices, blank=True)
    incident = models.OneToOneField("documents.Incident", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="dispatch_item")
    settled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("confirmed by"))
    settled_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["recipient", "copy"]
        verbose_name = _("dispatched copy")
        verbose_name_plural = _("dispatched copies")
        constraints = [
            # A copy is on its way to one place at a time.
            models.UniqueConstraint(
                fields=["copy"], condition=models.Q(status="in_transit"), name="dispatch_item_one_in_transit"
            ),
        ]

    def __str__(self):
        return f"{self.copy} → {self.recipient}"


class RecallStatus(models.TextChoices):
    REQUESTED = "requested", _("Recall requested")
    RETURNING = "returning", _("On its way back")
    RECOVERED = "recovered", _("Recovered")


OPEN_RECALL_STATUSES = (RecallStatus.REQUESTED, RecallStatus.RETURNING)


class Recall(models.Model):
    """A recall (清退): the issuer asks the recipients of dispatched copies of one document to return them."""

    registry = models.ForeignKey("documents.Registry", on_delete=models.PROTECT, related_name="recalls")
    document = models.ForeignKey("documents.Document", on_delete=models.PROTECT, related_name="recalls")
    reason = models.CharField(_("reason"), max_length=500)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("requested by"))
    requested_at = models.DateTimeField(_("requested at"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("recall")
        verbose_name_plural = _("recalls")

    def __str__(self):
        return self.label

    @property
    def label(self):
        return f"{self.registry.code}-QT-{self.pk:05d}"


class RecallItem(models.Model):
    """One dispatched copy asked back, and how far its return has come.

    requested → returning (the recipient's clerk handed it back; the issuer's
    copy is in transit) → recovered (the issuer's clerk confirmed it arrived;
    it is in the issuer's registry again). An outside organ's copy goes from
    requested to recovered when the issuer's clerk records it returned.
    """

    recall = models.ForeignKey(Recall, on_delete=models.PROTECT, related_name="items")
    item = models.ForeignKey(DispatchItem, on_delete=models.PROTECT, related_name="recall_items",
                             verbose_name=_("dispatched copy"))
    status = models.CharField(_("status"), max_length=12, choices=RecallStatus.choices,
                              default=RecallStatus.REQUESTED)
    handed_back_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="+", verbose_name=_("handed back by"))
    handed_back_at = models.DateTimeField(_("handed back at"), null=True, blank=True)
    recovered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("recovery confirmed by"))
    recovered_at = models.DateTimeField(_("recovered at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["recall", "item"]
        verbose_name = _("recalled copy")
        verbose_name_plural = _("recalled copies")
        constraints = [
            # A copy is asked back once at a time.
            models.UniqueConstraint(
                fields=["item"], condition=models.Q(status__in=["requested", "returning"]),
                name="recall_item_one_open",
            ),
        ]

    def __str__(self):
        return f"{self.recall} · {self.item}"

    @property
    def is_open(self):
        return self.status in OPEN_RECALL_STATUSES
