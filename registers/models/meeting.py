from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class MeetingKind(models.TextChoices):
    WORK = "work", _("Secrecy work meeting")
    SECRET = "secret", _("Secret-related meeting")


class Meeting(models.Model):
    """A meeting of the unit: a secrecy work meeting (保密工作会议) or a secret-related meeting (涉密会议).

    A secret-related meeting's materials are registered copies handed to the attendees on reading lists of one
    reader each (MeetingCopy); `ended_at` is the take-back at its end: a copy handed in after it came back late.
    """

    unit = models.ForeignKey("people.Unit", on_delete=models.PROTECT, related_name="meetings", verbose_name=_("unit"))
    kind = models.CharField(_("kind"), max_length=10, choices=MeetingKind.choices)
    name = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("held on"))
    chaired_by = models.CharField(_("chaired by"), max_length=200)
    guests = models.CharField(_("other attendees"), max_length=500, blank=True)
    topics = models.TextField(_("topics"), max_length=2000)
    decisions = models.TextField(_("decisions"), max_length=2000, blank=True)
    ended_at = models.DateTimeField(_("materials taken back at"), null=True, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["unit", "-held_on", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self):
        return self.name

    @property
    def in_use(self):
        return self.withdrawn_on is None

    @property
    def is_secret(self):
        return self.kind == MeetingKind.SECRET


class MeetingAttendee(models.Model):
    """One person of the unit at the meeting (an explicit row, so adding and removing one is in the history)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="attendees", verbose_name=_("meeting"))
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("attendee"))
    position = models.PositiveSmallIntegerField(_("position"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "position", "pk"]
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="meeting_attendee_once")]


class MeetingCopy(models.Model):
    """A copy of a secret-related meeting's materials: its reading list of one attendee does the hand-out and the
    take-back (documents.services.circulation), so the copy is out with its holder wherever the ledger looks."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="copies", verbose_name=_("meeting"))
    circulation = models.OneToOneField("documents.Circulation", on_delete=models.PROTECT, related_name="meeting_copy",
                                       verbose_name=_("circulation"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = _("copy of meeting materials")
        verbose_name_plural = _("copies of meeting materials")
