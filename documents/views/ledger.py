from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from documents import tables
from documents.codes import parse_code
from documents.filtersets import CopyLedgerFilter, DocumentLedgerFilter
from documents.models import Copy
from documents.pagination import KeysetPage, paginate, paginate_by_parent
from documents.pdf.permissions import labelable_copies
from documents.selectors import ledger_scope
from documents.whereabouts import annotate_whereabouts
from secrecy_registry.replica import reads_may_lag

PAGE_SIZE = 50

# Sort choices: label and keyset keys, per ledger mode. Each ends with the pk.
DOCUMENT_SORTS = {
    "newest": (_("Newest first"), ["-year", "-serial", "-pk"]),
    "oldest": (_("Oldest first"), ["year", "serial", "pk"]),
    "title": (_("Title"), ["title", "pk"]),
    "level": (_("Highest level first"), ["-level", "-year", "-serial", "-pk"]),
    "classified": (_("Date classified"), ["-date_classified", "-pk"]),
}
COPY_SORTS = {
    "newest": (_("Newest first"), ["-document__year", "-document__serial", "-document_id", "number", "pk"]),
    "oldest": (_("Oldest first"), ["document__year", "document__serial", "document_id", "number", "pk"]),
    "title": (_("Title"), ["document__title", "document_id", "number", "pk"]),
    "level": (_("Highest level first"), ["-document__level", "-document__year", "-document__serial", "-document_id", "number", "pk"]),
    "classified": (_("Date classified"), ["-document__date_classified", "document_id", "number", "pk"]),
}


def _sorts(sorts):
    return {name: keys for name, (_label, keys) in sorts.items()}


def _document(row):
    return getattr(row, "document", row)


def _columns(mode):
    """The ledger's columns in this mode: what the page shows, the sort each header toggles, what is exported."""
    doc = _document
    columns = [
        tables.Column(_("Registry number"), lambda r: doc(r).registry_number, "oldest", "newest", descending_first=True),
    ]
    if mode == "copies":
        columns.append(tables.Column(_("Copy"), lambda r: r.number))
    columns += [
        tables.Column(_("Title"), lambda r: doc(r).title, "title", "-title"),
        tables.Column(_("Type"), lambda r: doc(r).get_document_type_display()),
        tables.Column(_("Reference number"), lambda r: doc(r).reference_number),
        tables.Column(_("Level and period"), lambda r: doc(r).marking, "-level", "level", descending_first=True),
        tables.Column(_("Originating organ"), lambda r: doc(r).originating_organ),
        tables.Column(_("Date classified"), lambda r: doc(r).date_classified, "-classified", "classified", descending_first=True),
    ]
    if mode == "copies":
        columns += [
            tables.Column(_("Status"), lambda r: r.get_status_display()),
            tables.Column(_("Holder"), lambda r: tables.person(r.holder) if r.holder_id else ""),
            tables.Column(_("Kept at"), lambda r: str(r.location) if r.location_id else ""),
        ]
    else:
        columns.append(tables.Column(_("Copies"), lambda r: r.copies_count))
    return columns


@dataclass
class LedgerPage:
    mode: str
    filterset: object
    page: KeysetPage
    sort: str
    sorts: dict
    rows: object = None  # every row in scope that passes the filters, in the page's order (count, export)


def ledger_page(user, params) -> LedgerPage:
    """The rows, filters and sort the ledger shows this person for these GET parameters.

    A fixed number of queries whatever the page (keyset pagination): how
    large this person's scope is, the page's documents, (for copies) their
    copies, and the filter form's choices. No count of the whole set.
    """
    mode = "documents" if params.get("mode") == "documents" else "copies"
    sorts = DOCUMENT_SORTS if mode == "documents" else COPY_SORTS
    sort, keys = tables.resolve_sort(params.get("sort"), _sorts(sorts), "newest")
    scope = ledger_scope(user)
    documents = scope.documents
    paging = {"after": params.get("after"), "before": params.get("before"), "size": PAGE_SIZE}
    if mode == "documents":
        base = documents.select_related("registry")
        filterset = DocumentLedgerFilter(params, queryset=base, user=user)
        queryset = filterset.qs if filterset.is_valid() else base.none()
        page = paginate(queryset, keys=keys, **paging)
        rows = queryset.order_by(*keys)
    else:
        related = ("document", "holder", "location")  # the copy ledger does not show the registry
        base = scope.copies.select_related(*related)
        filterset = CopyLedgerFilter(params, queryset=base, user=user)
        if filterset.is_valid():
            # The documents a page of copies comes from: the same filters on
            # documents ("has a copy that ..."); then those documents' copies
            # that pass the copy's own filters.
            filtered = any(params.get(name) for name in DocumentLedgerFilter.base_filters)
            parents = DocumentLedgerFilter(params, queryset=documents, user=user).qs if filtered else documents
            own = {name: filterset.form.cleaned_data.get(name) for name in CopyLedgerFilter.copy_filters}
            own = {name: value for name, value in own.items() if value not in (None, "")}
            code = parse_code(filterset.form.cleaned_data.get("q") or "")
            if code is not None and code.copy is not None:
                own["number"] = code.copy  # a copy's code: that copy's row, not its siblings'

            def rows_of(ids):
                return Copy.objects.filter(document_id__in=ids, **own).select_related(*related)

            page = paginate_by_parent(
                parents,
                rows_of=rows_of,
                everything=lambda: filterset.qs,
                keys=keys,
                parent_keys=_document_keys(keys),
                **paging,
            )
            rows = filterset.qs.order_by(*keys)
        else:
            page = paginate(base.none(), keys=keys, **paging)
            rows = base.none()
    return LedgerPage(mode=mode, filterset=filterset, page=page, sort=sort, sorts=sorts, rows=rows)


def _document_keys(copy_keys):
    """The document part of a copy sort as keys on Document: ["-document__year", "-document_id", ...] -> ["-year", "-pk"]."""
    keys = []
    for key in copy_keys:
        sign, name = ("-", key[1:]) if key.startswith("-") else ("", key)
        if name == "document_id":
            keys.append(f"{sign}pk")
            return keys
        keys.append(sign + name.removeprefix("document__"))
    raise ValueError("a copy sort must order by document_id before the copy's own keys")


def _noun(mode):
    if mode == "copies":
        return lambda count: ngettext("%(count)s copy", "%(count)s copies", count) % {"count": count}
    return lambda count: ngettext("%(count)s document", "%(count)s documents", count) % {"count": count}


@login_required
@reads_may_lag
def ledger(request):
    """The registration ledger: one row per copy (default) or per document; ?export=csv|xlsx downloads it."""
    result = ledger_page(request.user, request.GET)
    columns = _columns(result.mode)
    fmt = request.GET.get("export")
    if fmt in tables.EXPORT_FORMATS:
        response = tables.export_response(
            request, fmt=fmt, name=f"ledger-{result.mode}", what=f"Registration ledger, {result.mode}",
            columns=columns, rows=result.rows, params=request.GET,
        )
        if response is not None:
            return response
        messages.error(request, tables.too_many_for_xlsx())
        query = tables.plain_query(request.GET)
        return redirect(f"{request.path}?{query.urlencode()}")
    if result.mode == "copies":
        # A copy with another unit is held by no one here: the holder column names where it is instead.
        annotate_whereabouts(result.page.rows)
    page_rows = list(result.page.rows)
    count, exact = tables.bounded_count(result.rows)
    totals = tables.Totals(count=count, exact=exact, number=tables.page_number(request.GET), size=PAGE_SIZE)
    return render(
        request,
        "documents/ledger.html",
        {
            "mode": result.mode,
            "filter": result.filterset,
            "page": result.page,
            "sort": result.sort,
            "query": tables.plain_query(request.GET).urlencode(),
            # The rows whose labels this person may print (a clerk, copies the registry keeps): ticked for labels.
            "labelable": labelable_copies(request.user, page_rows) if result.mode == "copies" else set(),
            **tables.table_context(columns, sort=result.sort, params=request.GET, page=result.page, totals=totals, noun=_noun(result.mode)),
        },
    )
