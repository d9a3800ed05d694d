"""Borrowing (借阅): a loan of one copy to one person, and the per-level policy it follows."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from documents.levels import Level


class LoanPolicy(models.Model):
    """What a level allows: may a copy leave the reading room, does a leader approve, for how long.

    One row per level, edited by the administrator. When a row is missing
    (a fresh database flushed by a test, say) the defaults below apply.
    """

    level = models.PositiveSmallIntegerField(_("classification level"), choices=Level.choices, unique=True)
    may_take_out = models.BooleanField(
        _("may be taken out"), help_text=_("Otherwise copies of this level are consulted in the reading room only.")
    )
    needs_leader_approval = models.BooleanField(
        _("needs a leader's approval"), help_text=_("Borrowers from another unit always need one.")
    )
    max_days = models.PositiveSmallIntegerField(
        _("longest loan (days)"), validators=[MinValueValidator(0), MaxValueValidator(365)],
        help_text=_("0 means the copy comes back the same day."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-level"]
        verbose_name = _("loan policy")
        verbose_name_plural = _("loan policies")

    def __str__(self):
        return str(Level(self.level).label)


# The defaults, also written by migration 0003: top secret never leaves the
# reading room; secret may, for a week, with approval; confidential needs
# approval only for other units.
DEFAULT_LOAN_POLICIES = {
    Level.TOP_SECRET: {"may_take_out": False, "needs_leader_approval": True, "max_days": 0},
    Level.SECRET: {"may_take_out": True, "needs_leader_approval": True, "max_days": 7},
    Level.CONFIDENTIAL: {"may_take_out": True, "needs_leader_approval": False, "max_days": 14},
    Level.INTERNAL: {"may_take_out": True, "needs_leader_approval": False, "max_days": 30},
}


class LoanMode(models.TextChoices):
    TAKE_OUT = "take_out", _("Take out")
    READING_ROOM = "reading_room", _("Reading room")


class LoanStatus(models.TextChoices):
    REQUESTED = "requested", _("Awaiting approval")
    APPROVED = "approved", _("Approved, not yet handed out")
    REJECTED = "rejected", _("Rejected")
    OUT = "out", _("Out on loan")
    RETURNED = "returned", _("Returned")
    CANCELLED = "cancelled", _("Cancelled")
    LOST = "lost", _("Copy lost")


OPEN_LOAN_STATUSES = (LoanStatus.REQUESTED, LoanStatus.APPROVED, LoanStatus.OUT)


class IdentityDocument(models.TextChoices):
    ID_CARD = "id_card", _("Resident identity card")
    OFFICER_CARD = "officer_card", _("Officer's card")
    PASSPORT = "passport", _("Passport")
    WORK_PASS = "work_pass", _("Work pass")


class Loan(models.Model):
    """One copy lent to one person, from the request to the checked return."""

    copy = models.ForeignKey("documents.Copy", on_delete=models.PROTECT, related_name="loans", verbose_name=_("copy"))
    borrower = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="loans", verbose_name=_("borrower")
    )
    purpose = models.CharField(_("purpose"), max_length=500)
    mode = models.CharField(_("mode"), max_length=15, choices=LoanMode.choices)
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=10, choices=LoanStatus.choices, default=LoanStatus.REQUESTED)

    # A borrower from another unit shows an introduction letter (介绍信) and an identity document.
    outside_unit = models.CharField(_("borrower's unit"), max_length=200, blank=True)
    letter_issuing_unit = models.CharField(_("introduction letter issued by"), max_length=200, blank=True)
    letter_number = models.CharField(_("introduction letter number"), max_length=100, blank=True)
    identity_document_type = models.CharField(
        _("identity document"), max_length=20, choices=IdentityDocument.choices, blank=True
    )
    identity_document_number = models.CharField(_("identity document number"), max_length=50, blank=True)

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.CharField(_("decision"), max_length=500, blank=True)
    handed_out_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("handed out by"),
    )
    handed_out_at = models.DateTimeField(_("handed out at"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("received back by"),
    )
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    pages_complete = models.BooleanField(_("pages complete"), null=True, blank=True)
    attachments_complete = models.BooleanField(_("attachments complete"), null=True, blank=True)
    discrepancy = models.TextField(_("discrepancy found on return"), max_length=2000, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("loan")
        verbose_name_plural = _("loans")
        constraints = [
            # The safety net under the services' checks: a copy has at most one open loan.
            models.UniqueConstraint(
                fields=["copy"],
                condition=models.Q(status__in=[s.value for s in OPEN_LOAN_STATUSES]),
                name="loan_one_open_per_copy",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="loan_status_due")]

    def __str__(self):
        return f"{self.copy} → {self.borrower}"

    @property
    def is_from_outside(self):
        return bool(self.outside_unit)

    @property
    def is_overdue(self):
        return self.status == LoanStatus.OUT and self.due_on < timezone.localdate()
