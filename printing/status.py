"""What the job page says about a print: queued, running (n of m parts), retrying, done, failed."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy

from printing.models import PrintJobStatus
from printing.models import PartStatus, PrintPart, Stage

STEPS = {
    "selecting": gettext_lazy("Selecting rows"),
    "layout": gettext_lazy("Laying out pages"),
    "writing": gettext_lazy("Writing the PDF"),
    "done": gettext_lazy("Done"),
}
# A print nobody has taken for this long: the page says that no worker seems to be running.
NO_WORKER_AFTER = datetime.timedelta(minutes=2)


@dataclass
class JobState:
    state: str  # queued | running | retrying | done | failed
    label: str
    detail: str = ""
    parts_done: int = 0
    parts: int = 0

    @property
    def finished(self):
        return self.state in ("done", "failed")


def job_state(job, *, now=None) -> JobState:
    now = now or timezone.now()
    if job.status == PrintJobStatus.DONE:
        return JobState("done", _("Done"))
    if job.status == PrintJobStatus.FAILED:
        return JobState("failed", _("Failed"), job.error)
    parts = list(PrintPart.objects.filter(job=job).only("stage", "status", "lost", "attempts", "lease_until"))
    chunks = [part for part in parts if part.stage == Stage.CHUNK]
    done = sum(part.status == PartStatus.DONE for part in chunks)
    lost = [part for part in parts if part.lost and part.status != PartStatus.DONE]
    if lost:
        # Queued again: its next claim is the next attempt; taken again: the attempt under way.
        attempt = max(part.attempts + (part.status == PartStatus.QUEUED) for part in lost)
        return JobState(
            "retrying", _("Retrying"),
            _("A worker stopped while printing this ledger. Its part is queued again and another worker will take it "
              "(attempt %(attempt)d of %(most)d).") % {"attempt": min(attempt, settings.PRINT_MAX_ATTEMPTS),
                                                        "most": settings.PRINT_MAX_ATTEMPTS},
            done, len(chunks),
        )
    running = [part for part in parts if part.status == PartStatus.RUNNING]
    if not running and job.status == PrintJobStatus.QUEUED:
        detail = ""
        if job.requested_at < now - NO_WORKER_AFTER:
            detail = _("No print worker has taken this print yet. If this lasts, tell your administrator: "
                       "the workers (manage.py db_worker) may be stopped.")
        return JobState("queued", _("Queued"), detail)
    if chunks:
        detail = _("%(done)d of %(total)d parts laid out") % {"done": done, "total": len(chunks)}
        return JobState("running", _("Running"), detail, done, len(chunks))
    return JobState("running", _("Running"), str(STEPS.get(job.step, job.step)))
