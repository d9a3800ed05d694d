from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ReadingRoomSession(models.Model):
    """One sitting in the reading room (阅览室): who, which volumes, time in and out, the supervising clerk."""

    consultation = models.ForeignKey("archives.Consultation", on_delete=models.PROTECT, related_name="sessions")
    volumes = models.ManyToManyField(
        "archives.Volume",
        through="archives.SessionVolume",
        related_name="reading_room_sessions",
        verbose_name=_("volumes"),
    )
    time_in = models.DateTimeField(_("time in"))
    time_out = models.DateTimeField(_("time out"), null=True, blank=True)
    supervising_clerk = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("supervising clerk")
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-time_in", "-pk"]
        verbose_name = _("reading-room session")
        verbose_name_plural = _("reading-room sessions")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation"], condition=Q(time_out__isnull=True), name="session_one_open_per_consultation"
            ),
            models.CheckConstraint(
                condition=Q(time_out__isnull=True) | Q(time_out__gte=F("time_in")), name="session_out_after_in"
            ),
        ]
        indexes = [models.Index(fields=["time_in"], name="session_time_in")]

    def __str__(self):
        return f"{self.consultation.reader_name} · {self.time_in:%Y-%m-%d %H:%M}"

    @property
    def is_open(self):
        return self.time_out is None


class SessionVolume(models.Model):
    """One volume brought to the reading room in a session (the audited link)."""

    session = models.ForeignKey(ReadingRoomSession, on_delete=models.PROTECT, related_name="volume_links")
    volume = models.ForeignKey("archives.Volume", on_delete=models.PROTECT, related_name="session_links")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("volume in a session")
        verbose_name_plural = _("volumes in sessions")
        constraints = [models.UniqueConstraint(fields=["session", "volume"], name="session_volume_unique")]
