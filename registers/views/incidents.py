"""The register of incidents: the list with its clocks and entry form, one incident with its steps, close, print."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _, gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from documents import tables
from documents.forms.loss import CloseIncidentForm, FollowUpForm
from documents.history import history_entries, newest_first
from documents.views.confirm import ask_to_confirm, confirmed
from documents.views.steps import attempt, offers
from documents.views.utils import get_visible_or_404
from printing.asking import print_or_queue
from registers.forms.incidents import BureauReportForm, IncidentForm, ResultForm
from registers.selectors import register_units, visible_incidents
from registers.services import incidents as services

INCIDENT_SORTS = {"discovered": ["discovered_at", "pk"], "kind": ["kind", "discovered_at", "pk"],
                  "unit": ["unit__name", "discovered_at", "pk"]}
INCIDENT_COLUMNS = [
    tables.Column(gettext_lazy("Discovered"), lambda incident: incident.discovered_at, "discovered", "-discovered",
                  descending_first=True),
    tables.Column(gettext_lazy("Kind"), lambda incident: incident.get_kind_display(), "kind", "-kind"),
    tables.Column(gettext_lazy("Unit"), lambda incident: incident.unit.name, "unit", "-unit"),
    tables.Column(gettext_lazy("What happened"), lambda incident: incident.circumstances),
    tables.Column(gettext_lazy("Reported to the secrecy bureau at"), lambda incident: incident.bureau_reported_at or ""),
    tables.Column(gettext_lazy("Investigation concluded on"), lambda incident: incident.result_on or ""),
    tables.Column(gettext_lazy("Status"), lambda incident: incident.get_status_display()),
]


def _noun(count):
    return ngettext("%(count)s incident", "%(count)s incidents", count) % {"count": count}


@login_required
def incident_list(request):
    units = register_units(request.user)
    if not units.exists():
        raise Http404
    form = IncidentForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        incident = attempt(form, services.open_incident, unit=data["unit"], kind=data["kind"], by=request.user,
                           reason=data["reason"], circumstances=data["circumstances"],
                           discovered_at=data["discovered_at"], occurred_at=data["occurred_at"],
                           notified=data["notified"])
        if incident is not None:
            messages.warning(request, _("Incident entered in the register: report it to the secrecy bureau within 24 "
                                        "hours of its discovery."))
            return redirect("registers:incident", pk=incident.pk)
    table = tables.list_table(
        request, visible_incidents(request.user), columns=INCIDENT_COLUMNS, sorts=INCIDENT_SORTS, default="-discovered",
        name="incidents", what="Register of incidents", noun=_noun, limit=500,
    )
    if table.response:
        return table.response
    return render(request, "registers/incident_list.html", {
        **table.context, "incidents": services.with_clocks(list(table.rows)), "form": form,
        "print_units": units.order_by("name"),
    })


def _incident(request, pk):
    return get_visible_or_404(visible_incidents(request.user), pk=pk, request=request)


def _render(request, incident, **forms):
    steps = offers(request.user, incident, bureau=services.check_report_to_bureau, result=services.check_record_result,
                   follow_up=services.check_record_follow_up, close=services.check_close_incident)
    services.with_clocks([incident])
    return render(request, "registers/incident_detail.html", {
        "incident": incident,
        "offers": steps,
        "bureau_form": forms.get("bureau") or (BureauReportForm(prefix="bureau") if steps["bureau"] else None),
        "result_form": forms.get("result") or (ResultForm(prefix="result") if steps["result"] else None),
        "follow_up_form": forms.get("follow_up") or (FollowUpForm(prefix="follow") if steps["follow_up"] else None),
        "close_form": forms.get("close") or (CloseIncidentForm(prefix="close") if steps["close"] else None),
        "history": newest_first(history_entries(
            incident.history.select_related("history_user").order_by("history_date", "history_id"),
            lambda row: row.get_kind_display())),
    })


@login_required
def incident_detail(request, pk):
    return _render(request, _incident(request, pk))


def _step(request, pk, *, form_class, prefix, service, key, done):
    incident = _incident(request, pk)
    form = form_class(request.POST, prefix=prefix)
    if form.is_valid() and attempt(form, service, incident=incident, by=request.user, **form.cleaned_data) is not None:
        messages.success(request, done)
        return redirect("registers:incident", pk=incident.pk)
    return _render(request, incident, **{key: form})


@login_required
@require_POST
def report_to_bureau(request, pk):
    return _step(request, pk, form_class=BureauReportForm, prefix="bureau", service=services.report_to_bureau,
                 key="bureau", done=_("The report to the secrecy bureau is recorded."))


@login_required
@require_POST
def record_result(request, pk):
    return _step(request, pk, form_class=ResultForm, prefix="result", service=services.record_result, key="result",
                 done=_("The result of the investigation is recorded."))


@login_required
@require_POST
def follow_up(request, pk):
    return _step(request, pk, form_class=FollowUpForm, prefix="follow", service=services.record_follow_up,
                 key="follow_up", done=_("Follow-up recorded."))


@login_required
@require_POST
def close(request, pk):
    """Closing is not undone: the conclusion is shown on a second page before it is recorded."""
    incident = _incident(request, pk)
    form = CloseIncidentForm(request.POST, prefix="close")
    if form.is_valid():
        refusal = services.check_close_incident(incident, request.user)
        if refusal is None and not confirmed(request):
            return ask_to_confirm(
                request, form, title=_("Close this incident?"),
                warning=_("A closed incident is no longer changed: no follow-up, no result. Its record stays in "
                          "the register and every summary."),
                changes=[(incident.get_kind_display(), _("Closed"))], button=_("Close the incident"),
                back=reverse("registers:incident", args=[incident.pk]),
            )
        if attempt(form, services.close_incident, incident=incident, by=request.user, **form.cleaned_data) is not None:
            messages.success(request, _("Incident closed."))
            return redirect("registers:incident", pk=incident.pk)
    return _render(request, incident, close=form)


@login_required
@require_POST
def print_incidents(request, unit_pk):
    return print_or_queue(request, "incident_register", {"unit": unit_pk}, back=reverse("registers:incidents"))
