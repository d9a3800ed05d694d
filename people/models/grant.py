from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from people.roles import Role


class GrantStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    REFUSED = "refused", _("Refused")
    REVOKED = "revoked", _("Revoked")


class RoleGrant(models.Model):
    """The decision to give a person a role in a unit: who asked for it, who confirmed it, and its end.

    A role that reads documents, given by an administrator, waits here until a
    leader of the unit (or a second administrator where it has no leader yet)
    confirms it; only then is the Membership written. Nothing that reads roles
    looks at this table, so a pending grant opens nothing by construction.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_grants", verbose_name=_("person"))
    unit = models.ForeignKey("people.Unit", on_delete=models.PROTECT, related_name="role_grants", verbose_name=_("unit"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    status = models.CharField(_("status"), max_length=20, choices=GrantStatus.choices, default=GrantStatus.PENDING)
    # None: given on the server's command line or by the set-up of demo data and tests.
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("granted by")
    )
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)
    reason = models.TextField(_("reason"))
    # None with status confirmed: a grant that needs no confirmation (the administrator role, set-up).
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("confirmed or refused by")
    )
    decided_at = models.DateTimeField(_("confirmed or refused at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("revoked by")
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-granted_at", "-pk"]
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        constraints = [
            # One open decision per role: a second pending grant, or a grant of a role held, is a mistake.
            models.UniqueConstraint(
                fields=["user", "unit", "role"],
                condition=Q(status__in=["pending", "confirmed"]),
                name="role_grant_one_open",
            ),
        ]
        indexes = [models.Index(fields=["unit", "status"], name="role_grant_unit_status")]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.unit} ({self.get_status_display()})"

    @property
    def is_pending(self):
        return self.status == GrantStatus.PENDING
