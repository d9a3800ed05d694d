from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from people.names import person_name

class ConsultationKind(models.TextChoices):
    INTERNAL = "internal", _("A person with an account")
    OUTSIDE = "outside", _("A visitor from an outside unit")


class ConsultationStatus(models.TextChoices):
    REQUESTED = "requested", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    FINISHED = "finished", _("Finished")


# The particulars of a visitor from an outside unit, all required: the
# introduction letter (介绍信) and who carries it.
VISITOR_FIELDS = ("visitor_unit", "letter_issued_by", "letter_number", "visitor_name", "visitor_identity")


class Consultation(models.Model):
    """A request to consult archive volumes in the reading room (查阅). Archives are never lent.

    An internal consultation names a person with an account and is approved
    by a secrecy clerk; an outside one names a visitor with an introduction
    letter and is approved by a leader. Volumes are linked through
    ConsultationVolume, which has its own history.
    """

    registry = models.ForeignKey("documents.Registry", on_delete=models.PROTECT, related_name="consultations")
    kind = models.CharField(_("who consults"), max_length=10, choices=ConsultationKind.choices)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="archive_consultations",
        verbose_name=_("person"),
    )
    visitor_unit = models.CharField(_("outside unit"), max_length=200, blank=True)
    letter_issued_by = models.CharField(_("introduction letter issued by"), max_length=200, blank=True)
    letter_number = models.CharField(_("introduction letter number"), max_length=100, blank=True)
    visitor_name = models.CharField(_("visitor's name"), max_length=100, blank=True)
    visitor_identity = models.CharField(
        _("identity document"), max_length=100, blank=True, help_text=_("Type and number, e.g. ID card 1101…")
    )
    purpose = models.CharField(_("purpose"), max_length=500)
    volumes = models.ManyToManyField(
        "archives.Volume", through="archives.ConsultationVolume", related_name="consultations", verbose_name=_("volumes")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ConsultationStatus.choices, default=ConsultationStatus.REQUESTED
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="internal", person__isnull=False, visitor_name="", letter_number="")
                    | (
                        Q(kind="outside", person__isnull=True)
                        & ~Q(visitor_unit="")
                        & ~Q(letter_issued_by="")
                        & ~Q(letter_number="")
                        & ~Q(visitor_name="")
                        & ~Q(visitor_identity="")
                    )
                ),
                name="consultation_person_or_visitor",
            ),
        ]
        indexes = [models.Index(fields=["registry", "status"], name="consultation_registry_status")]

    def __str__(self):
        return f"{self.reader_name} · {self.get_status_display()}"

    @property
    def is_outside(self):
        return self.kind == ConsultationKind.OUTSIDE

    @property
    def reader_name(self):
        """Who sits in the reading room: the account's name or the visitor's."""
        if self.is_outside:
            return f"{self.visitor_name} ({self.visitor_unit})"
        return person_name(self.person)


class ConsultationVolume(models.Model):
    """One volume named in a consultation request (the audited link)."""

    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="volume_links")
    volume = models.ForeignKey("archives.Volume", on_delete=models.PROTECT, related_name="consultation_links")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("volume requested")
        verbose_name_plural = _("volumes requested")
        constraints = [
            models.UniqueConstraint(fields=["consultation", "volume"], name="consultation_volume_unique"),
        ]
