"""A print asked for, the parts it is cut into, and the finished PDF, all in the registry's database.

None is tracked by simple-history: they are machinery (status and progress
change many times a second, a lease is renewed every few seconds). The
authoritative record of a print is its PrintRecord (documents/models/print_record.py,
beside the ledgers that make it: docs/pdf.md says why it stays there).
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
    """A print someone asked for: what, by whom, in which language, and how far the workers have got."""

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
        # Made in documents/ and moved here (printing/migrations/0002): the table kept its name, no row moved.
        db_table = "documents_printjob"
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("print job")
        verbose_name_plural = _("print jobs")

    def __str__(self):
        return f"{self.title} ({self.get_status_display()})"

    @property
    def is_finished(self):
        return self.status in (PrintJobStatus.DONE, PrintJobStatus.FAILED)


class Stage(models.TextChoices):
    # Reads the rows once and either prints the whole ledger or cuts it into chunks.
    PLAN = "plan", _("Selecting rows")
    CHUNK = "chunk", _("Laying out pages")
    JOIN = "join", _("Writing the PDF")


class PartStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class PrintPart(models.Model):
    """One task's worth of a print job; a worker holds it under a lease it renews while it works."""

    job = models.ForeignKey(PrintJob, on_delete=models.CASCADE, related_name="parts")
    stage = models.CharField(max_length=10, choices=Stage.choices)
    index = models.PositiveIntegerField(default=0)
    first_row = models.PositiveIntegerField(default=0)
    row_count = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=PartStatus.choices, default=PartStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    # How many times a worker stopped beating while holding it: the job page says "retrying".
    lost = models.PositiveSmallIntegerField(default=0)
    worker = models.CharField(max_length=100, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # A chunk's input (the HTML laid out from the rows read once by the plan) and its output.
    html = models.TextField(blank=True)
    pdf = models.BinaryField(null=True, blank=True)
    pages = models.PositiveIntegerField(default=0)
    # What the join needs of the whole ledger: code, time, title, filters, level...
    meta = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["job", "stage", "index"]
        constraints = [
            models.UniqueConstraint(fields=["job", "stage", "index"], name="printing_one_part_per_place"),
        ]
        indexes = [models.Index(fields=["status", "lease_until"], name="printing_part_lease_idx")]

    def __str__(self):
        return f"job {self.job_id} {self.stage} {self.index} ({self.status})"


class PrintFile(models.Model):
    """A finished print, kept in PostgreSQL so that every app server can hand it over (docs/pdf.md)."""

    job = models.OneToOneField(PrintJob, on_delete=models.CASCADE, related_name="file")
    data = models.BinaryField()
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    stored_at = models.DateTimeField(auto_now_add=True)
    # Handed over in the request that asked for it: the bytes are gone, the row says so on the job page.
    handed_over_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"print file of job {self.job_id} ({self.size} bytes)"
