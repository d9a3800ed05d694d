"""Loss pages: report a copy lost, the open incidents, one incident with its follow-up and closing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from documents import tables
from documents.forms.fields import show_domain_error
from documents.forms.loss import CloseIncidentForm, FollowUpForm, LossReportForm
from documents.models import CopyStatus, IncidentStatus
from documents.selectors import visible_copies, visible_incidents
from documents.services.loss import (
    check_close_incident,
    check_record_follow_up,
    check_report_loss,
    close_incident,
    record_follow_up,
    report_loss,
)
from documents.views.confirm import ask_to_confirm, confirmed
from documents.views.steps import attempt, offers
from documents.views.utils import get_visible_or_404


@login_required
def report(request, copy_pk):
    copy = get_visible_or_404(
        visible_copies(request.user).select_related("document__registry__unit", "holder"), pk=copy_pk, request=request,
    )
    form = LossReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        refusal = check_report_loss(copy, request.user)
        if refusal is not None:
            show_domain_error(form, refusal)
        elif not confirmed(request):
            return ask_to_confirm(
                request, form,
                title=_("Confirm: copy %(copy)s is lost") % {"copy": copy.label},
                warning=_("A lost copy stays lost: it cannot be handed out, returned or destroyed again, and an incident opens."),
                changes=[(f"{copy.label} · {copy.document.title}", CopyStatus.LOST.label)],
                button=_("Confirm: report the loss"),
                back=reverse("documents:detail", args=[copy.document_id]),
            )
        else:
            incident = attempt(form, report_loss, copy=copy, by=request.user, **form.cleaned_data)
            if incident is not None:
                messages.warning(
                    request, _("Copy %(copy)s is recorded as lost; the incident stays open until a leader closes it.")
                    % {"copy": copy.label},
                )
                return redirect("documents:incident", pk=incident.pk)
    return render(request, "documents/loss_report.html", {"copy": copy, "document": copy.document, "form": form})


INCIDENT_SORTS = {
    "reported": ["reported_at", "pk"],
    "copy": ["copy__document__year", "copy__document__serial", "copy__number", "pk"],
}
INCIDENT_COLUMNS = [
    tables.Column(gettext_lazy("Copy"), lambda incident: incident.copy.label, "copy", "-copy"),
    tables.Column(gettext_lazy("Title"), lambda incident: incident.copy.document.title),
    tables.Column(gettext_lazy("Reported"), lambda incident: incident.reported_at, "reported", "-reported", descending_first=True),
    tables.Column(gettext_lazy("Reported by"), lambda incident: tables.person(incident.reported_by)),
    tables.Column(gettext_lazy("Circumstances"), lambda incident: incident.circumstances),
    tables.Column(gettext_lazy("Status"), lambda incident: incident.get_status_display()),
]


def _incident_noun(count):
    return ngettext("%(count)s incident", "%(count)s incidents", count) % {"count": count}


@login_required
def incidents(request):
    show_closed = request.GET.get("status") == "all"
    queryset = visible_incidents(request.user).select_related("copy__document", "reported_by", "closed_by")
    if not show_closed:
        queryset = queryset.filter(status=IncidentStatus.OPEN)
    table = tables.list_table(
        request, queryset, columns=INCIDENT_COLUMNS, sorts=INCIDENT_SORTS, default="-reported",
        name="loss-incidents", what="Loss incidents", noun=_incident_noun,
    )
    if table.response:
        return table.response
    return render(
        request, "documents/loss_incidents.html", {"incidents": table.rows, "show_closed": show_closed, **table.context}
    )


def _incident(request, pk):
    queryset = visible_incidents(request.user).select_related(
        "copy__document__registry__unit", "reported_by", "closed_by"
    )
    return get_visible_or_404(queryset, pk=pk, request=request)


def _render_incident(request, incident, follow_up_form=None, close_form=None):
    can = offers(request.user, incident, follow_up=check_record_follow_up, close=check_close_incident)
    return render(
        request,
        "documents/loss_incident.html",
        {
            "incident": incident,
            "document": incident.copy.document,
            "history": incident.history.select_related("history_user").order_by("history_date", "history_id"),
            "offers": can,
            "follow_up_form": follow_up_form or FollowUpForm(prefix="follow"),
            "close_form": close_form or CloseIncidentForm(prefix="close"),
        },
    )


@login_required
def incident(request, pk):
    return _render_incident(request, _incident(request, pk))


@require_POST
@login_required
def follow_up(request, pk):
    incident = _incident(request, pk)
    form = FollowUpForm(request.POST, prefix="follow")
    if form.is_valid():
        if attempt(form, record_follow_up, incident=incident, by=request.user, **form.cleaned_data) is not None:
            messages.success(request, _("Follow-up recorded."))
            return redirect("documents:incident", pk=incident.pk)
    return _render_incident(request, incident, follow_up_form=form)


@require_POST
@login_required
def close(request, pk):
    incident = _incident(request, pk)
    form = CloseIncidentForm(request.POST, prefix="close")
    if form.is_valid():
        if attempt(form, close_incident, incident=incident, by=request.user, **form.cleaned_data) is not None:
            messages.success(request, _("Incident closed."))
            return redirect("documents:incident", pk=incident.pk)
    return _render_incident(request, incident, close_form=form)
