from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class MediumLoan(models.Model):
    """A removable medium lent to a person (移动存储介质借用): who, since when, due back, and how it came back."""

    device = models.ForeignKey("carriers.Device", on_delete=models.PROTECT, related_name="loans",
                               verbose_name=_("medium"))
    borrower = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="medium_loans",
                                 verbose_name=_("borrower"))
    lent_on = models.DateField(_("lent on"))
    due_on = models.DateField(_("due back on"))
    lent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("lent by"))
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("received by"))
    returned_complete = models.BooleanField(_("returned complete"), null=True, blank=True)
    return_note = models.CharField(_("note on return"), max_length=1000, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-lent_on", "-pk"]
        verbose_name = _("loan of a medium")
        verbose_name_plural = _("loans of media")
        constraints = [
            # The safety net under the services' lock: a medium is with one person at a time.
            models.UniqueConstraint(fields=["device"], condition=models.Q(returned_on__isnull=True),
                                    name="medium_lent_once_at_a_time"),
        ]
        indexes = [models.Index(fields=["returned_on", "due_on"], name="medium_loan_due")]

    def __str__(self):
        return f"{self.device} → {self.borrower}"

    @property
    def is_open(self):
        return self.returned_on is None

    @property
    def is_overdue(self):
        return self.returned_on is None and self.due_on < timezone.localdate()
