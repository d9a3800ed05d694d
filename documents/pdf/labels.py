"""Copy labels and cover sheets (registered in documents.pdf.ledgers.LEDGERS).

- copy_labels: one label per copy on A4 sheets of 3 × 8 (Avery L7159 and its
  equivalents, docs/pdf.md): the marking, registry number, copy number, and
  the copy's code as a QR code and a Code 128 barcode;
- cover_sheets: one A4 cover per copy, marked top and bottom with the copy's
  own level, with the title, numbers, code and a "return to" line.

Parameters: {"document": id} for every copy its registry keeps, or
{"copies": [ids]} for the copies chosen on the document page or the ledger.
Like every builder they start from the selectors (a copy out of scope is a
404, as is a list naming one) and ask check_print_copy_labels of each copy,
so a background job asks again when it runs. Each print is recorded like a
ledger (documents.services.printing): what was labelled is in its filters.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language, gettext as _, gettext_lazy

from documents.levels import marking
from documents.models.document import MAX_COPIES
from documents.pdf.permissions import kept_by_registry, check_print_copy_labels, check_print_labels_in
from documents.pdf.symbols import code128_svg, qr_svg
from documents.punctuation import listing
from documents.selectors import visible_copies, visible_documents
from documents.services.errors import InvalidInput, InvalidState, raise_if

LABELS_PER_SHEET = 24
MAX_LABELS = MAX_COPIES


def _ledgers():
    from documents.pdf import ledgers  # ledgers.py imports this module to register the builders

    return ledgers


def _chosen(user, params):
    copies = visible_copies(user).select_related("document__registry__unit").order_by(
        "document__registry__code", "document__year", "document__serial", "number"
    )
    if params.get("document") is not None:
        document = get_object_or_404(visible_documents(user).select_related("registry__unit"), pk=params["document"])
        raise_if(check_print_labels_in(document.registry, user))
        chosen = [copy for copy in copies.filter(document=document) if kept_by_registry(copy)]
        if not chosen:
            raise InvalidState(
                _("The registry keeps no copy of %(number)s: there is nothing to label.") % {"number": document.registry_number}
            )
        return chosen, document
    ids = params.get("copies") or []
    if not ids:
        raise InvalidInput({"copies": [_("Choose the copies to print labels for.")]})
    chosen = list(copies.filter(pk__in=ids))
    if len(chosen) != len(set(ids)):
        raise Http404  # a copy this person may not know: as if none of them existed
    documents = {copy.document_id for copy in chosen}
    return chosen, chosen[0].document if len(documents) == 1 else None


def _copies_for(user, params):
    chosen, document = _chosen(user, params)
    if len(chosen) > MAX_LABELS:
        raise InvalidInput({"copies": [_("Print at most %(max)d labels at a time.") % {"max": MAX_LABELS}]})
    for copy in chosen:
        raise_if(check_print_copy_labels(copy, user))
    return chosen, document


def _row(copy, language):
    document = copy.document
    registry = document.registry
    return {
        "level": document.level,
        "period": document.secrecy_period_years,
        "marking": marking(document.level, document.secrecy_period_years, language, declassified=document.declassified_on is not None),
        "code": copy.label,
        "number": copy.number,
        "registry_number": document.registry_number,
        "title": document.title,
        "reference_number": document.reference_number,
        "originating_organ": document.originating_organ,
        "pages": document.pages,
        "attachments": document.attachments,
        "reproduction": copy.source_copy_id is not None,
        "unit": str(registry.unit),
        "registry": registry.name,
        "qr": qr_svg(copy.label),
        "barcode": code128_svg(copy.label),
    }


def _build(kind, template, name):
    def build(user, params):
        copies, document = _copies_for(user, params)
        units = list({copy.document.registry.unit_id: copy.document.registry.unit for copy in copies}.values())
        language = get_language() or "en"
        labels = [copy.label for copy in copies]
        return _ledgers().Ledger(
            kind=kind,
            template=template,
            name=name,
            unit=listing(units),
            range=document.registry_number if document is not None else listing(labels[:3]) + ("…" if len(labels) > 3 else ""),
            # The codes too: the print record says which copies were labelled even once ids mean nothing to a reader.
            filters={**params, "labels": labels},
            unit_ids=[unit.pk for unit in units],
            count=len(copies),
            load_rows=lambda: [_row(copy, language) for copy in copies],
            document=document,
            extra={"per_sheet": LABELS_PER_SHEET},
        )

    build.__name__ = kind
    return build


copy_labels = _build("copy_labels", "documents/pdf/copy_labels.html", gettext_lazy("Copy labels"))
cover_sheets = _build("cover_sheets", "documents/pdf/cover_sheets.html", gettext_lazy("Copy cover sheets"))
