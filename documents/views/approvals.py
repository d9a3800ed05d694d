"""The leader's queue: loan and copying requests waiting for their decision."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from documents.forms.borrowing import DecisionForm
from documents.selectors import loans_awaiting_decision, reproductions_awaiting_decision
from people.roles import Role
from people.selectors import has_role


@login_required
def approvals(request):
    if not has_role(request.user, Role.LEADER):
        raise Http404
    loans = (
        loans_awaiting_decision(request.user)
        .select_related("copy__document", "borrower", "requested_by")
        .order_by("requested_at", "pk")
    )
    reproductions = (
        reproductions_awaiting_decision(request.user)
        .select_related("source_copy__document", "requested_by")
        .order_by("requested_at", "pk")
    )
    return render(
        request,
        "documents/approvals_queue.html",
        {"loans": loans, "reproductions": reproductions, "form": DecisionForm()},
    )
