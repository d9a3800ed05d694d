"""The home page is each role's work inbox (documents/inbox.py), and the leader's approval of several items."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.services.reauth import proof_of
from archives.selectors import visible_consultations
from documents.forms.circulation import StepForm
from documents.inbox import inbox
from documents.selectors import (
    registries_kept_by,
    visible_circulations,
    visible_destruction_lists,
    visible_documents,
    visible_loans,
    visible_reproductions,
)
from documents.services.decisions_bulk import approve_several
from documents.services.errors import LifecycleError
from documents.views.dashboard import dashboard_home
from documents.views.steps import asks_step_up
from documents.views.utils import record_denial
from inspections.selectors import overdue_rectifications
from inspections.services.self_inspection import check_close_rectification
from people.roles import Role
from people.selectors import roles_of, units_where
from registers.selectors import overdue_incidents
from registers.services.incidents import with_clocks


@login_required
def home(request):
    """Each role's landing page: what this person does next, each row with its step."""
    user = request.user
    roles = roles_of(user)
    sections = inbox(user, roles)
    context = {
        "roles": roles,
        "sections": [section for section in sections if section.rows],
        "quiet_sections": [section for section in sections if not section.rows],
        "recent_documents": visible_documents(user).select_related("registry").order_by("-created_at", "-pk")[:10],
    }
    if Role.CLERK in roles:
        context["registries"] = registries_kept_by(user)
    if Role.INSPECTOR in roles:
        context["inspected_units"] = units_where(user, Role.INSPECTOR)
    if roles & {Role.LEADER, Role.CLERK}:
        context["overdue_rectifications"] = rectifications = list(overdue_rectifications(user)[:20])
        for item in rectifications:
            item.can_close = check_close_rectification(item, user) is None
        context["overdue_incidents"] = with_clocks(list(overdue_incidents(user)[:20]))
    if Role.ADMINISTRATOR in roles:
        context["administered_units"] = units_where(user, Role.ADMINISTRATOR)
    context.update(dashboard_home(user, roles))
    return render(request, "documents/home.html", context)


# What a ticked row's key ("loan-12") names, read through what the person may see.
SELECTABLE = {
    "circulation": lambda user: visible_circulations(user).select_related("copy__document__registry__unit"),
    "loan": lambda user: visible_loans(user).select_related("copy__document__registry__unit"),
    "reproduction": lambda user: visible_reproductions(user).select_related("source_copy__document__registry__unit"),
    "destruction": lambda user: visible_destruction_lists(user),
    "consultation": lambda user: visible_consultations(user).select_related("registry__unit", "person"),
}


def _chosen(request):
    """The ticked items, or None when one of them is not there for this person (it says which, logs a denial)."""
    items = []
    for key in request.POST.getlist("item"):
        kind, _sep, pk = key.partition("-")
        if kind not in SELECTABLE or not pk.isdigit():
            return None
        queryset = SELECTABLE[kind](request.user)
        item = queryset.filter(pk=int(pk)).first()
        if item is None:
            record_denial(request, queryset.model, pk)
            return None
        items.append(item)
    return items


def _back(request):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(reverse("home") + "#decisions")


@require_POST
@login_required
def approve_selected(request):
    """Approve the ticked rows of the leader's inbox with one reason: all, or none and why."""
    items = _chosen(request)
    form = StepForm(request.POST)
    if items is None:
        messages.error(request, _("One of the ticked items is no longer waiting or not found; nothing was approved."))
    elif not items:
        messages.error(request, _("Tick at least one item to approve."))
    elif not form.is_valid():
        messages.error(request, _("Give a reason: every decision is recorded with why it was made."))
    else:
        try:
            approved = approve_several(
                items=items, by=request.user, reason=form.cleaned_data["reason"], proof=proof_of(request)
            )
        except LifecycleError as error:
            if asks_step_up(error):
                raise  # accounts.middleware.StepUp asks for the password, then posts the ticked rows again
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                ngettext("%(n)d item approved.", "%(n)d items approved.", len(approved)) % {"n": len(approved)},
            )
    return _back(request)
