"""Classification review pages: the drafter's proposal, the proposal's page with its next step, the list.

Thin: each page reads through review.selectors, offers what the step's check
allows (documents.views.steps.offers), and calls review.services.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from accounts.services.reauth import proof_of
from documents import tables
from documents.history import history_entries, newest_first
from documents.inbox import LIMIT, Action, Row, Section, _offer, _total, person
from documents.models import Registry
from documents.selectors import eligible_for_scope
from documents.views.confirm import ask_to_confirm, confirmed
from documents.views.people_picker import people_results
from documents.views.steps import StepView, attempt, attempt_with_message, offers
from documents.views.utils import get_visible_or_404
from people.roles import Role
from people.selectors import roles_of
from review import services
from review.forms import ApproveForm, PassForm, ProposalForm, RejectForm, SendBackForm, scope_units_named
from review.models import ProposalStatus
from review.selectors import proposals_returned_to, proposals_to_approve, proposals_to_review, visible_proposals

LIST_ROLES = {Role.CLERK, Role.LEADER, Role.INSPECTOR, Role.READER}


def proposal_registries(user):
    """The registries whose outgoing documents this person may propose (check_propose), for the form's choice."""
    registries = Registry.objects.filter(
        unit__memberships__user=user, unit__memberships__role__in=services.DRAFTER_ROLES
    ).distinct().select_related("unit")
    return Registry.objects.filter(
        pk__in=[registry.pk for registry in registries if services.check_propose(registry, user) is None]
    ).select_related("unit")


def _visible(request, pk):
    return get_visible_or_404(visible_proposals(request.user), pk=pk, request=request)


# The list --------------------------------------------------------------------------------------

PROPOSAL_SORTS = {"proposed": ["proposed_at", "pk"], "title": ["title", "pk"]}
PROPOSAL_COLUMNS = [
    tables.Column(gettext_lazy("Proposal"), lambda proposal: proposal.label),
    tables.Column(gettext_lazy("Proposed"), lambda p: p.proposed_at, "proposed", "-proposed", descending_first=True),
    tables.Column(gettext_lazy("Title"), lambda proposal: proposal.title, "title", "-title"),
    tables.Column(gettext_lazy("Marking"), lambda proposal: proposal.marking),
    tables.Column(gettext_lazy("Drafter"), lambda proposal: tables.person(proposal.proposed_by)),
    tables.Column(gettext_lazy("Status"), lambda proposal: proposal.get_status_display()),
    tables.Column(gettext_lazy("Registry number"), lambda p: p.document.registry_number if p.document_id else ""),
]


def _noun(count):
    return ngettext("%(count)s classification proposal", "%(count)s classification proposals", count) % {"count": count}


@login_required
def proposal_list(request):
    if not roles_of(request.user) & LIST_ROLES:
        raise Http404
    table = tables.list_table(
        request, visible_proposals(request.user), columns=PROPOSAL_COLUMNS, sorts=PROPOSAL_SORTS, default="-proposed",
        name="classification-proposals", what="Classification proposals", noun=_noun, limit=300,
    )  # fmt: skip
    if table.response:
        return table.response
    sections = tables.by_status(table.rows, (
        (ProposalStatus.PROPOSED, _("Awaiting review")),
        (ProposalStatus.RETURNED, _("Sent back to the drafter")),
        (ProposalStatus.REVIEWED, _("Reviewed, awaiting approval")),
        (ProposalStatus.APPROVED, _("Approved and registered")),
        (ProposalStatus.REJECTED, _("Rejected")),
    ))
    return render(
        request, "review/list.html",
        {"sections": sections, "can_propose": proposal_registries(request.user).exists(), **table.context},
    )  # fmt: skip


# The drafter's form ----------------------------------------------------------------------------


@login_required
def new_proposal(request):
    registries = proposal_registries(request.user)
    if not registries.exists():
        raise Http404
    initial = {}
    if registries.count() == 1:
        initial["originating_organ"] = registries.first().unit.name
    form = ProposalForm(request.POST or None, registries=registries, initial=initial)
    if request.method == "POST" and form.is_valid():
        proposal = attempt(
            form, services.propose, registry=form.cleaned_data["registry"], by=request.user, **form.service_inputs()
        )
        if proposal is not None:
            messages.success(
                request, _("Proposal %(proposal)s sent for review by a secrecy clerk.") % {"proposal": proposal.label}
            )
            return redirect("review:detail", pk=proposal.pk)
    return render(request, "review/form.html", {"form": form, "proposal": None})


@login_required
def revise(request, pk):
    proposal = _visible(request, pk)
    refusal = services.check_revise_proposal(proposal, request.user)
    if refusal is not None:
        messages.error(request, refusal.message)
        return redirect("review:detail", pk=proposal.pk)
    registries = Registry.objects.filter(pk=proposal.registry_id).select_related("unit")
    form = ProposalForm(request.POST or None, registries=registries, revising=proposal)
    if request.method == "POST" and form.is_valid():
        revised = attempt(form, services.revise_proposal, proposal=proposal, by=request.user, **form.service_inputs())
        if revised is not None:
            messages.success(request, _("Proposal %(proposal)s corrected and sent for review again.") % {"proposal": revised.label})
            return redirect("review:detail", pk=revised.pk)
    return render(request, "review/form.html", {"form": form, "proposal": proposal})


@require_GET
@login_required
def people_scope(request):
    """People to name in a proposal's knowledge scope, in the registry the form has picked."""
    registry_id = request.GET.get("registry", "")
    registry = None
    if registry_id.isdigit() and len(registry_id) < 10:
        registry = proposal_registries(request.user).filter(pk=int(registry_id)).first()
    if registry is None:
        raise Http404
    return people_results(request, eligible_for_scope(registry), unit_id=registry.unit_id)


# The proposal's page ---------------------------------------------------------------------------


def proposal_history(proposal):
    rows = proposal.history.select_related("history_user").order_by("history_date", "history_id")
    return newest_first(history_entries(rows, lambda row: proposal.label))


@login_required
def detail(request, pk):
    proposal = _visible(request, pk)
    user = request.user
    can = offers(
        user, proposal,
        pass_review=services.check_pass_review, send_back=services.check_send_back,
        approve=services.check_approve_proposal, reject=services.check_reject_proposal,
        revise=services.check_revise_proposal,
    )  # fmt: skip
    people = get_user_model().objects.filter(pk__in=proposal.scope_user_ids).order_by("username")
    context = {
        "proposal": proposal,
        "document": proposal,  # for the marking
        "offers": can,
        "waiting_on": _waiting_on(proposal, user, can),
        "scope_users": list(people),
        "scope_units": scope_units_named(proposal),
        "history": proposal_history(proposal),
        "pass_form": PassForm(),
        "send_back_form": SendBackForm(auto_id="back_%s"),
        "approve_form": ApproveForm(auto_id="approve_%s"),
        "reject_form": RejectForm(auto_id="reject_%s"),
    }
    return render(request, "review/detail.html", context)


def _waiting_on(proposal, user, can):
    """Why this person is not offered the proposal's next step, when it is theirs in kind (the check's words)."""
    if any(can.values()) or not proposal.is_open:
        return ""
    step = {
        ProposalStatus.PROPOSED: services.check_pass_review,
        ProposalStatus.REVIEWED: services.check_approve_proposal,
        ProposalStatus.RETURNED: services.check_revise_proposal,
    }[proposal.status]
    return str(step(proposal, user).message)


class ProposalStep(StepView):
    selector = staticmethod(visible_proposals)
    target = "proposal"
    message = None

    def done(self, result, proposal):
        return self.message % {"proposal": proposal.label}

    def fallback(self, proposal):
        return reverse("review:detail", args=[proposal.pk])


class PassReview(ProposalStep):
    service = staticmethod(services.pass_review)
    form_class = PassForm
    message = gettext_lazy("Proposal %(proposal)s reviewed and passed on to the unit's leaders for approval.")


class SendBack(ProposalStep):
    service = staticmethod(services.send_back)
    form_class = SendBackForm
    message = gettext_lazy("Proposal %(proposal)s sent back to its drafter.")


class Reject(ProposalStep):
    service = staticmethod(services.reject_proposal)
    form_class = RejectForm
    message = gettext_lazy("Proposal %(proposal)s rejected; nothing was registered.")


pass_review = PassReview.as_view()
send_back = SendBack.as_view()
reject = Reject.as_view()


@login_required
@require_POST
def approve(request, pk):
    """The leader approves: asked once more (the number given is never taken back), then step-up, then registered."""
    proposal = _visible(request, pk)
    form = ApproveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason: every change is recorded with why it was made."))
        return redirect("review:detail", pk=proposal.pk)
    refusal = services.check_approve_proposal(proposal, request.user)
    if refusal is None and not confirmed(request):
        return ask_to_confirm(
            request, form,
            title=_("Confirm the approval of %(proposal)s") % {"proposal": proposal.label},
            warning=_("Approving registers the document: it gets its registry number and its copies, which are never "
                      "taken back. Check the level, the period, the basis and the scope."),
            changes=[(proposal.title, _("%(marking)s, number of copies: %(count)d, registered in %(registry)s")
                      % {"marking": proposal.marking, "count": proposal.copies_count, "registry": proposal.registry})],
            button=_("Confirm: approve and register"),
            back=reverse("review:detail", args=[proposal.pk]),
        )  # fmt: skip
    approved = attempt_with_message(
        request, services.approve_proposal,
        proposal=proposal, by=request.user, reason=form.cleaned_data["reason"], proof=proof_of(request),
    )  # fmt: skip
    if approved is None:
        return redirect("review:detail", pk=proposal.pk)
    document = approved.document
    messages.success(
        request,
        ngettext("Approved: registered as %(number)s with %(count)d copy.", "Approved: registered as %(number)s with %(count)d copies.",
                 document.copies_count) % {"number": document.registry_number, "count": document.copies_count},
    )  # fmt: skip
    return redirect("documents:detail", pk=document.pk)


# The hooks documents asks (review.apps) --------------------------------------------------------


def document_panel(user, document):
    """The document page's part: who proposed, reviewed and approved its classification, on what basis."""
    proposal = (
        visible_proposals(user).filter(document=document).select_related("proposed_by", "reviewed_by", "decided_by").first()
        if document.direction == "outgoing" else None
    )  # fmt: skip
    if proposal is None:
        return None
    return {"proposal": proposal}


def _row(proposal, actions, note, who, since):
    return Row(
        key=f"proposal-{proposal.pk}", kind=_("Classification proposal"), label=proposal.label,
        url=reverse("review:detail", args=[proposal.pk]), title=proposal.title, document=proposal,
        who=who, since=since, actions=actions, note=note,
    )  # fmt: skip


def proposals_to_review_section(user):
    """The clerk's inbox: proposals to review (pass with one click, or open to send back), and their own sent back."""
    proposals = proposals_to_review(user)
    shown = list(proposals[:LIMIT])
    rows = []
    for proposal in shown:
        url = reverse("review:detail", args=[proposal.pk])
        actions, note = _offer(
            services.check_pass_review, proposal, user,
            Action(_("Pass it on"), reverse("review:pass", args=[proposal.pk]),
                   reason=_("Checked: level, period, basis and scope are right"), primary=True),
        )  # fmt: skip
        if not note:
            actions.append(Action(_("Open to send back"), url + "#next-step"))
        rows.append(_row(proposal, actions, note, _("drafted by %(name)s") % {"name": person(proposal.proposed_by)},
                         proposal.proposed_at))
    section = Section("proposals-review", _("Classification proposals to review"), rows, _total(rows, proposals),
                      more_url=reverse("review:list"))
    return section


def proposals_to_approve_section(user):
    """The leader's inbox: reviewed proposals to approve (on the proposal's page: confirmation and step-up)."""
    proposals = proposals_to_approve(user)
    shown = list(proposals[:LIMIT])
    rows = []
    for proposal in shown:
        url = reverse("review:detail", args=[proposal.pk]) + "#next-step"
        actions, note = _offer(services.check_approve_proposal, proposal, user, Action(_("Decide"), url, primary=True))
        rows.append(_row(proposal, actions, note, _("reviewed by %(name)s") % {"name": person(proposal.reviewed_by)},
                         proposal.reviewed_at))
    return Section("proposals-approve", _("Classification proposals to approve"), rows, _total(rows, proposals),
                   more_url=reverse("review:list"))


def proposals_returned_section(user):
    """The drafter's inbox: their proposals a reviewer sent back, to correct."""
    proposals = proposals_returned_to(user)
    shown = list(proposals[:LIMIT])
    rows = []
    for proposal in shown:
        actions, note = _offer(services.check_revise_proposal, proposal, user,
                               Action(_("Correct it"), reverse("review:revise", args=[proposal.pk]), primary=True))
        rows.append(_row(proposal, actions, note,
                         _("sent back by %(name)s: %(reason)s") % {"name": person(proposal.reviewed_by), "reason": proposal.review_reason},
                         proposal.reviewed_at))  # fmt: skip
    return Section("proposals-returned", _("Your classification proposals sent back"), rows, _total(rows, proposals),
                   more_url=reverse("review:list"))
