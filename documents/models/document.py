from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from documents.levels import MAX_PERIOD_YEARS, Level, marking, period_end


class Direction(models.TextChoices):
    INCOMING = "incoming", _("Incoming")
    OUTGOING = "outgoing", _("Outgoing")
    INTERNAL = "internal", _("Internal")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")
    EXTRA_URGENT = "extra_urgent", _("Extra urgent")


class Medium(models.TextChoices):
    PAPER = "paper", _("Paper")
    ELECTRONIC = "electronic", _("Electronic")
    STORAGE_MEDIUM = "storage_medium", _("Storage medium")


class DocumentType(models.TextChoices):
    """What kind of paper it is; a telegram (电报) is kept under stricter rules (documents.services.telegrams)."""

    DOCUMENT = "document", _("Document")
    TELEGRAM = "telegram", _("Telegram")
    MEETING_MATERIAL = "meeting_material", _("Meeting material")
    JOURNAL = "journal", _("Journal")
    OTHER = "other", _("Other")


TITLE_MAX_LENGTH = 300
# What a clerk records of an incoming document's receipt (issue 16, item 6).
RECEIPT_FIELDS = ("received_on", "received_from_registry", "received_from_organ", "delivered_by", "sender_registry_number")
MAX_COPIES = 500


class Document(models.Model):
    """A classified document as registered once in a registry.

    Its copies (Copy) carry their own life; its knowledge scope is the
    guardian grants in documents.models.scope.
    """

    registry = models.ForeignKey("documents.Registry", on_delete=models.PROTECT, related_name="documents")
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    serial = models.PositiveIntegerField(_("serial"), editable=False)
    registry_number = models.CharField(_("registry number"), max_length=40, unique=True, editable=False)

    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    document_type = models.CharField(
        _("document type"), max_length=20, choices=DocumentType.choices, default=DocumentType.DOCUMENT,
        help_text=_("A telegram may not be copied or excerpted, and its readers may not be widened."),
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    originating_organ = models.CharField(_("originating organ"), max_length=200)
    reference_number = models.CharField(
        _("reference number"), max_length=100, blank=True, help_text=_("For example: X Office [2026] No. 12")
    )
    level = models.PositiveSmallIntegerField(_("classification level"), choices=Level.choices)
    secrecy_period_years = models.PositiveSmallIntegerField(
        _("secrecy period (years)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty for the level's default: 30, 20 or 10 years."),
    )
    date_classified = models.DateField(_("date classified"))
    period_ends_on = models.DateField(_("secrecy period ends on"), null=True, blank=True, editable=False)
    # Set only by a leader's declassification decision (documents.services.declassification);
    # left editable so that the document's history shows it in its list of changes.
    declassified_on = models.DateField(_("declassified on"), null=True, blank=True)
    pages = models.PositiveIntegerField(_("pages"), validators=[MinValueValidator(1), MaxValueValidator(100000)])
    attachments = models.PositiveSmallIntegerField(_("attachments"), default=0, validators=[MaxValueValidator(1000)])
    copies_count = models.PositiveSmallIntegerField(
        _("number of copies"), validators=[MinValueValidator(1), MaxValueValidator(MAX_COPIES)]
    )
    urgency = models.CharField(_("urgency"), max_length=15, choices=Urgency.choices, default=Urgency.NORMAL)
    medium = models.CharField(_("medium"), max_length=15, choices=Medium.choices, default=Medium.PAPER)
    remarks = models.TextField(_("remarks"), blank=True, max_length=2000)

    # An incoming document's receipt (收文): when, from whom, under the sender's number (issue 16).
    received_on = models.DateField(_("date received"), null=True, blank=True)
    received_from_registry = models.ForeignKey(
        "documents.Registry", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("received from (unit)"), help_text=_("A unit of this registry that sent it."),
    )
    received_from_organ = models.CharField(
        _("received from (outside organ)"), max_length=200, blank=True, help_text=_("Or the outside organ that sent it.")
    )
    delivered_by = models.CharField(_("delivered by"), max_length=200, blank=True, help_text=_("The person who brought it."))
    sender_registry_number = models.CharField(_("sender's registry number"), max_length=100, blank=True)
    # The copies carry the sender's copy numbers (4, 7, 9), not 1..copies_count.
    copy_numbers_from_sender = models.BooleanField(_("sender's copy numbers kept"), default=False, editable=False)

    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False, verbose_name=_("registered by")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-serial"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.UniqueConstraint(fields=["registry", "year", "serial"], name="document_unique_serial"),
            models.UniqueConstraint(
                # Per registry: each unit that receives the same organ's document registers it once.
                fields=["registry", "originating_organ", "reference_number"],
                condition=~models.Q(reference_number=""),
                name="document_unique_reference",
            ),
        ]
        indexes = [
            models.Index(fields=["registry", "-year", "-serial"], name="document_registry_order"),
            models.Index(fields=["reference_number"], name="document_reference"),
            models.Index(fields=["period_ends_on"], name="document_period_end"),
            # The ledger's default sort across registries, and the home page's
            # newest documents (docs/performance.md). The trigram indexes of
            # the search live in migration 0003 (PostgreSQL only).
            models.Index(fields=["-year", "-serial", "-id"], name="document_ledger_order", include=["registry"]),
            models.Index(fields=["id"], name="document_ledger_key", include=["year", "serial", "registry"]),
            models.Index(fields=["-created_at", "-id"], name="document_recent"),
        ]

    def __str__(self):
        return f"{self.registry_number} {self.title}"

    @property
    def is_telegram(self):
        return self.document_type == DocumentType.TELEGRAM

    @property
    def effective_period_years(self):
        return self.secrecy_period_years

    @property
    def marking(self):
        from django.utils.translation import get_language

        return marking(
            self.level, self.secrecy_period_years, get_language() or "en", declassified=self.declassified_on is not None
        )

    @cached_property
    def has_copy_in_registry(self):
        """Whether a copy is on the shelf; several panels of the document page ask, so once per instance."""
        from documents.models.copy import CopyStatus  # copy.py imports this module

        return self.copies.filter(status=CopyStatus.IN_REGISTRY).exists()

    def compute_period_end(self):
        return period_end(self.date_classified, self.secrecy_period_years)

    def clean(self):
        errors = {}
        if self.date_classified and self.date_classified > timezone.localdate():
            # Also keeps the period's end date within the calendar (year 9999 + 30 cannot be stored).
            errors["date_classified"] = _("A document cannot have been classified after today.")
        longest = MAX_PERIOD_YEARS.get(self.level)
        if self.secrecy_period_years and self.level is not None:
            if longest is None:
                errors["secrecy_period_years"] = _("Internal material has no secrecy period; leave it empty.")
            elif self.secrecy_period_years > longest:
                errors["secrecy_period_years"] = _(
                    "The law allows at most %(years)d years for this level."
                ) % {"years": longest}
        errors.update(self._receipt_errors())
        if self.reference_number and self.originating_organ:
            duplicate = Document.objects.filter(
                registry_id=self.registry_id, originating_organ=self.originating_organ, reference_number=self.reference_number
            ).exclude(pk=self.pk)
            if duplicate.exists():
                errors["reference_number"] = _(
                    "This organ's reference number is already registered; check the document is not registered twice."
                )
        if errors:
            raise ValidationError(errors)

    def _receipt_errors(self):
        """An incoming document's receipt particulars; any other document has none."""
        errors = {}
        if self.direction != Direction.INCOMING:
            for name in RECEIPT_FIELDS:
                if self.serializable_value(name):
                    errors[name] = _("Only an incoming document is received from someone; clear this or register it as incoming.")
            return errors
        if self.received_on:
            if self.received_on > timezone.localdate():
                errors["received_on"] = _("A document cannot have been received after today.")
            elif self.date_classified and self.received_on < self.date_classified:
                errors["received_on"] = _("A document cannot have been received before it was classified.")
        if self.received_from_registry_id and self.received_from_organ:
            errors["received_from_organ"] = _("Name either the unit of this registry or the outside organ it came from, not both.")
        elif self.received_from_registry_id and self.received_from_registry_id == self.registry_id:
            errors["received_from_registry"] = _("A document received from a unit comes from another unit's registry.")
        return errors
