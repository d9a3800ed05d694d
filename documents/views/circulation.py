"""Circulation pages: the copy's panel on the document page, proposal, the leader's queue, the round."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from documents.forms.circulation import MarkReadForm, ReaderListForm, RejectForm, StepForm
from documents.forms.fields import show_domain_error
from documents.models import CirculationEntry, CirculationStatus, CopyStatus
from documents.models.circulation import ACTIVE_STATUSES
from documents.models.copy import HELD_BY_PERSON, TERMINAL
from documents.selectors import (
    circulation_round,
    circulations_awaiting_approval,
    document_circulations,
    document_incidents,
    people_in_scope,
    visible_circulations,
    visible_copies,
)
from documents.services import circulation as steps
from documents.views.procedure_prints import can_print_circulation_slip
from documents.services.errors import LifecycleError, MissingReason
from documents.views.utils import get_visible_or_404
from people.roles import Role
from people.selectors import has_role

ENTRIES = Prefetch(
    "entries", queryset=CirculationEntry.objects.select_related("reader", "handed_out_by", "received_by").order_by("position")
)


def _circulation(request, pk):
    return get_visible_or_404(
        visible_circulations(request.user).select_related("copy__document__registry__unit"), pk=pk, request=request,
    )


class Stage:
    """Where one copy's circulation stands, and which buttons this user gets.

    The buttons only mirror the services' rules; the services decide.
    """

    def __init__(self, user, copy, circulation, *, is_clerk, is_leader, entries=None):
        self.copy, self.circulation = copy, circulation
        self.incident = None
        self.entries = list(entries if entries is not None else circulation.entries.all()) if circulation else []
        self.out_entry = next((entry for entry in self.entries if entry.is_out), None)
        self.next_entry = next((entry for entry in self.entries if entry.handed_out_at is None), None)
        status = circulation.status if circulation else None
        active = status in ACTIVE_STATUSES
        self.can_propose = is_clerk and not active and copy.status in steps.PROPOSABLE
        self.can_decide = is_leader and status == CirculationStatus.PROPOSED and circulation.proposed_by_id != user.pk
        self.can_hand_out = (
            is_clerk
            and status in (CirculationStatus.APPROVED, CirculationStatus.IN_PROGRESS)
            and copy.status == CopyStatus.IN_REGISTRY
            and self.out_entry is None
            and self.next_entry is not None
            and self.next_entry.reader_id != user.pk
        )
        self.can_take_back = is_clerk and self.out_entry is not None and self.out_entry.reader_id != user.pk
        self.can_mark_read = (
            self.out_entry is not None
            and self.out_entry.reader_id == user.pk
            and copy.holder_id == user.pk
            and self.out_entry.read_at is None
        )
        self.can_cancel = (is_clerk or is_leader) and active and self.out_entry is None
        holds = copy.status in HELD_BY_PERSON and copy.holder_id == user.pk
        self.can_report_loss = copy.status not in TERMINAL and (is_clerk or holds)

    @property
    def has_actions(self):
        return any(
            (self.can_propose, self.can_decide, self.can_hand_out, self.can_take_back, self.can_mark_read,
             self.can_cancel, self.can_report_loss)
        )


def _roles(user, unit):
    return has_role(user, Role.CLERK, unit), has_role(user, Role.LEADER, unit)


def circulation_panel(user, document):
    """Context for documents/_circulation_panel.html on the document page: one row per copy still in play."""
    is_clerk, is_leader = _roles(user, document.registry.unit)
    circulations = document_circulations(user, document).select_related("copy")
    # Only lists under way show their readers; a document's past lists (a busy one has dozens) show a line each.
    active = {c.copy_id: c for c in circulations.filter(status__in=ACTIVE_STATUSES).prefetch_related(ENTRIES)}
    past = list(circulations.exclude(status__in=ACTIVE_STATUSES)[:20])
    incidents = {i.copy_id: i for i in document_incidents(user, document)}
    copies = visible_copies(user).filter(document=document).select_related("holder").order_by("number")
    rows = [
        Stage(user, copy, active.get(copy.pk), is_clerk=is_clerk, is_leader=is_leader)
        for copy in copies
        if copy.status not in TERMINAL or copy.pk in incidents or copy.pk in active
    ]
    for row in rows:
        row.incident = incidents.get(row.copy.pk)
    return {"circulation_rows": rows, "past_circulations": past}


def _back(request, circulation):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect("documents:circulation_detail", pk=circulation.pk)


@login_required
def propose(request, copy_pk):
    copy = get_visible_or_404(
        visible_copies(request.user).select_related("document__registry__unit"), pk=copy_pk, request=request,
    )
    form = ReaderListForm(
        request.POST or None, candidates=people_in_scope(copy.document), reason_initial=_("For reading")
    )
    if request.method == "POST" and form.is_valid():
        try:
            circulation = steps.propose_circulation(
                copy=copy, readers=form.cleaned_data["readers"], by=request.user, reason=form.cleaned_data["reason"]
            )
        except LifecycleError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("Reading list proposed; it waits for a leader's approval."))
            return redirect("documents:circulation_detail", pk=circulation.pk)
    return render(request, "documents/circulation_propose.html", {"copy": copy, "document": copy.document, "form": form})


@login_required
def detail(request, pk):
    round_ = circulation_round(_circulation(request, pk))
    is_clerk, is_leader = _roles(request.user, round_.document.registry.unit)
    stage = Stage(request.user, round_.copy, round_.circulation, is_clerk=is_clerk, is_leader=is_leader, entries=round_.entries)
    can_print = can_print_circulation_slip(request.user, round_.circulation, round_.document.registry.unit)
    return render(request, "documents/circulation_detail.html", {"round": round_, "stage": stage, "can_print_slip": can_print})


@login_required
def queue(request):
    circulations = circulations_awaiting_approval(request.user).prefetch_related(ENTRIES)
    return render(request, "documents/circulation_queue.html", {"circulations": circulations})


def _decision_forms(circulation, data=None, *, which=None):
    entries = list(circulation.entries.select_related("reader").order_by("position"))
    approve = ReaderListForm(
        data if which == "approve" else None,
        prefix="approve",
        candidates=people_in_scope(circulation.copy.document),
        readers=[entry.reader for entry in entries],
        reason_initial=_("Approved"),
    )
    reject = RejectForm(data if which == "reject" else None, prefix="reject")
    return approve, reject


def _render_decide(request, circulation, approve_form, reject_form):
    return render(
        request,
        "documents/circulation_decide.html",
        {"round": circulation_round(circulation), "approve_form": approve_form, "reject_form": reject_form},
    )


@login_required
def decide(request, pk):
    circulation = _circulation(request, pk)
    return _render_decide(request, circulation, *_decision_forms(circulation))


@require_POST
@login_required
def approve(request, pk):
    circulation = _circulation(request, pk)
    approve_form, reject_form = _decision_forms(circulation, request.POST, which="approve")
    # The queue's one-click approval sends the reason only: the list as proposed.
    as_proposed = request.POST.get("as_proposed") == "1"
    form = StepForm(request.POST, prefix="approve") if as_proposed else approve_form
    if form.is_valid():
        try:
            steps.approve_circulation(
                circulation=circulation,
                by=request.user,
                reason=form.cleaned_data["reason"],
                readers=None if as_proposed else form.cleaned_data["readers"],
            )
        except LifecycleError as error:
            if as_proposed:
                messages.error(request, error.message)
                return redirect("documents:circulation_queue")
            show_domain_error(form, error)
        else:
            messages.success(request, _("Circulation of copy %(copy)s approved.") % {"copy": circulation.copy.label})
            return redirect("documents:circulation_queue")
    elif as_proposed:
        messages.error(request, MissingReason.default_message)
        return redirect("documents:circulation_queue")
    return _render_decide(request, circulation, approve_form, reject_form)


@require_POST
@login_required
def reject(request, pk):
    circulation = _circulation(request, pk)
    approve_form, form = _decision_forms(circulation, request.POST, which="reject")
    if form.is_valid():
        try:
            steps.reject_circulation(circulation=circulation, by=request.user, reason=form.cleaned_data["reason"])
        except LifecycleError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("Circulation of copy %(copy)s rejected.") % {"copy": circulation.copy.label})
            return redirect("documents:circulation_queue")
    return _render_decide(request, circulation, approve_form, form)


def _step(request, pk, step, form_class, done_message, extra=()):
    circulation = _circulation(request, pk)
    form = form_class(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _back(request, circulation)
    try:
        more = {name: form.cleaned_data[name] for name in extra}
        result = step(circulation=circulation, by=request.user, reason=form.cleaned_data["reason"], **more)
    except LifecycleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done_message(result))
    return _back(request, circulation)


@require_POST
@login_required
def hand_out(request, pk):
    return _step(
        request, pk, steps.hand_out, StepForm,
        lambda entry: _("Copy handed out to %(reader)s.") % {"reader": steps.name_of(entry.reader)},
    )


@require_POST
@login_required
def take_back(request, pk):
    return _step(
        request, pk, steps.take_back, StepForm,
        lambda entry: _("Copy received back from %(reader)s; it is in the registry.") % {"reader": steps.name_of(entry.reader)},
    )


@require_POST
@login_required
def mark_read(request, pk):
    return _step(
        request, pk, steps.mark_read, MarkReadForm,
        lambda entry: _("Marked as read. Return the copy to the secrecy clerk."),
        extra=("comment",),
    )


@require_POST
@login_required
def cancel(request, pk):
    return _step(request, pk, steps.cancel_circulation, StepForm, lambda circulation: _("Circulation cancelled."))
