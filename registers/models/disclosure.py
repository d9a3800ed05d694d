from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Channel(models.TextChoices):
    """Where an item of the unit is to be made public (信息公开的渠道)."""

    WEBSITE = "website", _("Website")
    PRESS = "press", _("Press")
    REPORT = "report", _("Report")
    OTHER = "other", _("Other")


class Decision(models.TextChoices):
    """The secrecy review's decision on an item to be published (保密审查意见)."""

    APPROVED = "approved", _("May be published")
    WITH_CHANGES = "with_changes", _("May be published after changes")
    REFUSED = "refused", _("May not be published")


APPROVING = (Decision.APPROVED, Decision.WITH_CHANGES)


class Publication(models.Model):
    """An item the unit means to make public, reviewed for secrets before it is released (信息公开保密审查).

    Reviewed before release: its release is recorded only after an approving decision and is not dated before it;
    an item refused is never released. Nothing is deleted: an item dropped or entered in error is withdrawn.
    """

    unit = models.ForeignKey("people.Unit", on_delete=models.PROTECT, related_name="publications", verbose_name=_("unit"))
    title = models.CharField(_("title or subject"), max_length=300)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    submitted_by = models.CharField(_("submitted by"), max_length=200)
    submitter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("submitting person"))
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviewed_publications",
                                 verbose_name=_("reviewer"))
    registered_on = models.DateField(_("registered on"), default=timezone.localdate, editable=False)
    decision = models.CharField(_("decision"), max_length=15, choices=Decision.choices, blank=True)
    changes = models.CharField(_("changes required"), max_length=1000, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    released_on = models.DateField(_("released on"), null=True, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["unit", "-registered_on", "-pk"]
        verbose_name = _("item reviewed for publication")
        verbose_name_plural = _("items reviewed for publication")
        constraints = [
            # The rule of the service, held by the database too: nothing is released without an approving decision
            # dated on or before the release.
            models.CheckConstraint(
                condition=models.Q(released_on__isnull=True)
                | models.Q(decision__in=[choice.value for choice in APPROVING], decided_on__lte=models.F("released_on")),
                name="publication_reviewed_before_release",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def in_use(self):
        return self.withdrawn_on is None

    @property
    def decided(self):
        return bool(self.decision)

    @property
    def approved(self):
        return self.decision in APPROVING

    def state_label(self):
        if self.withdrawn_on:
            return _("Withdrawn on %(date)s") % {"date": self.withdrawn_on.isoformat()}
        if self.released_on:
            return _("Released on %(date)s") % {"date": self.released_on.isoformat()}
        if self.decision == Decision.REFUSED:
            return _("Not to be published")
        if self.approved:
            return _("Approved, not yet released")
        return _("Awaiting review")


class Provision(models.Model):
    """Data or material of the unit provided to an outside unit (对外提供), on its introduction letter and a leader's
    approval; what was given is described, and the registered copies given are named by registry and copy number."""

    unit = models.ForeignKey("people.Unit", on_delete=models.PROTECT, related_name="provisions", verbose_name=_("unit"))
    recipient = models.CharField(_("receiving unit"), max_length=200)
    letter_number = models.CharField(_("introduction letter number"), max_length=100)
    purpose = models.CharField(_("purpose"), max_length=500)
    sealed = models.BooleanField(_("official seal affixed"), default=False)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("approving leader"))
    description = models.CharField(_("what was provided"), max_length=1000)
    # The copies as they were named when given (registry number / copy number), so the register reads the same
    # whatever happens to the copies later.
    copies = models.JSONField(_("registered copies given"), default=list, blank=True)
    provided_on = models.DateField(_("provided on"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["unit", "-provided_on", "-pk"]
        verbose_name = _("provision to an outside unit")
        verbose_name_plural = _("provisions to outside units")

    def __str__(self):
        return f"{self.recipient} · {self.letter_number}"

    @property
    def in_use(self):
        return self.withdrawn_on is None

    def copies_text(self):
        from documents.punctuation import listing

        return listing(self.copies)
