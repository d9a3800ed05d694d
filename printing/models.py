"""The parts a print is cut into, and the finished PDFs, both in the registry's database.

Neither is tracked by simple-history: they are machinery (a lease is renewed
every few seconds). The authoritative record of a print is its PrintRecord.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


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

    job = models.ForeignKey("documents.PrintJob", on_delete=models.CASCADE, related_name="parts")
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

    job = models.OneToOneField("documents.PrintJob", on_delete=models.CASCADE, related_name="file")
    data = models.BinaryField()
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    stored_at = models.DateTimeField(auto_now_add=True)
    # Handed over in the request that asked for it: the bytes are gone, the row says so on the job page.
    handed_over_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"print file of job {self.job_id} ({self.size} bytes)"
