from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class EventKind(models.TextChoices):
    """The kinds of education and publicity (宣传教育) the self-inspection reports name."""

    STUDY = "study", _("Study session")
    BUREAU_COURSE = "bureau_course", _("Course by the municipal or county secrecy bureau")
    WARNING_FILM = "warning_film", _("Warning-education film")
    PUBLICITY_MONTH = "publicity_month", _("Publicity month activity")
    JOURNAL = "journal", _("Journal subscription")


class EducationEvent(models.Model):
    """An education or publicity event of the unit: what, by whom, when, how long; its attendance is taken apart."""

    unit = models.ForeignKey("people.Unit", on_delete=models.PROTECT, related_name="education_events",
                             verbose_name=_("unit"))
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    name = models.CharField(_("title"), max_length=200)
    # Blank only on the events made from the old training records, which did not say who held the course.
    organiser = models.CharField(_("organiser"), max_length=200, blank=True)
    held_on = models.DateField(_("held on"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1, default=Decimal("0"),
                                validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("200"))])
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("education event")
        verbose_name_plural = _("education events")
        constraints = [
            models.UniqueConstraint(fields=["unit", "name", "held_on"], condition=models.Q(withdrawn_on__isnull=True),
                                    name="one_event_of_a_title_a_day"),
        ]

    def __str__(self):
        return f"{self.name} ({self.held_on:%Y-%m-%d})"

    @property
    def in_use(self):
        return self.withdrawn_on is None


class Attendance(models.Model):
    """Whether one person of the unit was at an event, and the number of the certificate they were given, if any."""

    event = models.ForeignKey(EducationEvent, on_delete=models.PROTECT, related_name="attendances",
                              verbose_name=_("event"))
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="attendances",
                               verbose_name=_("person"))
    present = models.BooleanField(_("present"))
    # The hours this person attended when not the event's (an old training record of other hours); else None.
    hours = models.DecimalField(_("hours attended"), max_digits=4, decimal_places=1, null=True, blank=True)
    certificate = models.CharField(_("certificate number"), max_length=100, blank=True)
    # The people.TrainingRecord this attendance was made from (migration 0005_education), for the inspector.
    training_record_id = models.PositiveIntegerField(_("from training record"), null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["event", "pk"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(fields=["event", "person"], name="one_attendance_a_person_an_event"),
        ]

    def __str__(self):
        return f"{self.person} · {self.event}"

    @property
    def hours_attended(self):
        if not self.present:
            return Decimal("0")
        return self.event.hours if self.hours is None else self.hours
