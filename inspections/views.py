from django.contrib import messages
from django.db.models import Case, When
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from documents.forms.fields import show_domain_error
from documents.views.prints import print_or_queue
from documents.services.errors import LifecycleError
from documents.views.utils import get_visible_or_404
from inspections.evidence import evidence_by_item
from inspections.forms.self_inspection import (
    AssignRectificationForm,
    CloseRectificationForm,
    CompleteForm,
    DeviceCheckForm,
    MarkingForm,
    ScoreSheetForm,
    StartForm,
    SummaryForm,
)
from inspections.models import RectificationStatus
from inspections.selectors import scoring_sheet, visible_rectifications, visible_self_inspections
from inspections.services import marking, self_inspection as service
from inspections.summary import FIGURES, SUMMARY_ROLES, annual_summary, figure_rows
from people.selectors import units_where
from people.roles import Role


def _starting_units(user):
    """The units where this person may start a self-inspection, as the service's check decides."""
    units = units_where(user, *service.STARTING_ROLES)
    allowed = [unit.pk for unit in units if service.check_start_self_inspection(unit, user) is None]
    return units.filter(pk__in=allowed)


@login_required
def self_inspection_list(request):
    units = _starting_units(request.user)
    form = StartForm(request.POST or None, units=units)
    if request.method == "POST":
        if not units.exists():
            raise Http404
        if form.is_valid():
            try:
                inspection = service.start_self_inspection(
                    unit=form.cleaned_data["unit"], year=form.cleaned_data["year"], by=request.user,
                    reason=form.cleaned_data["reason"], kind=form.cleaned_data["kind"],
                    subject=form.cleaned_data["subject"],
                )
            except LifecycleError as error:
                show_domain_error(form, error)
            else:
                return redirect("inspections:detail", pk=inspection.pk)
    rectifications = list(visible_rectifications(request.user).filter(status=RectificationStatus.OPEN))
    for item in rectifications:
        item.can_close = service.check_close_rectification(item, request.user) is None
    return render(
        request,
        "inspections/list.html",
        {
            "inspections": visible_self_inspections(request.user),
            "form": form if units.exists() else None,
            "rectifications": rectifications,
            "today": timezone.localdate(),
        },
    )


def _owners_url(inspection):
    return reverse("inspections:people_owners", args=[inspection.pk])


def _complete_form(inspection, data=None):
    return CompleteForm(data, people=service.unit_people(inspection.unit), search_url=_owners_url(inspection))


def _device_form(inspection, data=None):
    from carriers.models import Device, DeviceStatus

    devices = Device.objects.filter(unit=inspection.unit).exclude(status=DeviceStatus.SCRAPPED)
    return DeviceCheckForm(data, devices=devices)


@login_required
def self_inspection_detail(request, pk):
    inspection = get_visible_or_404(visible_self_inspections(request.user), pk=pk, request=request)
    rows = list(inspection.scores.select_related("item__area"))
    can_score = service.check_score_items(inspection, request.user) is None
    can_check_devices = service.check_record_device_check(inspection, request.user) is None
    sheet_form = ScoreSheetForm(request.POST if request.method == "POST" else None, rows=rows)
    if request.method == "POST":
        if not can_score:
            raise Http404
        if sheet_form.is_valid():
            try:
                service.score_items(self_inspection=inspection, scores=sheet_form.scores(), by=request.user,
                                    reason=sheet_form.cleaned_data["reason"])
            except LifecycleError as error:
                show_domain_error(sheet_form, error)
            else:
                messages.success(request, _("Scores saved."))
                return redirect("inspections:detail", pk=inspection.pk)
    rectifications = list(inspection.rectifications.select_related("owner", "self_inspection__unit"))
    for item in rectifications:
        item.can_assign = service.check_assign_rectification(item, request.user) is None
        item.can_close = service.check_close_rectification(item, request.user) is None
    areas = scoring_sheet(inspection)
    evidence = evidence_by_item(inspection)
    for area in areas:
        for row in area["rows"]:
            row.fact = evidence.get(row.item_id)
    return render(
        request,
        "inspections/detail.html",
        {
            "inspection": inspection,
            "areas": areas,
            "form": sheet_form,
            "complete_form": _complete_form(inspection),
            "can_score": can_score,
            "device_checks": inspection.device_checks.select_related("device", "checked_by"),
            "device_form": _device_form(inspection) if can_check_devices else None,
            "rectifications": rectifications,
            "today": timezone.localdate(),
        },
    )


@login_required
def owners(request, pk):
    """The type-ahead of rectification owners: the unit's people, asked by whoever may assign or complete."""
    from documents.views.people_picker import _answer

    inspection = get_visible_or_404(visible_self_inspections(request.user), pk=pk, request=request)
    if service.check_start_self_inspection(inspection.unit, request.user) is not None:
        raise Http404
    return _answer(request, service.unit_people(inspection.unit), unit_id=inspection.unit_id)


@login_required
@require_POST
def record_device_check(request, pk):
    inspection = get_visible_or_404(visible_self_inspections(request.user), pk=pk, request=request)
    form = _device_form(inspection, request.POST)
    if form.is_valid():
        try:
            service.record_device_check(self_inspection=inspection, by=request.user, **form.cleaned_data)
        except LifecycleError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Device check recorded."))
    else:
        messages.error(request, _("Choose a device of the unit and the result; say what was found if there is a problem."))
    return redirect(reverse("inspections:detail", args=[inspection.pk]) + "#device-checks")


@login_required
def assign_rectification(request, pk):
    rectification = get_visible_or_404(
        visible_rectifications(request.user).select_related("self_inspection__unit"), pk=pk, request=request
    )
    refusal = service.check_assign_rectification(rectification, request.user)
    inspection = rectification.self_inspection
    form = AssignRectificationForm(
        request.POST if request.method == "POST" else None,
        initial={"owner": rectification.owner_id, "deadline": rectification.deadline},
        people=service.unit_people(inspection.unit), search_url=_owners_url(inspection),
    )
    if request.method == "POST":
        if refusal is not None:
            raise Http404
        if form.is_valid():
            try:
                service.assign_rectification(rectification=rectification, by=request.user, **form.cleaned_data)
            except LifecycleError as error:
                show_domain_error(form, error)
            else:
                messages.success(request, _("Owner and deadline recorded."))
                return redirect(reverse("inspections:detail", args=[inspection.pk]) + "#rectifications")
    return render(
        request, "inspections/assign.html",
        {"rectification": rectification, "inspection": inspection, "form": form, "refusal": refusal},
    )


@login_required
@require_POST
def complete(request, pk):
    inspection = get_visible_or_404(visible_self_inspections(request.user), pk=pk, request=request)
    form = _complete_form(inspection, request.POST)
    if form.is_valid():
        try:
            service.complete_self_inspection(self_inspection=inspection, by=request.user, **form.cleaned_data)
        except LifecycleError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Self-inspection completed; every shortfall is now a rectification item."))
    else:
        messages.error(request, _("Choose the owner (a person of the unit) and the deadline of the rectification items."))
    return redirect("inspections:detail", pk=inspection.pk)


@login_required
@require_POST
def close_rectification(request, pk):
    rectification = get_visible_or_404(visible_rectifications(request.user), pk=pk, request=request)
    form = CloseRectificationForm(request.POST)
    if form.is_valid():
        try:
            service.close_rectification(rectification=rectification, outcome=form.cleaned_data["outcome"], by=request.user)
        except LifecycleError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Rectification item closed."))
    else:
        messages.error(request, _("Say what was done."))
    return redirect("inspections:list")


def _summary_unit_and_year(request):
    units = units_where(request.user, *SUMMARY_ROLES)
    form = SummaryForm(request.GET or None, units=units)
    if not units.exists():
        raise Http404
    if form.is_valid():
        return form, form.cleaned_data["unit"], form.cleaned_data["year"]
    return form, _own_unit(request.user, units), timezone.localdate().year


def _own_unit(user, units):
    """The unit the page opens on: where the person keeps or leads the work, before one they inspect,
    and the earliest such membership, not the first unit alphabetically."""
    from people.models import Membership

    membership = (
        Membership.objects.filter(user=user, unit__in=units, role__in=SUMMARY_ROLES)
        .order_by(Case(When(role=Role.INSPECTOR, then=1), default=0), "pk")
        .select_related("unit")
        .first()
    )
    return membership.unit if membership else units.first()


@login_required
def annual_summary_page(request):
    form, unit, year = _summary_unit_and_year(request)
    may_mark = marking.check_choose_marking(unit, request.user) is None
    return render(
        request,
        "inspections/summary.html",
        {
            "form": form,
            "summary": annual_summary(request.user, unit, year),
            "query": f"unit={unit.pk}&year={year}",
            "marking_form": MarkingForm(
                initial={"unit": unit.pk, "year": year, "level": marking.summary_marking(unit, year).value},
                units=units_where(request.user, *SUMMARY_ROLES),
            ) if may_mark else None,
        },
    )


@login_required
@require_POST
def choose_marking(request):
    form = MarkingForm(request.POST, units=units_where(request.user, *SUMMARY_ROLES))
    if not form.is_valid():
        if "unit" in form.errors or "year" in form.errors:
            raise Http404
        messages.error(request, _("Choose a marking and give the reason."))
    else:
        unit, year = form.cleaned_data["unit"], form.cleaned_data["year"]
        try:
            marking.choose_marking(unit=unit, year=year, level=form.cleaned_data["level"], by=request.user,
                                   reason=form.cleaned_data["reason"])
        except LifecycleError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Marking of the summary recorded."))
    unit_pk, year = request.POST.get("unit", ""), request.POST.get("year", "")
    return redirect(f"{reverse('inspections:summary')}?unit={unit_pk}&year={year}")


@login_required
def summary_rows(request, key):
    if key not in FIGURES:
        raise Http404
    form, unit, year = _summary_unit_and_year(request)
    label, kind, rows = figure_rows(request.user, unit, year, key)
    return render(
        request,
        "inspections/summary_rows.html",
        {"label": label, "kind": kind, "rows": rows[:2000], "unit": unit, "year": year,
         "query": f"unit={unit.pk}&year={year}"},
    )


@login_required
@require_POST
def print_summary(request):
    """The summary of the unit and year shown on the page, printed with banner, page numbers and code."""
    units = units_where(request.user, *SUMMARY_ROLES)
    if not units.exists():
        raise Http404
    form = SummaryForm(request.POST, units=units)
    if not form.is_valid():
        raise Http404
    unit, year = form.cleaned_data["unit"], form.cleaned_data["year"]
    back = f"{reverse('inspections:summary')}?unit={unit.pk}&year={year}"
    return print_or_queue(request, "annual_summary", {"unit": unit.pk, "year": year}, back=back)
