from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Rule(models.Model):
    """A secrecy rule the unit adopted (保密制度): what it is called, whom it binds, when it was adopted and revised.

    A rule is never deleted: a rule no longer in force is withdrawn, with the date and a reason in its history,
    so that the register of any year can be read again as it stood.
    """

    unit = models.ForeignKey("people.Unit", on_delete=models.PROTECT, related_name="rules", verbose_name=_("unit"))
    name = models.CharField(_("name"), max_length=200)
    scope = models.CharField(_("applies to"), max_length=500, blank=True)
    adopted_on = models.DateField(_("adopted on"))
    revised_on = models.DateField(_("last revised on"), null=True, blank=True)
    approved_by = models.CharField(_("approved by"), max_length=200)
    kept_at = models.CharField(_("text kept at"), max_length=200)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["unit", "adopted_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], condition=models.Q(withdrawn_on__isnull=True),
                                    name="one_rule_of_a_name_in_force"),
        ]
        verbose_name = _("secrecy rule")
        verbose_name_plural = _("secrecy rules")

    def __str__(self):
        return self.name

    @property
    def in_force(self):
        return self.withdrawn_on is None
