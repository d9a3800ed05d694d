from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _, ngettext

from accounts.services.reauth import proof_of
from documents.forms.classification import DEFAULT_WINDOW, PERIOD_WINDOWS, DecisionForm
from documents.selectors import periods_ending, visible_documents
from documents.services.declassification import check_decide, decide, outcome_of
from documents.services.errors import NotPermitted
from documents.views.confirm import ask_to_confirm, confirmed
from documents.views.steps import attempt, offers
from documents.views.utils import get_visible_or_404
from people.roles import Role
from people.selectors import roles_of


@login_required
def periods(request):
    """Documents whose secrecy period ends within N days, and those already past it (overdue first)."""
    if not roles_of(request.user) & {Role.LEADER, Role.CLERK}:
        raise Http404
    try:
        days = int(request.GET.get("days", DEFAULT_WINDOW))
    except ValueError:
        days = DEFAULT_WINDOW
    if days not in PERIOD_WINDOWS:
        days = DEFAULT_WINDOW
    today = timezone.localdate()
    documents = list(periods_ending(request.user, within_days=days, today=today)[:500])
    rows = [
        {
            "document": document,
            "days_left": (document.period_ends_on - today).days,
            "days_overdue": (today - document.period_ends_on).days,
            "offers": offers(request.user, document, decide=check_decide),
        }
        for document in documents
    ]
    return render(
        request,
        "documents/classification_periods.html",
        {
            "overdue": [row for row in rows if row["days_left"] < 0],
            "upcoming": [row for row in rows if row["days_left"] >= 0],
            "days": days,
            "windows": PERIOD_WINDOWS,
        },
    )


@login_required
def decide_view(request, pk):
    document = get_visible_or_404(
        visible_documents(request.user).select_related("registry__unit"), pk=pk, request=request,
    )
    if isinstance(check_decide(document, request.user), NotPermitted):
        # Not this person's decision: as for any page they have no business on.
        raise Http404
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        choice = {"kind": data["kind"], "new_level": data["new_level"], "new_period_years": data["new_period_years"]}
        if not confirmed(request):
            # What the decision would leave the document as; refused here exactly as `decide` would refuse it.
            outcome = attempt(form, outcome_of, document=document, **choice)
            if outcome is not None:
                return _confirmation(request, form, document, outcome)
        else:
            decision = attempt(
                form, decide, document=document, by=request.user, basis=data["basis"], proof=proof_of(request), **choice
            )
            if decision is not None:
                messages.success(
                    request, _("Decision recorded: %(decision)s.") % {"decision": decision.get_kind_display().lower()}
                )
                return redirect("documents:detail", pk=document.pk)
    decisions = document.classification_decisions.select_related("decided_by")
    return render(
        request, "documents/classification_decide.html", {"document": document, "form": form, "decisions": decisions}
    )


def _confirmation(request, form, document, outcome):
    return ask_to_confirm(
        request, form,
        title=_("Confirm the decision on %(number)s") % {"number": document.registry_number},
        warning=_("The marking on every page and print changes at once; a declassification cannot be taken back."),
        changes=[(f"{document.registry_number} · {document.title}", _described(outcome))],
        button=_("Confirm: record the decision"),
        back=reverse("documents:detail", args=[document.pk]),
    )


def _described(outcome):
    """The document's classification after the decision, in words."""
    if outcome.declassified:
        return _("Declassified on %(date)s") % {"date": timezone.localdate().isoformat()}
    years = outcome.period_years
    period = ngettext("%(years)d year", "%(years)d years", years) % {"years": years} if years else "—"
    ends = outcome.period_ends_on.isoformat() if outcome.period_ends_on else "—"
    return _("%(level)s, %(period)s, the period ends on %(date)s") % {
        "level": outcome.level.label, "period": period, "date": ends,
    }


def panel(user, document):
    """The document page's part on classification decisions: past decisions and the leader's next step."""
    return {
        "classification": {
            "decisions": list(document.classification_decisions.select_related("decided_by")),
            "offers": offers(user, document, decide=check_decide),
        }
    }
