"""A notification: one person, one kind, one object, made by the daily job (notifications/jobs.py).

It stores which object and a few dates, never the object's title or number:
the list page reads the object through the person's visible selectors when it
is shown (notifications/rendering.py), so a person who has since left the
scope sees no title.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    LOAN_OVERDUE = "loan_overdue", _("Overdue loan")
    PERIOD_ENDING = "period_ending", _("Secrecy period ending")
    APPROVAL_WAITING = "approval_waiting", _("Waiting for your decision")
    RECTIFICATION_DUE = "rectification_due", _("Rectification deadline")
    INCIDENT_OVERDUE = "incident_overdue", _("Incident past a deadline")


class NotificationQuerySet(models.QuerySet):
    def current(self):
        """Still true at the last daily run: the ones a person is shown."""
        return self.filter(resolved_at__isnull=True)

    def unread(self):
        return self.current().filter(read_at__isnull=True)


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    # Dates only (a due date, since when it waits): what the text says beside the object's own label.
    params = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # Set by the daily job once the thing is no longer true (the loan came back, the period was decided).
    resolved_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            # One per person, object and kind: the job runs again and again without repeating itself.
            models.UniqueConstraint(fields=["user", "kind", "content_type", "object_id"], name="notification_once"),
        ]
        indexes = [
            # The count in the top bar on every page.
            models.Index(fields=["user"], condition=Q(resolved_at__isnull=True, read_at__isnull=True),
                         name="notification_unread"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.object_id}"
