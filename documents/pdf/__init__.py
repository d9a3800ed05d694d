"""Printed ledgers (PDF, weasyprint).

- renderer.render_pdf(template, context, *, printed_by, kind, filters, rows):
  renders a Django template, lays it out with a URL fetcher that serves only
  our static files (fetcher.py), and records the print (code, who, what,
  filters, rows, highest level, pages, SHA-256) in a PrintRecord. The
  verification code is chosen before rendering: it is printed on every page.
- selectors.py: the rows of each ledger, starting from documents.selectors.
- ledgers.py: each ledger kind, built for a user from JSON parameters.
- printing/ (its own app): every print is a task done by a worker
  (`manage.py db_worker`), a large ledger in chunks by several workers;
  the PDF is kept in the database until downloaded or purged.
- chunked.py: ledgers over settings.PRINT_CHUNK_ROWS rows are laid out in
  chunks (by task workers, or by a pool of PRINT_WORKERS processes when
  render_pdf is called directly) and joined (bounded memory);
  templates honour `continued` (no title block), `continues` (no end line)
  and `pages_numbered_later` (no `n / N`, laid over afterwards).

Adding a ledger (circulation slip, destruction certificate, borrowing, copy or
recovery ledger):
1. a selector in selectors.py returning a list of dicts, each with a `level`
   (the classification rank the row shows, None for rows about no document);
2. a template documents/pdf/<name>.html extending documents/pdf/base.html,
   filling `{% block rows %}` with a <table class="rows"> (thead repeats on
   every page, rows never split) and choosing `{% block orientation %}`;
3. a builder in ledgers.py `def <name>(user, params) -> Ledger` that checks
   role and scope (get_object_or_404 on documents.selectors for objects, so
   what is out of scope is a 404), registered in LEDGERS;
4. a view that validates a form into params and calls
   printing.asking.print_or_queue(request, kind, params, back=...).
Banners, n / N, footer, verification and background printing come with it.
"""
