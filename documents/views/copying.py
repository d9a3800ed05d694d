"""Copying and excerpting pages: the clerk's request, the leader's decision, the clerk's execution."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from documents.forms.borrowing import DecisionForm
from documents.forms.copying import ExecuteForm, ReproductionRequestForm
from documents.forms.fields import show_domain_error
from documents.levels import Level
from documents.models import CopyStatus, ReproductionStatus
from documents.punctuation import listing
from documents.selectors import document_reproductions, visible_documents, visible_reproductions
from documents.services import copying
from documents.services.errors import LifecycleError
from documents.views.borrowing import back_to
from documents.views.utils import get_visible_or_404
from people.roles import Role
from people.selectors import has_role


def reproduction_panel(user, document):
    unit = document.registry.unit
    is_clerk = has_role(user, Role.CLERK, unit)
    is_leader = has_role(user, Role.LEADER, unit)
    requests = list(
        document_reproductions(user, document)
        .select_related("source_copy", "requested_by", "approved_by", "executed_by")
        .prefetch_related("copies")
        .order_by("-requested_at", "-pk")[:20]
    )
    for item in requests:
        item.can_decide = is_leader and item.requested_by_id != user.pk and item.status == ReproductionStatus.REQUESTED
        item.can_execute = is_clerk and item.approved_by_id != user.pk and item.status == ReproductionStatus.APPROVED
    return {
        "reproductions": requests,
        "can_request_reproduction": is_clerk and document.has_copy_in_registry,
        "execute_form": ExecuteForm(),
    }


def _copiable(document):
    return document.copies.filter(status=CopyStatus.IN_REGISTRY).order_by("number")


@login_required
def request_reproduction(request, pk):
    document = get_visible_or_404(
        visible_documents(request.user).select_related("registry__unit"), pk=pk, request=request,
    )
    if not has_role(request.user, Role.CLERK, document.registry.unit):
        raise Http404
    form = ReproductionRequestForm(
        request.POST or None, copies=_copiable(document), top_secret=document.level == Level.TOP_SECRET
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            copying.request_reproduction(
                source_copy=data["source_copy"],
                kind=data["kind"],
                count=data["count"],
                by=request.user,
                reason=data["reason"],
                originating_approval=data.get("originating_approval", ""),
            )
        except LifecycleError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("Copying request recorded; it now waits for a leader's approval."))
            return redirect("documents:detail", pk=document.pk)
    return render(request, "documents/copying_request.html", {"document": document, "form": form})


def _request(request, pk):
    return get_visible_or_404(
        visible_reproductions(request.user).select_related("source_copy__document__registry__unit"), pk=pk,
        request=request,
    )


@login_required
@require_POST
def decide(request, pk):
    item = _request(request, pk)
    form = DecisionForm(request.POST)
    approve = request.POST.get("decision") == "approve"
    service = copying.approve_reproduction if approve else copying.reject_reproduction
    if not form.is_valid():
        messages.error(request, _("Give a reason: every decision is recorded with why it was made."))
    else:
        try:
            item = service(request=item, by=request.user, reason=form.cleaned_data["reason"])
        except LifecycleError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Copying request #%(id)d: %(status)s.") % {"id": item.pk, "status": item.get_status_display().lower()})
    return back_to(request, "documents:approvals")


@login_required
@require_POST
def execute(request, pk):
    item = _request(request, pk)
    form = ExecuteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason: every change is recorded with why it was made."))
    else:
        try:
            copies = copying.execute_reproduction(request=item, by=request.user, reason=form.cleaned_data["reason"])
        except LifecycleError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Made copies %(numbers)s.") % {"numbers": listing(copy.number for copy in copies)},
            )
    return redirect("documents:detail", pk=item.source_copy.document_id)
