from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from audit.database import chain_supported
from audit.filtersets import AccessEventFilter, logged_people
from audit.selectors import access_events, can_inspect_audit, chain_heads, recent_checkpoints
from audit.services.checkpoints import verify_and_record
from documents.pagination import paginate
from documents.views.people_picker import people_results
from secrecy_registry.replica import reads_may_lag

PAGE_SIZE = 50


def _require_inspector(user):
    if not can_inspect_audit(user):
        # As for any page this person has no business on.
        raise Http404


@login_required
@reads_may_lag
def check(request):
    """Audit trail check: the chain heads, the checkpoints, and a button that verifies everything."""
    _require_inspector(request.user)
    return render(
        request,
        "audit/check.html",
        {"supported": chain_supported(), "heads": chain_heads(), "checkpoints": recent_checkpoints()},
    )


@login_required
@require_POST
def run_check(request):
    _require_inspector(request.user)
    report = verify_and_record(by=request.user)
    if report.ok:
        messages.success(request, report.summary())
    elif not report.supported:
        messages.warning(request, report.summary())
    else:
        messages.error(request, report.summary())
        for problem in report.problems[1:10]:
            messages.error(request, problem.message)
    return redirect("audit:check")


@require_GET
@login_required
def people(request):
    """The access log's person filter: every account, searched by name or username; 404 to anyone but an inspector."""
    _require_inspector(request.user)
    return people_results(request, logged_people(), unit_id=None)


@login_required
@reads_may_lag
def access_log(request):
    """The access log, newest first, filtered by kind, person and dates."""
    _require_inspector(request.user)
    base = access_events()
    filterset = AccessEventFilter(request.GET, queryset=base)
    queryset = filterset.qs if filterset.is_valid() else base.none()
    page = paginate(
        queryset, keys=["-at", "-pk"], after=request.GET.get("after"), before=request.GET.get("before"), size=PAGE_SIZE
    )
    query = request.GET.copy()
    for key in ("after", "before"):
        query.pop(key, None)
    return render(
        request,
        "audit/access_log.html",
        {
            "filter": filterset,
            "page": page,
            "query": query.urlencode(),
            "is_first_page": not (request.GET.get("after") or request.GET.get("before")),
        },
    )
