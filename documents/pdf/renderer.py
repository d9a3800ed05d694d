"""Render a Django template to a PDF with weasyprint, and record the print.

The verification code and the moment of printing are fixed before rendering,
because both are printed in the footer of every page; the SHA-256 is taken of
the finished bytes and recorded with them (documents.services.printing).
"""

import hashlib
import logging
import threading
from contextlib import contextmanager

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from weasyprint import HTML

from documents.levels import Level, marking
from documents.pdf import chunked
from documents.pdf.chain_head import chain_head_context
from documents.pdf.codes import display, new_code
from documents.pdf.fetcher import StaticOnlyFetcher, static_base_url
from documents.services.printing import record_print
from people.names import person_name

PROGRESS_LOGGER = logging.getLogger("weasyprint.progress")
# Rough rows per landscape A4 page, only to turn "page 40 laid out" into a percentage.
ROWS_PER_PAGE_ESTIMATE = 16

# Share of the progress bar per step; layout is by far the longest.
_HTML_DONE, _LAYOUT_DONE = 0.10, 0.90


def highest_level(rows, also=()):
    """The highest level of the rows, and of `also`: the levels of what a print lists besides its rows
    (the devices an inventory result lists, say), which mark the sheet as much as the rows do."""
    levels = [row["level"] for row in rows if row.get("level") is not None] + [level for level in also if level is not None]
    return max(levels) if levels else None


def longest_period(rows):
    """The longest secrecy period among the classified rows that carry one (a row's `period`, in years).

    A ledger compiles many documents: like any compilation of secrets it is
    marked with the highest level and the longest period of what it holds.
    """
    periods = [row["period"] for row in rows if row.get("period") and (row.get("level") or 0) > Level.INTERNAL]
    return max(periods) if periods else None


def banner(level, years=None, language=None):
    """The classification banner of a ledger whose highest row has `level` (None: no rows), in one language.

    `机密★20年` on a Chinese print, `SECRET ★ 20 years` on an English one; the
    level alone when no row carries a period.
    """
    language = language or get_language() or settings.LANGUAGE_CODE
    if level is None or Level(level) == Level.INTERNAL:
        return "内部 · 不含涉密事项" if language.startswith("zh") else "INTERNAL · NO CLASSIFIED MATERIAL"
    return marking(level, years, language)


def render_pdf(template, context, *, printed_by, kind, filters, rows, title="", unit_ids=(), document=None,
               progress=None):
    """Render `template` with `context` and `rows`; return (pdf_bytes, PrintRecord).

    `rows` are dicts with at least a `level` (documents.levels.Level rank or None);
    the banner is that of the highest, or of the context's `listed_levels` if higher. `progress(fraction, step)` is called while
    rendering when given (background jobs show it).
    """
    report = progress or (lambda fraction, step: None)
    code = new_code()
    printed_at = timezone.now()
    top = highest_level(rows, context.get("listed_levels", ()))
    ledger_context = whole_ledger_context(context, rows, printed_by=printed_by, code=code, printed_at=printed_at)
    if chunked.should_chunk(rows):
        pdf, pages = chunked.render_chunked(template, ledger_context, rows, report=report)
    else:
        pdf, pages = _render_whole(template, ledger_context, len(rows), report)
    record = record_print(
        code=code,
        by=printed_by,
        printed_at=printed_at,
        kind=kind,
        title=title,
        filters=filters,
        unit_ids=list(unit_ids),
        document=document,
        row_count=len(rows),
        highest_level=top,
        sha256=hashlib.sha256(pdf).hexdigest(),
        pages=pages,
    )
    report(1.0, "done")
    return pdf, record


def whole_ledger_context(context, rows, *, printed_by, code, printed_at):
    """What every page of the ledger prints, fixed once for the whole ledger (printing/ renders it in parts)."""
    top = highest_level(rows, context.get("listed_levels", ()))
    return {
        **context,
        "rows": rows,
        "row_count": len(rows),
        "highest_level": None if top is None else Level(top),
        "banner": banner(top, longest_period(rows)),
        "classified": top is not None and top > Level.INTERNAL,
        "code": display(code),
        "printed_by": printed_by,
        "printed_by_name": person_name(printed_by),
        "printed_at": timezone.localtime(printed_at),
        "printed_at_text": timezone.localtime(printed_at).strftime("%Y-%m-%d %H:%M:%S"),
        # The paper commits to the history as it stood: the chain's head, recorded as a print checkpoint.
        **chain_head_context(printed_by),
    }


def _render_whole(template, context, row_count, report):
    html = render_to_string(template, context)
    report(_HTML_DONE, "layout")
    expected_pages = max(1, row_count // ROWS_PER_PAGE_ESTIMATE)
    with _layout_progress(lambda page: report(_HTML_DONE + (_LAYOUT_DONE - _HTML_DONE) * min(1, page / expected_pages), "layout")):
        rendered = HTML(string=html, base_url=static_base_url(), url_fetcher=StaticOnlyFetcher()).render()
    report(_LAYOUT_DONE, "writing")
    return rendered.write_pdf(), len(rendered.pages)


class _PageCounter(logging.Handler):
    """weasyprint logs 'Creating layout - Page %d' per page; route it to the rendering thread's callback."""

    def __init__(self):
        super().__init__(level=logging.INFO)
        self.callbacks = {}

    def emit(self, record):
        callback = self.callbacks.get(record.thread)
        if callback is not None and record.msg.startswith("Step 5 - Creating layout - Page") and record.args:
            callback(record.args[0])


_counter = _PageCounter()
_counter_lock = threading.Lock()


@contextmanager
def _layout_progress(callback):
    with _counter_lock:
        if _counter not in PROGRESS_LOGGER.handlers:
            PROGRESS_LOGGER.addHandler(_counter)
            PROGRESS_LOGGER.setLevel(logging.INFO)
            PROGRESS_LOGGER.propagate = False  # one line per page is not for the console
    _counter.callbacks[threading.get_ident()] = callback
    try:
        yield
    finally:
        _counter.callbacks.pop(threading.get_ident(), None)
