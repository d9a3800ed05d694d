from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class CopyStatus(models.TextChoices):
    IN_REGISTRY = "in_registry", _("In the registry")
    OUT = "out", _("Out with a reader")
    ON_LOAN = "on_loan", _("On loan")
    RETURNED_TO_ISSUER = "returned_to_issuer", _("Returned to issuer")
    DESTROYED = "destroyed", _("Destroyed")
    ARCHIVED = "archived", _("Archived")
    LOST = "lost", _("Lost")
    # Dispatch (分发, the dispatch app): on its way to another unit or organ, held by no person;
    # then with that unit, which holds its own registered copy of it.
    IN_TRANSIT = "in_transit", _("In transit")
    DELIVERED = "delivered", _("Delivered to another unit")


# The life of a copy (DOMAIN.md), in one place. Services check every change
# against it; tests walk it exhaustively.
TRANSITIONS = {
    CopyStatus.IN_REGISTRY: {
        CopyStatus.OUT,
        CopyStatus.ON_LOAN,
        CopyStatus.RETURNED_TO_ISSUER,
        CopyStatus.DESTROYED,
        CopyStatus.ARCHIVED,
        CopyStatus.LOST,
        CopyStatus.IN_TRANSIT,
    },
    # Back to the registry when a recall comes home; lost when the recipient reports it never arrived.
    CopyStatus.IN_TRANSIT: {CopyStatus.DELIVERED, CopyStatus.IN_REGISTRY, CopyStatus.LOST},
    # A recall sends it on its way back; an outside organ's copy is recorded back in the registry at once.
    CopyStatus.DELIVERED: {CopyStatus.IN_TRANSIT, CopyStatus.IN_REGISTRY, CopyStatus.LOST},
    CopyStatus.OUT: {CopyStatus.IN_REGISTRY, CopyStatus.LOST},
    CopyStatus.ON_LOAN: {CopyStatus.IN_REGISTRY, CopyStatus.LOST},
    CopyStatus.ARCHIVED: {CopyStatus.LOST},
    CopyStatus.RETURNED_TO_ISSUER: set(),
    CopyStatus.DESTROYED: set(),
    CopyStatus.LOST: set(),
}
TERMINAL = frozenset(status for status, targets in TRANSITIONS.items() if not targets)
HELD_BY_PERSON = frozenset({CopyStatus.OUT, CopyStatus.ON_LOAN})


def can_move(current, target) -> bool:
    return target in TRANSITIONS[CopyStatus(current)]


class Copy(models.Model):
    """One physical or electronic copy (份号) of a document, with its own life."""

    document = models.ForeignKey("documents.Document", on_delete=models.PROTECT, related_name="copies")
    number = models.PositiveIntegerField(_("copy number"))
    status = models.CharField(_("status"), max_length=20, choices=CopyStatus.choices, default=CopyStatus.IN_REGISTRY)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="held_copies",
        verbose_name=_("holder"),
    )
    held_since = models.DateTimeField(_("held since"), null=True, blank=True)
    source_copy = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reproductions",
        verbose_name=_("reproduced from"),
    )
    reproduction_request = models.ForeignKey(
        "documents.ReproductionRequest", on_delete=models.PROTECT, null=True, blank=True, related_name="copies",
        verbose_name=_("made under copying request"),
    )
    # Where the copy is kept when it is in the registry (documents.services.storage); moved with a reason.
    location = models.ForeignKey(
        "documents.StorageLocation", on_delete=models.PROTECT, null=True, blank=True, related_name="copies",
        verbose_name=_("storage location"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["document", "number"]
        verbose_name = _("copy")
        verbose_name_plural = _("copies")
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="copy_unique_number"),
            models.CheckConstraint(
                condition=models.Q(holder__isnull=True) | models.Q(status__in=["out", "on_loan"]),
                name="copy_holder_only_when_out",
            ),
        ]
        indexes = [
            models.Index(fields=["status"], name="copy_status"),
            models.Index(fields=["holder", "status"], name="copy_holder"),
        ]

    def __str__(self):
        return f"{self.document.registry_number} / {self.number}"

    @property
    def is_reproduction(self):
        return self.source_copy_id is not None

    @property
    def label(self):
        return f"{self.document.registry_number}-{self.number:03d}"
