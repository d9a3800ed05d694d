"""The filtered, ticked table of copies shared by the recovery and destruction forms."""

from django.http import Http404

from documents.filtersets import CopyPickerFilter
from documents.forms.copy_picker import PICKER_LIMIT
from documents.selectors import copies_for_disposal, registries_kept_by, visible_copies


def picker(request):
    """The copies a clerk's form accepts, and the filtered table of copies offered.

    The form accepts any copy of the clerk's registries, so that a copy that
    moved since the page was shown is refused by the service, by name.
    """
    registries = registries_kept_by(request.user)
    if not registries.exists():
        raise Http404
    candidates = copies_for_disposal(request.user)
    accepted = visible_copies(request.user).filter(document__registry__in=registries).select_related("document__registry")
    filterset = CopyPickerFilter(request.GET or None, queryset=candidates, registries=registries)
    shown = filterset.qs if filterset.is_bound and filterset.is_valid() else candidates
    rows = list(
        shown.order_by("document__registry__code", "-document__year", "-document__serial", "number")[: PICKER_LIMIT + 1]
    )
    params = request.GET.copy()
    # "Select all shown" without JavaScript: the same rows, every one ticked (not kept once a form is posted).
    pick_all = params.pop("pick", None) == ["all"] and request.method == "GET"
    query = params.urlencode()
    return accepted, {
        "pick_all": pick_all,
        "base_query": query,
        "filter": filterset,
        "rows": rows[:PICKER_LIMIT],
        "truncated": len(rows) > PICKER_LIMIT,
        "limit": PICKER_LIMIT,
        "query": query,
    }
