"""The register of key parts: the list with its entry form, one part with its checks, steps and history, print."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _, gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from documents import tables
from documents.history import history_entries, newest_first
from documents.selectors import eligible_custodians
from documents.views.people_picker import people_results
from printing.asking import print_or_queue
from documents.views.steps import attempt, offers
from documents.views.utils import get_visible_or_404
from registers.forms.common import WithdrawForm
from registers.forms.key_parts import KeyPartCheckForm, KeyPartForm
from registers.models import KeyPartCheck
from registers.selectors import kept_units, register_units, visible_key_parts
from registers.services import key_parts as services
from registers.views.withdrawal import withdraw_entry

WITHDRAW_HELP = gettext_lazy("Why it is no longer a key part, e.g. the room was given up or its use changed.")
PART_SORTS = {"name": ["name", "pk"], "unit": ["unit__name", "name", "pk"]}
PART_COLUMNS = [
    tables.Column(gettext_lazy("Name"), lambda part: part.name, "name", "-name"),
    tables.Column(gettext_lazy("Unit"), lambda part: part.unit.name, "unit", "-unit"),
    tables.Column(gettext_lazy("Location"), lambda part: part.location),
    tables.Column(gettext_lazy("Protections"), lambda part: part.protections_text()),
    tables.Column(gettext_lazy("Person responsible"), lambda part: tables.person(part.responsible)),
    tables.Column(gettext_lazy("Last checked"), lambda part: part.last_checked or ""),
    tables.Column(gettext_lazy("Status"), lambda part: _("In use") if part.in_use else _("Withdrawn")),
]


def _part_noun(count):
    return ngettext("%(count)s key part", "%(count)s key parts", count) % {"count": count}


def _with_last_check(parts):
    from django.db.models import Max

    return parts.annotate(last_checked=Max("checks__checked_on"))


def _part_fields(data):
    return {name: data[name] for name in services.PART_FIELDS}


@login_required
def part_list(request):
    if not register_units(request.user).exists():
        raise Http404
    units = kept_units(request.user)
    form = KeyPartForm(request.POST or None, units=units)
    if request.method == "POST":
        if not units.exists():
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            part = attempt(form, services.register_part, unit=data["unit"], by=request.user, reason=data["reason"],
                           **_part_fields(data))
            if part is not None:
                messages.success(request, _("%(part)s entered in the register of key parts.") % {"part": part.name})
                return redirect("registers:key_part", pk=part.pk)
    table = tables.list_table(
        request, _with_last_check(visible_key_parts(request.user)), columns=PART_COLUMNS, sorts=PART_SORTS,
        default="unit", name="key-parts", what="Register of key parts", noun=_part_noun, limit=500,
    )
    if table.response:
        return table.response
    return render(request, "registers/key_part_list.html", {
        **table.context,
        "parts": table.rows,
        "form": form if units.exists() else None,
        "print_units": register_units(request.user).order_by("name"),
    })


@login_required
def part_detail(request, pk):
    part = get_visible_or_404(visible_key_parts(request.user), pk=pk, request=request)
    steps = offers(request.user, part, correct=services.check_correct_part, withdraw=services.check_withdraw_part,
                   record_check=services.check_record_check)
    form = None
    if steps["correct"]:
        form = KeyPartForm(request.POST or None, part=part)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            if attempt(form, services.correct_part, part=part, by=request.user, reason=data["reason"],
                       **_part_fields(data)) is not None:
                messages.success(request, _("The register now reads as corrected."))
                return redirect("registers:key_part", pk=part.pk)
            part.refresh_from_db()
    elif request.method == "POST":
        raise Http404
    checks = part.checks.select_related("checked_by")
    return render(request, "registers/key_part_detail.html", {
        "part": part,
        "offers": steps,
        "form": form,
        "check_form": KeyPartCheckForm() if steps["record_check"] else None,
        "withdraw_form": WithdrawForm(help_text=WITHDRAW_HELP) if steps["withdraw"] else None,
        "checks": checks,
        "history": newest_first([
            *history_entries(part.history.select_related("history_user").order_by("history_date", "history_id"),
                             lambda row: row.name),
            *history_entries(KeyPartCheck.history.filter(part_id=part.pk).select_related("history_user")
                             .order_by("history_date", "history_id"), lambda row: row.checked_on.isoformat()),
        ]),
    })


@login_required
@require_POST
def record_check(request, pk):
    part = get_visible_or_404(visible_key_parts(request.user), pk=pk, request=request)
    back = reverse("registers:key_part", args=[part.pk])
    form = KeyPartCheckForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        if attempt(form, services.record_check, part=part, by=request.user, checked_on=data["checked_on"],
                   result=data["result"], findings=data["findings"], reason=data["reason"]) is not None:
            messages.success(request, _("The check of %(part)s is recorded.") % {"part": part.name})
            return redirect(back)
    messages.error(request, " ".join(" ".join(errors) for errors in form.errors.values()))
    return redirect(back)


@login_required
@require_POST
def withdraw(request, pk):
    part = get_visible_or_404(visible_key_parts(request.user), pk=pk, request=request)
    return withdraw_entry(
        request, part, check=services.check_withdraw_part, help_text=WITHDRAW_HELP,
        service=lambda entry, **step: services.withdraw_part(part=entry, **step),
        back=reverse("registers:key_part", args=[part.pk]),
        confirm={"title": _("%(part)s is no longer a key part?") % {"part": part.name},
                 "warning": _("From today the room or place leaves the register of key parts; its checks stay on "
                              "record. This is not undone."),
                 "changes": [(part.name, _("Withdrawn"))], "button": _("Withdraw the key part")},
        done=_("%(part)s withdrawn from the register of key parts.") % {"part": part.name},
    )


@login_required
@require_GET
def people_new(request):
    """People who may answer for a key part being registered, in the unit the form has picked."""
    unit_id = request.GET.get("unit", "")
    unit = kept_units(request.user).filter(pk=int(unit_id)).first() if unit_id.isdigit() and len(unit_id) < 10 else None
    if unit is None:
        raise Http404
    return people_results(request, eligible_custodians(unit), unit_id=unit.pk)


@login_required
@require_GET
def people(request, pk):
    part = get_visible_or_404(visible_key_parts(request.user), pk=pk, request=request)
    if services.check_correct_part(part, request.user) is not None:
        raise Http404
    return people_results(request, eligible_custodians(part.unit_id), unit_id=part.unit_id)


@login_required
@require_POST
def print_parts(request, unit_pk):
    return print_or_queue(request, "key_part_register", {"unit": unit_pk}, back=reverse("registers:key_parts"))
