"""Printing as background work: prints queued as tasks, rendered by workers, stored in the database.

Every other app asks for a print through `printing.queue.queue_print` (the
views through `printing.asking.print_or_queue`) and never renders in
a web process. The ledgers themselves (templates, rows, renderers) stay in
`documents/pdf/`; this app holds the jobs, the queue, the parts a print is cut into,
their leases, the stored files and their purge, the job page and the
download (docs/pdf.md, "Background work"). The PrintRecord, the record that
a print was made, stays with the ledgers in documents/ (docs/pdf.md says why).

- models.py: PrintJob (a print asked for), PrintPart (one unit of work of a job, with its lease)
  and PrintFile (the finished PDF).
- asking.py: print_or_queue, what a view calls to print; recent_jobs for the list under a print form.
- views.py, urls.py, templates/printing/: the job page and the download.
- queue.py: queue_print, the only way in.
- tasks.py: the task the workers run (`manage.py db_worker`), one per part.
- stages.py: what each part does (plan, chunk, join).
- lease.py: claiming a part, beating its heart, giving back what a dead worker held.
- storage.py: storing, handing over and purging the PDFs.
- legacy_files.py: purging files written under PRINTS_ROOT before prints moved into the database.
- status.py: what the job page says.
- periodic.py: what each worker runs every so often (the lease sweep; the place for daily jobs).
"""
