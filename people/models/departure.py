from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class DepartureKind(models.TextChoices):
    LEAVING = "leaving", _("Leaving the organisation")
    CHANGING_POST = "changing_post", _("Changing to a post that is not secret-related")


class DepartureStatus(models.TextChoices):
    STARTED = "started", _("Handing back")
    COMPLETED = "completed", _("Completed")


class Departure(models.Model):
    """A person leaving a secret-related post, and their declassification period (脱密期).

    Started by the secrecy office; it completes only once the person holds no
    copy. The declassification period runs from `started_on` to `ends_on`.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="departures", verbose_name=_("person")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DepartureKind.choices)
    started_on = models.DateField(_("declassification period starts on"))
    ends_on = models.DateField(_("declassification period ends on"))
    status = models.CharField(_("status"), max_length=10, choices=DepartureStatus.choices, default=DepartureStatus.STARTED)
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("started by")
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("completed by"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = _("departure")
        verbose_name_plural = _("departures")
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(status="started"), name="departure_one_open_per_person"
            ),
            models.CheckConstraint(condition=Q(ends_on__gt=F("started_on")), name="departure_ends_after_start"),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_kind_display()} · {self.get_status_display()}"
