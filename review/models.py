"""Classification review of outgoing documents (定密): proposed by a drafter, reviewed by a clerk, approved by a leader.

The proposal holds what registration will take (documents.services.registration)
plus the basis of the classification and the proposed knowledge scope. The
document does not exist until a leader approves: approval registers it and
numbers it, and the proposal then points at it.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from documents.levels import Level, marking
from documents.models import DocumentType, Medium, Urgency
from documents.models.document import MAX_COPIES, TITLE_MAX_LENGTH


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Awaiting review")
    RETURNED = "returned", _("Sent back to the drafter")
    REVIEWED = "reviewed", _("Reviewed, awaiting approval")
    APPROVED = "approved", _("Approved and registered")
    REJECTED = "rejected", _("Rejected")


# The one table of what each step may start from (review.services asks it, the tests walk it).
TRANSITIONS = {
    "revise": ({ProposalStatus.RETURNED}, ProposalStatus.PROPOSED),
    "pass_review": ({ProposalStatus.PROPOSED}, ProposalStatus.REVIEWED),
    "send_back": ({ProposalStatus.PROPOSED}, ProposalStatus.RETURNED),
    "approve": ({ProposalStatus.REVIEWED}, ProposalStatus.APPROVED),
    "reject": ({ProposalStatus.REVIEWED}, ProposalStatus.REJECTED),
}

# The registration fields a proposal carries (direction is always outgoing).
PROPOSED_FIELDS = (
    "document_type",
    "title",
    "originating_organ",
    "reference_number",
    "level",
    "secrecy_period_years",
    "date_classified",
    "pages",
    "attachments",
    "copies_count",
    "urgency",
    "medium",
    "remarks",
)


class ClassificationProposal(models.Model):
    registry = models.ForeignKey("documents.Registry", on_delete=models.PROTECT, related_name="classification_proposals")
    status = models.CharField(_("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED)

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
        _("secrecy period (years)"), null=True, blank=True, validators=[MinValueValidator(1)],
        help_text=_("Leave empty for the level's default: 30, 20 or 10 years."),
    )
    date_classified = models.DateField(_("date classified"))
    pages = models.PositiveIntegerField(_("pages"), validators=[MinValueValidator(1), MaxValueValidator(100000)])
    attachments = models.PositiveSmallIntegerField(_("attachments"), default=0, validators=[MaxValueValidator(1000)])
    copies_count = models.PositiveSmallIntegerField(
        _("number of copies"), validators=[MinValueValidator(1), MaxValueValidator(MAX_COPIES)]
    )
    urgency = models.CharField(_("urgency"), max_length=15, choices=Urgency.choices, default=Urgency.NORMAL)
    medium = models.CharField(_("medium"), max_length=15, choices=Medium.choices, default=Medium.PAPER)
    remarks = models.TextField(_("remarks"), blank=True, max_length=2000)
    basis = models.CharField(
        _("basis for classification"), max_length=1000,
        help_text=_("The item of the classification catalogue (定密依据) this level and period follow."),
    )
    # The proposed knowledge scope, granted at registration. Ids, not links: the proposal's
    # history rows then hold the whole scope as it was proposed, reviewed and approved.
    scope_user_ids = models.JSONField(_("knowledge scope: people"), default=list, blank=True)
    scope_unit_ids = models.JSONField(_("knowledge scope: units"), default=list, blank=True)

    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("proposed by")
    )
    proposed_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    reason = models.CharField(_("reason for the proposal"), max_length=500)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_reason = models.CharField(_("review"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.CharField(_("decision"), max_length=500, blank=True)
    document = models.OneToOneField(
        "documents.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="classification_proposal",
        verbose_name=_("registered as"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        verbose_name = _("classification proposal")
        verbose_name_plural = _("classification proposals")
        constraints = [
            # The database itself refuses an approval without its document, or a decision by the drafter.
            models.CheckConstraint(
                condition=~models.Q(status="approved") | models.Q(document__isnull=False, decided_by__isnull=False),
                name="proposal_approved_is_registered",
            ),
            models.CheckConstraint(
                condition=models.Q(decided_by__isnull=True) | ~models.Q(decided_by=models.F("proposed_by")),
                name="proposal_not_decided_by_drafter",
            ),
            models.CheckConstraint(
                condition=models.Q(reviewed_by__isnull=True) | ~models.Q(reviewed_by=models.F("proposed_by")),
                name="proposal_not_reviewed_by_drafter",
            ),
        ]
        indexes = [models.Index(fields=["registry", "status"], name="proposal_registry_status")]

    def __str__(self):
        return self.label

    @property
    def label(self):
        return f"{self.registry.code}-DM-{self.pk:05d}"

    @property
    def is_open(self):
        return self.status in (ProposalStatus.PROPOSED, ProposalStatus.RETURNED, ProposalStatus.REVIEWED)

    @property
    def marking(self):
        from django.utils.translation import get_language

        return marking(self.level, self.secrecy_period_years, get_language() or "en")
