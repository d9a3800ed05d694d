from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class TrainingRecord(models.Model):
    """A confidentiality training course a person attended (保密教育培训): retired, nothing writes or reads it.

    Training is now attendance of the unit's education events (registers.models.education); migration
    registers 0005_education made each record an attendance (`Attendance.training_record_id` names it).
    The table and its history stay because their rows are links of the audit chain (docs/audit.md).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="training_records", verbose_name=_("person")
    )
    course = models.CharField(_("course"), max_length=200)
    date = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("200"))],
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        indexes = [models.Index(fields=["user", "date"], name="training_user_date")]

    def __str__(self):
        return f"{self.course} ({self.date:%Y-%m-%d})"
