from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from people.names import person_name
from people.roles import PostLevel


class Person(models.Model):
    """What the registry knows of a user as secret-related personnel."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="person")
    post_level = models.CharField(_("secret-related post"), max_length=20, choices=PostLevel.choices, default=PostLevel.GENERAL)
    commitment_signed_on = models.DateField(_("confidentiality commitment signed on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("secret-related person")
        verbose_name_plural = _("secret-related people")

    def __str__(self):
        return person_name(self.user)
