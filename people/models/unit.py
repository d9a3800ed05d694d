from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Unit(models.Model):
    """A unit (department). It owns registries; its members form a group.

    The group is what a knowledge scope grants to when "the whole unit" may
    know a document: guardian stores group grants, and membership keeps the
    group in step (people.services.membership).
    """

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    is_key_department = models.BooleanField(_("key secret-related department"), default=False)
    group = models.OneToOneField(Group, on_delete=models.PROTECT, related_name="unit", editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # The scope group is part of what a unit is, not a business rule:
        # a unit without one could not be granted anything.
        if self.group_id is None:
            self.group, _created = Group.objects.get_or_create(name=f"unit:{self.code}")
        super().save(*args, **kwargs)
