"""The five roles of DOMAIN.md. A role is held in a unit (see Membership)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CLERK = "clerk", _("Secrecy clerk")
    LEADER = "leader", _("Leader")
    READER = "reader", _("Reader")
    INSPECTOR = "inspector", _("Inspector")
    ADMINISTRATOR = "administrator", _("Administrator")


class PostLevel(models.TextChoices):
    CORE = "core", _("Core secret-related post")
    IMPORTANT = "important", _("Important secret-related post")
    GENERAL = "general", _("General secret-related post")
    NONE = "none", _("Not secret-related")
