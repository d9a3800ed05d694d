"""Printing as background work: prints queued as tasks, rendered by workers, stored in the database.

Every other app asks for a print through `printing.queue.queue_print` (the
views through `documents.views.prints.print_or_queue`) and never renders in
a web process. The ledgers themselves (templates, rows, renderers) stay in
`documents/pdf/`; this app holds the queue, the parts a print is cut into,
their leases, the stored files and their purge (docs/pdf.md, "Background work").

- models.py: PrintPart (one unit of work of a PrintJob, with its lease) and PrintFile (the finished PDF).
- queue.py: queue_print, the only way in.
- tasks.py: the task the workers run (`manage.py db_worker`), one per part.
- stages.py: what each part does (plan, chunk, join).
- lease.py: claiming a part, beating its heart, giving back what a dead worker held.
- storage.py: storing, handing over and purging the PDFs.
- status.py: what the job page says.
- periodic.py: what each worker runs every so often (the lease sweep; the place for daily jobs).
"""
