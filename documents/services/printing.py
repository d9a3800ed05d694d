"""Recording a print: every printed ledger is itself a record (DOMAIN.md)."""

from documents.models import PrintRecord
from documents.services.recording import stamp

PRINT_REASON = "Ledger printed"


def record_print(*, code, by, printed_at, kind, title, filters, unit_ids, document, row_count, highest_level,
                 sha256, pages) -> PrintRecord:
    """Record a finished print. Only successful prints are recorded: a failed one leaves no sheet to verify."""
    record = PrintRecord(
        code=code,
        printed_by=by,
        printed_at=printed_at,
        kind=kind,
        title=title[:300],
        filters=filters,
        unit_ids=unit_ids,
        document=document,
        row_count=row_count,
        highest_level=highest_level,
        sha256=sha256,
        pages=pages,
    )
    stamp(record, by=by, reason=PRINT_REASON).save()
    return record
