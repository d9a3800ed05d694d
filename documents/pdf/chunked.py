"""Large ledgers rendered in chunks, in a pool of processes, then joined into one PDF.

weasyprint keeps every laid-out page until it writes the file (≈ 0.2 MB per
row) and uses one core. Above settings.PRINT_CHUNK_ROWS rows the ledger is
split into chunks of that many rows, each starting on a new page and laid
out by one of settings.PRINT_WORKERS processes, so memory is bounded by a
chunk per process and the cores work together.

For the reader the joined file is the ledger printed whole: the parent
fixes the code, time and banner of the WHOLE ledger before any chunk is
rendered; only the first chunk has the title block, only the last the
end-of-ledger line; every chunk repeats the table header. `n / N` cannot
come from `counter(pages)` inside a chunk, so chunks are laid out without
it and, once every page is known, one page-number sheet of exactly N pages
(same @page styles, only the bottom-right box) is laid over the joined
pages: exact, and a few seconds for a thousand pages.

Children are started with "spawn" and get only strings (HTML, paths): no
database connection, settings override or open file is inherited.
"""

import io
import multiprocessing
from concurrent.futures import ProcessPoolExecutor, as_completed

from django.conf import settings
from django.template.loader import render_to_string

from documents.pdf.fetcher import static_base_url, static_root

PAGE_NUMBERS_TEMPLATE = "documents/pdf/page_numbers.html"


def chunk_rows() -> int:
    return max(1, int(settings.PRINT_CHUNK_ROWS))


def should_chunk(rows) -> bool:
    return len(rows) > chunk_rows()


def render_chunked(template, context, rows, *, report):
    """Render `rows` with `template` in chunks; return (pdf_bytes, pages). `context` is the whole ledger's."""
    html = chunk_html(template, context, rows)
    base_url, root = static_base_url(), str(static_root())
    pdfs = [None] * len(html)
    workers = max(1, min(int(settings.PRINT_WORKERS), len(html)))
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = {pool.submit(render_html, text, base_url, root): index for index, text in enumerate(html)}
        del html
        for done, future in enumerate(as_completed(futures), start=1):
            pdfs[futures[future]] = future.result()
            report(0.10 + 0.80 * done / len(pdfs), "layout")
    report(0.90, "writing")
    return join(pdfs, base_url=base_url, root=root)


def chunk_html(template, context, rows, size=None):
    """The HTML of each chunk of `rows` (`context` is the whole ledger's): strings any process can lay out."""
    size = size or chunk_rows()
    chunks = [rows[start : start + size] for start in range(0, len(rows), size)] or [rows]
    return [
        render_to_string(
            template,
            {**context, "pages_numbered_later": True, "rows": chunk, "continued": index > 0,
             "continues": index < len(chunks) - 1},
        )
        for index, chunk in enumerate(chunks)
    ]


def render_html(html, base_url, root):
    """In a child process: lay out one chunk and write it. Only strings cross the process boundary."""
    from weasyprint import HTML

    from documents.pdf.fetcher import StaticOnlyFetcher

    return HTML(string=html, base_url=base_url, url_fetcher=StaticOnlyFetcher(root=root)).write_pdf()


def join(pdfs, *, base_url, root):
    # Imported here: only large prints need it, and every web process imports this module.
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for data in pdfs:
        writer.append(PdfReader(io.BytesIO(data)))
    first = PdfReader(io.BytesIO(pdfs[0]))
    if first.metadata:
        writer.add_metadata({key: str(value) for key, value in first.metadata.items()})
    total = len(writer.pages)
    box = writer.pages[0].mediabox
    orientation = "landscape" if box.width > box.height else "portrait"
    numbers = PdfReader(io.BytesIO(render_html(page_numbers_html(total, orientation), base_url, root)))
    if len(numbers.pages) != total:
        raise RuntimeError(f"page-number sheet has {len(numbers.pages)} pages, the ledger {total}")
    for page, overlay in zip(writer.pages, numbers.pages):
        page.merge_page(overlay)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), total


def page_numbers_html(total, orientation):
    return render_to_string(PAGE_NUMBERS_TEMPLATE, {"pages": range(total), "orientation": orientation})
