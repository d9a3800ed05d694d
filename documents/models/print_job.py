"""A ledger too large to print while the person waits: produced in the background.

Not tracked by simple-history: a job is machinery (status and progress change
many times a second); the authoritative record of the print is its PrintRecord.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PrintJobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class PrintJob(models.Model):
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="print_jobs", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    kind = models.CharField(_("ledger"), max_length=40)
    title = models.CharField(_("title"), max_length=300)
    params = models.JSONField(_("parameters"), default=dict)
    language = models.CharField(_("language"), max_length=15, default="en")
    expected_rows = models.PositiveIntegerField(_("expected rows"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=PrintJobStatus.choices, default=PrintJobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(_("step"), max_length=100, blank=True)
    error = models.TextField(_("error"), blank=True)
    file_path = models.CharField(_("file"), max_length=500, blank=True)
    record = models.OneToOneField(
        "documents.PrintRecord", on_delete=models.PROTECT, null=True, blank=True, related_name="job"
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("print job")
        verbose_name_plural = _("print jobs")

    def __str__(self):
        return f"{self.title} ({self.get_status_display()})"

    @property
    def is_finished(self):
        return self.status in (PrintJobStatus.DONE, PrintJobStatus.FAILED)
