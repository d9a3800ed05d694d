"""Circulation pages: the copy's panel on the document page, proposal, the leader's queue, the round."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from documents.forms.circulation import MarkReadForm, ReaderListForm, RejectForm, StepForm
from documents.models import CirculationEntry
from documents.models.circulation import ACTIVE_STATUSES
from documents.models.copy import TERMINAL
from documents.selectors import (
    circulation_round,
    circulations_awaiting_approval,
    document_circulations,
    document_incidents,
    eligible_readers,
    may_know,
    people_in_scope,
    visible_circulations,
    visible_copies,
)
from documents.services import circulation as steps
from documents.services import loss
from documents.services.holds import Procedure, read_holds
from documents.pdf.permissions import can_print_circulation_slip
from documents.views.steps import StepView, attempt, offers, safe_next
from documents.views.utils import get_visible_or_404
from people.roles import Role

ENTRIES = Prefetch(
    "entries",
    queryset=CirculationEntry.objects.select_related("reader__person", "handed_out_by", "received_by").order_by("position"),
)


def _circulation(request, pk):
    return get_visible_or_404(
        visible_circulations(request.user).select_related("copy__document__registry__unit"), pk=pk, request=request,
    )


class Stage:
    """Where one copy's circulation stands, and which steps this user is offered (`offers`, from the checks)."""

    def __init__(self, user, copy, circulation, *, entries=None, under_way=None, knows=None):
        self.copy, self.circulation = copy, circulation
        self.incident = None
        self.entries = list(entries if entries is not None else circulation.entries.all()) if circulation else []
        self.out_entry = steps.out_entry(self.entries)
        self.next_entry = steps.next_entry(self.entries)
        self.offers = {
            "propose": steps.check_propose_circulation(copy, user, under_way=under_way) is None,
            "report_loss": loss.check_report_loss(copy, user) is None,
        }
        if circulation is not None:
            entries = self.entries
            self.offers |= offers(
                user,
                circulation,
                decide=steps.check_approve_circulation,
                hand_out=lambda c, u: steps.check_hand_out(c, u, entries=entries, knows=knows),
                take_back=lambda c, u: steps.check_take_back(c, u, entries=entries),
                mark_read=lambda c, u: steps.check_mark_read(c, u, entries=entries),
                cancel=lambda c, u: steps.check_cancel_circulation(c, u, entries=entries),
            )

    @property
    def has_actions(self):
        return any(self.offers.values())


def circulation_panel(user, document):
    """Context for documents/_circulation_panel.html on the document page: one row per copy still in play."""
    circulations = document_circulations(user, document).select_related("copy")
    # Only lists under way show their readers; a document's past lists (a busy one has dozens) show a line each.
    active = {c.copy_id: c for c in circulations.filter(status__in=ACTIVE_STATUSES).prefetch_related(ENTRIES)}
    past = list(circulations.exclude(status__in=ACTIVE_STATUSES)[:20])
    incidents = {i.copy_id: i for i in document_incidents(user, document)}
    copies = list(visible_copies(user).filter(document=document).select_related("holder").order_by("number"))
    for copy in copies:
        # The rows share the document the page already read (its registry and unit), not one per copy.
        copy.document = document
    read_holds(copies, Procedure.CIRCULATE)
    knows = _readers_knowing(document, active.values())
    rows = []
    for copy in copies:
        if copy.status in TERMINAL and copy.pk not in incidents and copy.pk not in active:
            continue
        circulation = active.get(copy.pk)
        if circulation is not None:
            circulation.copy = copy
        row = Stage(user, copy, circulation, under_way=circulation is not None, knows=knows)
        row.incident = incidents.get(copy.pk)
        rows.append(row)
    return {"circulation_rows": rows, "past_circulations": past}


def _readers_knowing(document, circulations):
    """`knows(reader)` for the hand-out checks of a page: the next readers' scope, asked in one query."""
    waiting = {entry.reader_id for c in circulations for entry in c.entries.all() if entry.handed_out_at is None}
    in_scope = set(people_in_scope(document).filter(pk__in=waiting).values_list("pk", flat=True)) if waiting else set()
    # Office people (the unit's clerks and leaders) know the document without being named in its scope.
    return lambda reader: reader.pk in in_scope or may_know(reader, document)


@login_required
def propose(request, copy_pk):
    copy = get_visible_or_404(
        visible_copies(request.user).select_related("document__registry__unit"), pk=copy_pk, request=request,
    )
    form = ReaderListForm(
        request.POST or None,
        candidates=eligible_readers(copy.document),
        search_url=reverse("documents:people_readers", args=[copy.document_id]),
        reason_initial=_("For reading"),
    )
    if request.method == "POST" and form.is_valid():
        circulation = attempt(
            form, steps.propose_circulation,
            copy=copy, readers=form.cleaned_data["readers"], by=request.user, reason=form.cleaned_data["reason"],
        )  # fmt: skip
        if circulation is not None:
            messages.success(request, _("Reading list proposed; it waits for a leader's approval."))
            return redirect("documents:circulation_detail", pk=circulation.pk)
    return render(request, "documents/circulation_propose.html", {"copy": copy, "document": copy.document, "form": form})


@login_required
def detail(request, pk):
    round_ = circulation_round(_circulation(request, pk))
    stage = Stage(request.user, round_.copy, round_.circulation, entries=round_.entries)
    can_print = can_print_circulation_slip(request.user, round_.circulation)
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
        candidates=eligible_readers(circulation.copy.document),
        search_url=reverse("documents:people_readers_edit", args=[circulation.pk]),
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


class ApproveAsProposed(StepView):
    """The queue's (and the inbox's) one-click approval: the reason only, the list as proposed."""

    selector = staticmethod(visible_circulations)
    related = ("copy__document__registry__unit",)
    service = staticmethod(steps.approve_circulation)
    target = "circulation"
    form_class = partial(StepForm, prefix="approve")

    def done(self, result, obj):
        return _("Circulation of copy %(copy)s approved.") % {"copy": obj.copy.label}

    def fallback(self, obj):
        return reverse("documents:circulation_queue")


@require_POST
@login_required
def approve(request, pk):
    if request.POST.get("as_proposed") == "1":
        return ApproveAsProposed.as_view()(request, pk=pk)
    circulation = _circulation(request, pk)
    form, reject_form = _decision_forms(circulation, request.POST, which="approve")
    if form.is_valid():
        done = attempt(
            form, steps.approve_circulation,
            circulation=circulation, by=request.user, reason=form.cleaned_data["reason"],
            readers=form.cleaned_data["readers"],
        )  # fmt: skip
        if done is not None:
            messages.success(request, _("Circulation of copy %(copy)s approved.") % {"copy": circulation.copy.label})
            return safe_next(request, "documents:circulation_queue")
    return _render_decide(request, circulation, form, reject_form)


@require_POST
@login_required
def reject(request, pk):
    circulation = _circulation(request, pk)
    approve_form, form = _decision_forms(circulation, request.POST, which="reject")
    if form.is_valid():
        done = attempt(
            form, steps.reject_circulation, circulation=circulation, by=request.user, reason=form.cleaned_data["reason"]
        )
        if done is not None:
            messages.success(request, _("Circulation of copy %(copy)s rejected.") % {"copy": circulation.copy.label})
            return safe_next(request, "documents:circulation_queue")
    return _render_decide(request, circulation, approve_form, form)


class CirculationStep(StepView):
    """A step on a circulation from its panel, the round page or the inbox; back to where it was asked."""

    selector = staticmethod(visible_circulations)
    related = ("copy__document__registry__unit",)
    target = "circulation"

    def fallback(self, obj):
        return reverse("documents:circulation_detail", args=[obj.pk])


class HandOut(CirculationStep):
    service = staticmethod(steps.hand_out)

    def done(self, entry, obj):
        return _("Copy handed out to %(reader)s.") % {"reader": steps.name_of(entry.reader)}


class TakeBack(CirculationStep):
    service = staticmethod(steps.take_back)

    def done(self, entry, obj):
        if entry.read_at is None:
            return _("Copy received back from %(reader)s; it is in the registry. They had not marked it as read.") % {
                "reader": steps.name_of(entry.reader)
            }
        return _("Copy received back from %(reader)s; it is in the registry.") % {"reader": steps.name_of(entry.reader)}


class MarkRead(CirculationStep):
    service = staticmethod(steps.mark_read)
    form_class = MarkReadForm
    inputs = ("reason", "comment")

    def done(self, entry, obj):
        return _("Marked as read. Return the copy to the secrecy clerk.")


class Cancel(CirculationStep):
    service = staticmethod(steps.cancel_circulation)

    def done(self, circulation, obj):
        return _("Circulation cancelled.")


hand_out = HandOut.as_view()
take_back = TakeBack.as_view()
mark_read = MarkRead.as_view()
cancel = Cancel.as_view()
