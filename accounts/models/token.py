from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ApiToken(models.Model):
    """A key that lets a system (an OA system, a script) act through the API as one user.

    Only the SHA-256 of the key is stored: the key itself is shown once, when
    it is issued. A revoked token stays, with who revoked it and why in its
    history, so that its past uses can still be traced to it.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens", verbose_name=_("acts as")
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("What uses it, e.g. 'OA system'."))
    for_decisions = models.BooleanField(
        _("for decisions"),
        default=False,
        help_text=_(
            "Lets the system take decisions that ask a person to confirm it is them (approving destruction or "
            "top-secret copying, classification decisions, widening a knowledge scope). Without it those calls are refused."
        ),
    )
    prefix = models.CharField(_("key begins with"), max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("issued by"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("revoked by"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.user}, {self.prefix}…)"

    @property
    def is_active(self):
        return self.revoked_at is None
