from django.contrib import messages
from django.db.models import Case, When
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from documents.forms.fields import show_domain_error
from printing.asking import print_or_queue
from documents.services.errors import LifecycleError, NotPermitted
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
from documents.levels import Level
from documents.views.confirm import ask_to_confirm, confirmed
from documents.views.steps import attempt, offers
from inspections.forms.summary import SectionProseForm, VersionStepForm
from inspections.models import RectificationStatus
from inspections.report import section_keys
from inspections.rows import ROW_SETS
from inspections.services import drafting
from inspections.versions import changes_of, current_version, report_of, version_numbered, versions
from inspections.selectors import scoring_sheet, visible_rectifications, visible_self_inspections
from inspections.services import marking, self_inspection as service
from inspections.summary import SUMMARY_ROLES, annual_summary
from people.selectors import units_where
from people.roles import Role
from secrecy_registry.replica import reads_may_lag


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
    from documents.views.people_picker import people_results

    inspection = get_visible_or_404(visible_self_inspections(request.user), pk=pk, request=request)
    if service.check_start_self_inspection(inspection.unit, request.user) is not None:
        raise Http404
    return people_results(request, service.unit_people(inspection.unit), unit_id=inspection.unit_id)


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
    if "unit" in form.errors and request.GET.get("unit"):
        # A unit this person has no role in reads as one that does not exist.
        raise Http404
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


def _version(unit, year, number):
    """The version asked for (404 if there is none), else the current one."""
    version = version_numbered(unit, year, number)
    if version is None:
        raise Http404
    return version


def _summary_url(unit, year, anchor=""):
    return f"{reverse('inspections:summary')}?unit={unit.pk}&year={year}{anchor}"


@login_required
@reads_may_lag
def annual_summary_page(request):
    form, unit, year = _summary_unit_and_year(request)
    version = _version(unit, year, request.GET.get("version"))
    summary = annual_summary(request.user, unit, year)
    report = report_of(version, summary)
    may_mark = marking.check_choose_marking(unit, request.user) is None and not version.is_final
    step_initial = {"unit": unit.pk, "year": year, "version": version.number}
    units = units_where(request.user, *SUMMARY_ROLES)
    return render(
        request,
        "inspections/summary.html",
        {
            "form": form,
            "summary": summary,
            "report": report,
            "marking": Level(version.snapshot["marking"]) if version.is_final else summary.marking,
            "version": version,
            "is_current": version.pk is None or version.pk == current_version(unit, year).pk,
            "versions": versions(unit, year),
            "changes": changes_of(version, report),
            "offers": offers(request.user, version, edit=drafting.check_edit_summary,
                             finalise=drafting.check_finalise_summary, new_version=drafting.check_start_new_version),
            "step_form": VersionStepForm(initial=step_initial, units=units),
            "query": f"unit={unit.pk}&year={year}",
            "marking_form": MarkingForm(
                initial={"unit": unit.pk, "year": year, "level": marking.summary_marking(unit, year).value},
                units=units,
            ) if may_mark else None,
        },
    )


@login_required
def edit_section(request, key):
    """The prose of one section of the current draft: the section's figures as computed, its paragraph to write."""
    if key not in section_keys():
        raise Http404
    _form, unit, year = _summary_unit_and_year(request)
    version = current_version(unit, year)
    if drafting.check_edit_summary(version, request.user) is not None:
        # Not this person's to write (an inspector; a final version): the page is not offered, so not found.
        raise Http404
    report = report_of(version, annual_summary(request.user, unit, year))
    section = next(section for section in report.sections if section.key == key)
    form = SectionProseForm(request.POST or None, initial={"text": version.prose.get(key) or section.drafted})
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["text"]
        # The drafted paragraph kept as offered stays the draft, so it goes on following the data.
        text = "" if text.strip() == str(section.drafted).strip() else text
        saved = attempt(form, drafting.save_draft, version=version, section=key, text=text,
                        by=request.user, reason=form.cleaned_data["reason"])
        if saved is not None:
            messages.success(request, _("Draft saved."))
            return redirect(_summary_url(unit, year, f"#section-{key}"))
    return render(request, "inspections/summary_section_edit.html",
                  {"section": section, "form": form, "unit": unit, "year": year, "version": version,
                   "back": _summary_url(unit, year, f"#section-{key}")})


def _version_step(request):
    units = units_where(request.user, *SUMMARY_ROLES)
    form = VersionStepForm(request.POST, units=units)
    if not units.exists():
        raise Http404
    form.is_valid()
    unit, year, number = (form.cleaned_data.get(name) for name in ("unit", "year", "version"))
    if unit is None or year is None or number is None:
        raise Http404
    return form, _version(unit, year, number)


def _refused(request, refusal, form, back, invalid_message):
    """Where a version step stops before acting: out of the person's reach (404), refused, or no reason given."""
    if isinstance(refusal, NotPermitted):
        raise Http404
    if refusal is not None:
        messages.error(request, refusal.message)
        return redirect(back)
    if not form.is_valid():
        messages.error(request, invalid_message)
        return redirect(back)
    return None


@login_required
@require_POST
def finalise_summary(request):
    """Mark the summary final, after a confirmation page: a final summary cannot be changed back."""
    form, version = _version_step(request)
    back = _summary_url(version.unit, version.year)
    stop = _refused(request, drafting.check_finalise_summary(version, request.user), form, back,
                    _("Give a reason: every change is recorded with why it was made."))
    if stop is not None:
        return stop
    if not confirmed(request):
        return ask_to_confirm(
            request, form,
            title=_("Mark the summary of %(unit)s, %(year)d final") % {"unit": version.unit, "year": version.year},
            warning=_("A final summary cannot be changed or made a draft again. To change it later, start a new "
                      "version, which says what it changes."),
            changes=[(_("Version %(n)d") % {"n": version.number}, _("Final: the text and figures as they read now"))],
            button=_("Confirm: mark final"),
            back=back,
        )
    done = attempt(form, drafting.finalise_summary, version=version, by=request.user, reason=form.cleaned_data["reason"])
    if done is None:
        messages.error(request, " ".join(form.non_field_errors()) or _("The summary was not marked final."))
    else:
        messages.success(request, _("Version %(n)d of the summary is final.") % {"n": done.number})
    return redirect(back)


@login_required
@require_POST
def new_version(request):
    form, version = _version_step(request)
    back = _summary_url(version.unit, version.year)
    stop = _refused(request, drafting.check_start_new_version(version, request.user), form, back,
                    _("Say what the new version changes."))
    if stop is not None:
        return stop
    started = attempt(form, drafting.start_new_version, version=version, by=request.user,
                      reason=form.cleaned_data["reason"])
    if started is None:
        messages.error(request, " ".join(form.non_field_errors()) or _("No new version was started."))
    else:
        messages.success(request, _("Version %(n)d started as a draft.") % {"n": started.number})
    return redirect(back)


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
@reads_may_lag
def summary_rows(request, key):
    """The rows behind one figure of the summary: the same query the figure counts (inspections.rows)."""
    row_set = ROW_SETS.get(key)
    if row_set is None:
        raise Http404
    _form, unit, year = _summary_unit_and_year(request)
    params = row_set.clean(request.GET)
    if params is None:
        raise Http404
    rows = row_set.rows(unit, year, **params)
    return render(
        request,
        "inspections/summary_rows.html",
        {"label": row_set.title(params), "columns": row_set.columns, "rows": [row_set.cells(row) for row in rows],
         "unit": unit, "year": year, "query": f"unit={unit.pk}&year={year}"},
    )


@login_required
@require_POST
@reads_may_lag
def print_summary(request):
    """The summary of the unit and year shown on the page, printed with banner, page numbers and code."""
    units = units_where(request.user, *SUMMARY_ROLES)
    if not units.exists():
        raise Http404
    form = SummaryForm(request.POST, units=units)
    if not form.is_valid():
        raise Http404
    unit, year = form.cleaned_data["unit"], form.cleaned_data["year"]
    version = _version(unit, year, request.POST.get("version"))
    back = _summary_url(unit, year)
    params = {"unit": unit.pk, "year": year, "version": version.number}
    if version.is_final:
        # A final summary prints in the language it was marked final in: its text is kept in that language.
        with translation.override(version.snapshot["language"]):
            return print_or_queue(request, "annual_summary", params, back=back)
    return print_or_queue(request, "annual_summary", params, back=back)
