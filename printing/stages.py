"""What each part of a print job does; run by a worker (printing/tasks.py), one part per task.

plan   Builds the ledger for the person who asked (role and scope checked
       again, now), reads its rows once, in one transaction, so the print is
       one consistent picture of the registry. Up to PRINT_CHUNK_ROWS rows it
       prints the whole ledger itself. Above, it fixes what every page shows
       (code, time, banner, chain head) and cuts the rows into chunks, each
       a part holding the HTML of its rows, queued for any worker.
chunk  Lays out one chunk's HTML (weasyprint) and keeps its PDF. The one
       that finishes last queues the join.
join   Joins the chunks' PDFs and lays the page numbers over them
       (documents/pdf/chunked.py), records the print, stores the file.

Each part's work is one transaction that ends by marking the part done under
its lease (printing/lease.py): a worker that lost its lease keeps nothing.
"""

import datetime
import hashlib
import logging
from contextlib import nullcontext

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from weasyprint.urls import FatalURLFetchingError

from documents.models import Document
from printing.models import PrintJob, PrintJobStatus
from documents.pdf import chunked
from documents.pdf.codes import new_code
from documents.pdf.fetcher import static_base_url, static_root
from documents.pdf.ledgers import build_ledger
from secrecy_registry.replica import reads_may_lag_once_caught_up
from documents.pdf.renderer import highest_level, render_pdf, whole_ledger_context
from documents.services.errors import LifecycleError
from documents.services.printing import record_print
from printing import storage
from printing.lease import LeaseLost, claim, fail_job, finish, heartbeat
from printing.models import PartStatus, PrintPart, Stage

logger = logging.getLogger(__name__)


def run(part_id):
    part = claim(part_id)
    if part is None:
        return "not mine"
    job = part.job
    if job.is_finished:
        PrintPart.objects.filter(pk=part.pk).update(status=PartStatus.DONE, lease_until=None)
        return "job already finished"
    with translation.override(job.language):
        try:
            STAGES[part.stage](part, job)
        except LeaseLost:
            logger.warning("print part %s: lease lost, its work is dropped", part.pk)
            return "lease lost"
        except LifecycleError as error:
            _fail(part, job, str(error.message))
        # A worker has nobody above it to catch anything: without this the job
        # would stay "running" for ever. FatalURLFetchingError is a BaseException
        # (see documents/pdf/fetcher.py), hence named too.
        except (Exception, FatalURLFetchingError):
            logger.exception("print part %s of job %s failed", part.pk, job.pk)
            _fail(part, job, _("The print failed. Try again; if it fails again, tell your administrator."))
    return part.stage


def _fail(part, job, message):
    PrintPart.objects.filter(pk=part.pk).update(status=PartStatus.FAILED, lease_until=None, finished_at=timezone.now())
    fail_job(job, message)


def _running(job, **fields):
    PrintJob.objects.filter(pk=job.pk).exclude(status__in=[PrintJobStatus.DONE, PrintJobStatus.FAILED]).update(
        status=PrintJobStatus.RUNNING, **fields
    )


def work_transaction():
    """The transaction a part's work runs in, to the end: on PostgreSQL, all of it.

    On SQLite (a trial on one machine, one worker) a transaction that has
    written holds the whole database: a render inside one would lock the web
    out for as long, so there the work runs in autocommit, as the thread of
    old did, and only the final writes are one transaction. One worker never
    loses its own lease (printing/lease.py), so nothing needs undoing.
    """
    return nullcontext() if transaction.get_connection().vendor == "sqlite" else transaction.atomic()


def plan(part, job):
    _running(job, step="selecting", progress=1)
    user = job.requested_by
    # The rows may lag (issue 17, item 5): read on the replica once it has replayed what the requester saw, and
    # before the work's transaction opens, since the router keeps every read inside a transaction on the primary.
    with reads_may_lag_once_caught_up():
        ledger = build_ledger(job.kind, user, job.params)
        rows = ledger.load_rows()
    with work_transaction():
        with heartbeat(part) as beat:
            context = {"ledger": ledger, **ledger.extra}
            if not chunked.should_chunk(rows):
                pdf, record = render_pdf(
                    ledger.template, context, printed_by=user, kind=ledger.kind, filters=ledger.filters, rows=rows,
                    title=ledger.title, unit_ids=ledger.unit_ids, document=ledger.document, progress=beat.progress,
                )
            else:
                code, printed_at = new_code(), timezone.now()
                whole = whole_ledger_context(context, rows, printed_by=user, code=code, printed_at=printed_at)
                html = chunked.chunk_html(ledger.template, whole, rows)
        with transaction.atomic():
            if not chunked.should_chunk(rows):
                finish(part)
                _done(job, pdf, record)
                return
            parts = _cut(part, job, ledger, rows, html, code=code, printed_at=printed_at)
    # Queued once the chunks are committed: a worker given one must find it.
    from printing.queue import enqueue_part

    for piece in parts:
        enqueue_part(piece)


def _cut(part, job, ledger, rows, html, *, code, printed_at):
    """Keep what the join needs of the whole ledger and make one part per chunk."""
    finish(part, meta={
        "code": code, "printed_at": printed_at.isoformat(), "kind": ledger.kind, "title": ledger.title,
        "filters": ledger.filters, "unit_ids": list(ledger.unit_ids),
        "document": ledger.document.pk if ledger.document else None,
        "row_count": len(rows), "highest_level": highest_level(rows, ledger.extra.get("listed_levels", ())),
    })
    size = chunked.chunk_rows()
    PrintJob.objects.filter(pk=job.pk).update(step="layout", progress=10)
    return PrintPart.objects.bulk_create(
        PrintPart(job=job, stage=Stage.CHUNK, index=index, first_row=index * size,
                  row_count=min(size, len(rows) - index * size), html=text)
        for index, text in enumerate(html)
    )


def chunk(part, job):
    _running(job, step="layout")
    with work_transaction():
        with heartbeat(part):
            pdf = chunked.render_html(part.html, static_base_url(), str(static_root()))
        with transaction.atomic():
            finish(part, pdf=pdf, html="")
            # One at a time per job, so exactly one finisher sees every chunk done and queues the join.
            PrintJob.objects.select_for_update().filter(pk=job.pk).first()
            chunks = PrintPart.objects.filter(job=job, stage=Stage.CHUNK)
            total, done = chunks.count(), chunks.filter(status=PartStatus.DONE).count()
            PrintJob.objects.filter(pk=job.pk).update(progress=10 + 80 * done // max(1, total))
            joining, created = None, False
            if done == total:
                joining, created = PrintPart.objects.get_or_create(job=job, stage=Stage.JOIN, index=0)
    if created:
        from printing.queue import enqueue_part

        enqueue_part(joining)


def join(part, job):
    _running(job, step="writing", progress=90)
    meta = PrintPart.objects.get(job=job, stage=Stage.PLAN).meta
    with work_transaction():
        with heartbeat(part):
            pdfs = [bytes(data) for data in PrintPart.objects.filter(job=job, stage=Stage.CHUNK)
                    .order_by("index").values_list("pdf", flat=True)]
            pdf, pages = chunked.join(pdfs, base_url=static_base_url(), root=str(static_root()))
            del pdfs
        with transaction.atomic():
            record = record_print(
                code=meta["code"],
                by=job.requested_by,
                printed_at=datetime.datetime.fromisoformat(meta["printed_at"]),
                kind=meta["kind"],
                title=meta["title"],
                filters=meta["filters"],
                unit_ids=meta["unit_ids"],
                document=Document.objects.filter(pk=meta["document"]).first() if meta["document"] else None,
                row_count=meta["row_count"],
                highest_level=meta["highest_level"],
                sha256=hashlib.sha256(pdf).hexdigest(),
                pages=pages,
            )
            finish(part)
            # The chunks are classified material too: once joined, only the file is kept.
            PrintPart.objects.filter(job=job, stage=Stage.CHUNK).update(pdf=None)
            _done(job, pdf, record)


def _done(job, pdf, record):
    storage.store(job, pdf)
    PrintJob.objects.filter(pk=job.pk).update(
        status=PrintJobStatus.DONE, progress=100, step="done", record=record, error="", finished_at=timezone.now()
    )


STAGES = {Stage.PLAN: plan, Stage.CHUNK: chunk, Stage.JOIN: join}
