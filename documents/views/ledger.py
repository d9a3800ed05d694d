from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from documents.filtersets import CopyLedgerFilter, DocumentLedgerFilter
from documents.pagination import paginate
from documents.selectors import visible_copies, visible_documents

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
    "newest": (_("Newest first"), ["-document__year", "-document__serial", "document_id", "number", "pk"]),
    "oldest": (_("Oldest first"), ["document__year", "document__serial", "document_id", "number", "pk"]),
    "title": (_("Title"), ["document__title", "document_id", "number", "pk"]),
    "level": (_("Highest level first"), ["-document__level", "-document__year", "-document__serial", "document_id", "number", "pk"]),
    "classified": (_("Date classified"), ["-document__date_classified", "document_id", "number", "pk"]),
}


@login_required
def ledger(request):
    """The registration ledger: one row per copy (default) or per document."""
    mode = "documents" if request.GET.get("mode") == "documents" else "copies"
    if mode == "documents":
        base = visible_documents(request.user).select_related("registry")
        filterset = DocumentLedgerFilter(request.GET, queryset=base)
        sorts = DOCUMENT_SORTS
    else:
        base = visible_copies(request.user).select_related("document__registry", "holder")
        filterset = CopyLedgerFilter(request.GET, queryset=base)
        sorts = COPY_SORTS
    sort = request.GET.get("sort") if request.GET.get("sort") in sorts else "newest"
    queryset = filterset.qs if filterset.is_valid() else base.none()
    page = paginate(
        queryset,
        keys=sorts[sort][1],
        after=request.GET.get("after"),
        before=request.GET.get("before"),
        size=PAGE_SIZE,
    )
    query = request.GET.copy()
    for key in ("after", "before"):
        query.pop(key, None)
    return render(
        request,
        "documents/ledger.html",
        {
            "mode": mode,
            "filter": filterset,
            "page": page,
            "sort": sort,
            "sorts": [(key, label) for key, (label, _keys) in sorts.items()],
            "query": query.urlencode(),
            "is_first_page": not (request.GET.get("after") or request.GET.get("before")),
        },
    )
