from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from documents.codes import parse_code
from documents.filtersets import CopyLedgerFilter, DocumentLedgerFilter
from documents.models import Copy
from documents.pagination import KeysetPage, paginate, paginate_by_parent
from documents.selectors import ledger_scope

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


@dataclass
class LedgerPage:
    mode: str
    filterset: object
    page: KeysetPage
    sort: str
    sorts: dict


def ledger_page(user, params) -> LedgerPage:
    """The rows, filters and sort the ledger shows this person for these GET parameters.

    A fixed number of queries whatever the page (keyset pagination): how
    large this person's scope is, the page's documents, (for copies) their
    copies, and the filter form's choices. No count of the whole set.
    """
    mode = "documents" if params.get("mode") == "documents" else "copies"
    sorts = DOCUMENT_SORTS if mode == "documents" else COPY_SORTS
    sort = params.get("sort") if params.get("sort") in sorts else "newest"
    scope = ledger_scope(user)
    documents = scope.documents
    paging = {"after": params.get("after"), "before": params.get("before"), "size": PAGE_SIZE}
    if mode == "documents":
        base = documents.select_related("registry")
        filterset = DocumentLedgerFilter(params, queryset=base, user=user)
        queryset = filterset.qs if filterset.is_valid() else base.none()
        page = paginate(queryset, keys=sorts[sort][1], **paging)
    else:
        related = ("document", "holder")  # the copy ledger does not show the registry
        base = scope.copies.select_related(*related)
        filterset = CopyLedgerFilter(params, queryset=base, user=user)
        keys = sorts[sort][1]
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
        else:
            page = paginate(base.none(), keys=keys, **paging)
    return LedgerPage(mode=mode, filterset=filterset, page=page, sort=sort, sorts=sorts)


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


@login_required
def ledger(request):
    """The registration ledger: one row per copy (default) or per document."""
    result = ledger_page(request.user, request.GET)
    query = request.GET.copy()
    for key in ("after", "before"):
        query.pop(key, None)
    return render(
        request,
        "documents/ledger.html",
        {
            "mode": result.mode,
            "filter": result.filterset,
            "page": result.page,
            "sort": result.sort,
            "sorts": [(key, label) for key, (label, _keys) in result.sorts.items()],
            "query": query.urlencode(),
            "is_first_page": not (request.GET.get("after") or request.GET.get("before")),
        },
    )
