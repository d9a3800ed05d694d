"""Copying and excerpting pages: the clerk's request, the leader's decision, the clerk's execution."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents.forms.borrowing import DecisionForm
from documents.forms.copying import ExecuteForm, ReproductionRequestForm
from documents.levels import Level
from documents.models import CopyStatus
from documents.punctuation import listing
from documents.selectors import document_reproductions, visible_documents, visible_reproductions
from documents.services import copying
from documents.services.errors import NotPermitted
from documents.services.holds import Procedure, known_free, read_holds, unheld
from documents.services.roles import clerk_refusal
from documents.services.telegrams import TelegramRule
from documents.views.steps import StepView, attempt, offers
from documents.views.utils import get_visible_or_404


def reproduction_panel(user, document):
    requests = list(
        document_reproductions(user, document)
        .select_related("source_copy", "requested_by", "approved_by", "executed_by")
        .prefetch_related("copies")
        .order_by("-requested_at", "-pk")[:20]
    )
    for item in requests:
        # The page's document (with its registry and unit) for every row, not one read per request.
        item.source_copy.document = document
    read_holds([item.source_copy for item in requests], Procedure.COPY)
    for item in requests:
        item.offers = offers(
            user, item, decide=copying.check_approve_reproduction, execute=copying.check_execute_reproduction
        )
    # Any copy in the registry can be the source; the check of the first answers for all of them.
    source = _copiable(document).first()
    if source is not None:
        source.document = document
        known_free([source], Procedure.COPY)
    return {
        "reproductions": requests,
        "can_request_reproduction": source is not None and copying.check_request_reproduction(source, user) is None,
        "execute_form": ExecuteForm(),
    }


def _copiable(document):
    """The copies the request form offers as a source: in the registry, held by no other procedure."""
    return unheld(document.copies.filter(status=CopyStatus.IN_REGISTRY), Procedure.COPY).order_by("number")


@login_required
def request_reproduction(request, pk):
    document = get_visible_or_404(
        visible_documents(request.user).select_related("registry__unit"), pk=pk, request=request,
    )
    copies = _copiable(document)
    source = copies.first()
    refusal = (
        copying.check_request_reproduction(source, request.user)
        if source is not None
        else clerk_refusal(request.user, document.registry)
    )
    if isinstance(refusal, NotPermitted):
        # Not this person's step: as for any page they have no business on.
        raise Http404
    if isinstance(refusal, TelegramRule):
        # Never allowed for this document, whatever is filled in: no form to fill.
        messages.error(request, refusal.message)
        return redirect("documents:detail", pk=document.pk)
    form = ReproductionRequestForm(request.POST or None, copies=copies, top_secret=document.level == Level.TOP_SECRET)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = attempt(
            form,
            copying.request_reproduction,
            source_copy=data["source_copy"],
            kind=data["kind"],
            count=data["count"],
            by=request.user,
            reason=data["reason"],
            originating_approval=data.get("originating_approval", ""),
        )
        if done is not None:
            messages.success(request, _("Copying request recorded; it now waits for a leader's approval."))
            return redirect("documents:detail", pk=document.pk)
    return render(request, "documents/copying_request.html", {"document": document, "form": form})


class ReproductionStep(StepView):
    selector = staticmethod(visible_reproductions)
    related = ("source_copy__document__registry__unit",)
    target = "request"

    def fallback(self, item):
        return reverse("documents:detail", args=[item.source_copy.document_id]) + "#copying"


class Decide(ReproductionStep):
    """Approve or reject, from the document page or the leader's queue: the button pressed says which."""

    form_class = DecisionForm
    missing_reason = gettext_lazy("Give a reason: every decision is recorded with why it was made.")

    @property
    def step_up(self):
        # Approving top-secret copying asks for it (copying.needs_step_up); the service decides.
        return self.request.POST.get("decision") == "approve"

    def get_service(self):
        return copying.approve_reproduction if self.step_up else copying.reject_reproduction

    def done(self, item, obj):
        return _("Copying request #%(id)d: %(status)s.") % {"id": item.pk, "status": item.get_status_display().lower()}

    def fallback(self, item):
        return reverse("documents:approvals")


class Execute(ReproductionStep):
    service = staticmethod(copying.execute_reproduction)
    form_class = ExecuteForm

    def done(self, copies, obj):
        return _("Made copies %(numbers)s.") % {"numbers": listing(copy.number for copy in copies)}


decide = Decide.as_view()
execute = Execute.as_view()
