"""The register of non-classified computers: the list with its entry form, one computer, correction, withdrawal."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _, gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from carriers import open_computers as services
from carriers.forms import OpenComputerForm
from carriers.pdf import REGISTER_ROLES
from carriers.selectors import visible_open_computers
from documents import tables
from documents.history import history_entries, newest_first
from documents.views.people_picker import people_results
from documents.views.steps import attempt, offers
from documents.views.utils import get_visible_or_404
from people.roles import Role
from people.selectors import units_where
from printing.asking import print_or_queue
from registers.forms.common import WithdrawForm
from registers.views.withdrawal import withdraw_entry

WITHDRAW_HELP = gettext_lazy("Why it leaves the register, e.g. scrapped or handed to another unit.")
COMPUTER_SORTS = {"asset": ["asset_number", "pk"], "unit": ["unit__name", "asset_number", "pk"]}
COMPUTER_COLUMNS = [
    tables.Column(gettext_lazy("Asset number"), lambda computer: computer.asset_number, "asset", "-asset"),
    tables.Column(gettext_lazy("Unit"), lambda computer: computer.unit.name, "unit", "-unit"),
    tables.Column(gettext_lazy("User"), lambda computer: tables.person(computer.user)),
    tables.Column(gettext_lazy("Location"), lambda computer: computer.location),
    tables.Column(gettext_lazy("Network"), lambda computer: computer.get_network_display()),
    tables.Column(gettext_lazy("Network name"), lambda computer: computer.network_name),
    tables.Column(gettext_lazy("Status"), lambda computer: _("In use") if computer.in_use else _("Withdrawn")),
]


def _noun(count):
    return ngettext("%(count)s non-classified computer", "%(count)s non-classified computers", count) % {"count": count}


def _fields(data):
    return {name: data[name] for name in services.COMPUTER_FIELDS}


@login_required
def computer_list(request):
    if not units_where(request.user, *REGISTER_ROLES).exists():
        raise Http404
    units = units_where(request.user, Role.CLERK)
    form = OpenComputerForm(request.POST or None, units=units)
    if request.method == "POST":
        if not units.exists():
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            computer = attempt(form, services.register_computer, unit=data["unit"], by=request.user,
                               reason=data["reason"], **_fields(data))
            if computer is not None:
                messages.success(request, _("%(computer)s entered in the register of non-classified computers.")
                                 % {"computer": computer.asset_number})
                return redirect("carriers:open_computer", pk=computer.pk)
    table = tables.list_table(
        request, visible_open_computers(request.user), columns=COMPUTER_COLUMNS, sorts=COMPUTER_SORTS,
        default="asset", name="open-computers", what="Register of non-classified computers", noun=_noun, limit=500,
    )
    if table.response:
        return table.response
    return render(request, "carriers/open_computer_list.html", {
        **table.context, "computers": table.rows, "form": form if units.exists() else None,
        "print_units": units_where(request.user, *REGISTER_ROLES).order_by("name"),
    })


@login_required
def computer_detail(request, pk):
    computer = get_visible_or_404(visible_open_computers(request.user), pk=pk, request=request)
    steps = offers(request.user, computer, correct=services.check_correct_computer,
                   withdraw=services.check_withdraw_computer)
    form = None
    if steps["correct"]:
        form = OpenComputerForm(request.POST or None, computer=computer)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            if attempt(form, services.correct_computer, computer=computer, by=request.user, reason=data["reason"],
                       **_fields(data)) is not None:
                messages.success(request, _("The register now reads as corrected."))
                return redirect("carriers:open_computer", pk=computer.pk)
            computer.refresh_from_db()
    elif request.method == "POST":
        raise Http404
    return render(request, "carriers/open_computer_detail.html", {
        "computer": computer, "offers": steps, "form": form,
        "withdraw_form": WithdrawForm(help_text=WITHDRAW_HELP) if steps["withdraw"] else None,
        "history": newest_first(history_entries(
            computer.history.select_related("history_user").order_by("history_date", "history_id"),
            lambda row: row.asset_number)),
    })


@login_required
@require_POST
def withdraw(request, pk):
    computer = get_visible_or_404(visible_open_computers(request.user), pk=pk, request=request)
    return withdraw_entry(
        request, computer, check=services.check_withdraw_computer, help_text=WITHDRAW_HELP,
        service=lambda entry, **step: services.withdraw_computer(computer=entry, **step),
        back=reverse("carriers:open_computer", args=[computer.pk]),
        confirm={"title": _("Withdraw %(computer)s from the register?") % {"computer": computer.asset_number},
                 "warning": _("From today the computer leaves the register of non-classified computers; its "
                              "record stays. This is not undone."),
                 "changes": [(computer.asset_number, _("Withdrawn"))], "button": _("Withdraw the computer")},
        done=_("%(computer)s withdrawn from the register.") % {"computer": computer.asset_number},
    )


@login_required
@require_GET
def people_new(request):
    """People who may be named as the user of a computer being registered, in the unit the form has picked."""
    unit_id = request.GET.get("unit", "")
    unit = None
    if unit_id.isdigit() and len(unit_id) < 10:
        unit = units_where(request.user, Role.CLERK).filter(pk=int(unit_id)).first()
    if unit is None:
        raise Http404
    return people_results(request, services.unit_people(unit), unit_id=unit.pk)


@login_required
@require_GET
def people(request, pk):
    computer = get_visible_or_404(visible_open_computers(request.user), pk=pk, request=request)
    if services.check_correct_computer(computer, request.user) is not None:
        raise Http404
    return people_results(request, services.unit_people(computer.unit_id), unit_id=computer.unit_id)


@login_required
@require_POST
def print_computers(request, unit_pk):
    return print_or_queue(request, "open_computer_register", {"unit": unit_pk}, back=reverse("carriers:open_computers"))
