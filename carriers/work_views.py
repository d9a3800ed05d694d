"""The device register's periodic checks, media loans and erasures: the steps on one device, and their lists."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _, gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from carriers import media_loans, periodic_checks, services
from carriers.forms import EraseForm, LendForm, PeriodicCheckForm, ReturnForm
from carriers.models import CarriedCopy
from carriers.pdf import REGISTER_ROLES
from carriers.selectors import register_devices, visible_medium_loans, visible_periodic_checks
from documents import tables
from documents.views.confirm import ask_to_confirm, confirmed
from documents.views.steps import attempt
from documents.views.utils import get_visible_or_404
from people.selectors import units_where
from printing.asking import print_or_queue


def _form_errors(form):
    return " ".join(" ".join(errors) for errors in form.errors.values())


def _step(request, pk, form, service, done):
    """POST a step on one device: the form's answers to the service; its refusal as the page's message.
    Only the device's register takes steps: to its custodian alone the device is not found."""
    device = get_visible_or_404(register_devices(request.user), pk=pk, request=request)
    form = form(request.POST, **({"device": device} if form is LendForm else {}))
    if form.is_valid() and attempt(form, service, device=device, by=request.user, **form.cleaned_data) is not None:
        messages.success(request, done)
    else:
        messages.error(request, _form_errors(form))
    return redirect(reverse("carriers:detail", args=[device.pk]))


@login_required
@require_POST
def record_check(request, pk):
    return _step(request, pk, PeriodicCheckForm, periodic_checks.record_check, _("The check is recorded."))


@login_required
@require_POST
def lend(request, pk):
    return _step(request, pk, LendForm, media_loans.lend_medium, _("The medium is recorded as lent."))


@login_required
@require_POST
def take_back(request, pk):
    return _step(request, pk, ReturnForm, media_loans.return_medium, _("The return is recorded."))


@login_required
@require_POST
def erase(request, pk):
    """Record that a copy was erased from its medium: confirmed on a second page, because it is not undone."""
    carried = get_visible_or_404(
        CarriedCopy.objects.filter(device__in=register_devices(request.user).values("pk"))
        .select_related("device__unit", "copy__document"), pk=pk, request=request)
    back = reverse("carriers:detail", args=[carried.device_id])
    form = EraseForm(request.POST)
    refusal = services.check_erase_copy(carried, request.user)
    if refusal is not None or not form.is_valid():
        messages.error(request, refusal.message if refusal else _form_errors(form))
        return redirect(back)
    if not confirmed(request):
        return ask_to_confirm(
            request, form, back=back, title=_("Erase %(copy)s from %(device)s?")
            % {"copy": carried.copy.label, "device": carried.device.asset_number},
            warning=_("The medium no longer carries this copy from now; the record stays, marked erased. "
                      "This is not undone."),
            changes=[(carried.copy.label, _("Erased"))], button=_("Record the erasure"),
        )
    if attempt(form, services.erase_copy, carried=carried, by=request.user, reason=form.cleaned_data["reason"]) is None:
        messages.error(request, _form_errors(form))
    else:
        messages.success(request, _("%(copy)s recorded as erased.") % {"copy": carried.copy.label})
    return redirect(back)


def device_work_context(user, device, steps):
    """What the device page shows of its checks, loans and erasures, with the forms its checks allow."""
    return {
        "checks": device.periodic_checks.select_related("checked_by"),
        "loans": device.loans.select_related("borrower", "lent_by", "received_by"),
        "check_form": PeriodicCheckForm() if steps["record_check"] else None,
        "lend_form": LendForm(device=device) if steps["lend"] else None,
        "return_form": ReturnForm() if steps["take_back"] else None,
        "erase_form": EraseForm() if steps["erase"] else None,
    }


def device_work_offers(user, device):
    return {
        "record_check": periodic_checks.check_record_check(device, user) is None,
        "lend": media_loans.check_lend(device, user) is None,
        "take_back": media_loans.check_return(device, user) is None,
        # Whether erasures may be recorded on this medium at all; the step asks check_erase_copy of the row.
        "erase": services.check_erase_on(device, user) is None,
    }


# The lists ---------------------------------------------------------------------------------------------------

CHECK_SORTS = {"date": ["checked_on", "pk"], "asset": ["device__asset_number", "-checked_on", "-pk"]}
CHECK_COLUMNS = [
    tables.Column(gettext_lazy("Checked on"), lambda check: check.checked_on.isoformat(), "date", "-date",
                  descending_first=True),
    tables.Column(gettext_lazy("Device"), lambda check: check.device.asset_number, "asset", "-asset"),
    tables.Column(gettext_lazy("Unit"), lambda check: check.device.unit.name),
    tables.Column(gettext_lazy("Points found wanting"), lambda check: check.failed_points_text()),
    tables.Column(gettext_lazy("Result"), lambda check: check.get_result_display()),
    tables.Column(gettext_lazy("Findings"), lambda check: check.findings),
    tables.Column(gettext_lazy("Checked by"), lambda check: tables.person(check.checked_by)),
]


def _check_noun(count):
    return ngettext("%(count)s check", "%(count)s checks", count) % {"count": count}


@login_required
def check_list(request):
    if not units_where(request.user, *REGISTER_ROLES).exists():
        raise Http404
    checks = visible_periodic_checks(request.user)
    if request.GET.get("found") == "problem":
        checks = checks.filter(result="problem")
    table = tables.list_table(request, checks, columns=CHECK_COLUMNS, sorts=CHECK_SORTS, default="-date",
                              name="device-checks", what="Periodic device checks", noun=_check_noun, limit=500)
    if table.response:
        return table.response
    return render(request, "carriers/check_list.html", {
        **table.context, "checks": table.rows, "print_units": units_where(request.user, *REGISTER_ROLES).order_by("name"),
    })


def _loan_state(loan):
    if loan.returned_on is None:
        return _("Overdue") if loan.is_overdue else _("Out")
    return _("Returned complete") if loan.returned_complete else _("Returned incomplete")


LOAN_SORTS = {"lent": ["lent_on", "pk"], "due": ["due_on", "pk"], "asset": ["device__asset_number", "-lent_on", "-pk"]}
LOAN_COLUMNS = [
    tables.Column(gettext_lazy("Medium"), lambda loan: loan.device.asset_number, "asset", "-asset"),
    tables.Column(gettext_lazy("Lent to"), lambda loan: tables.person(loan.borrower)),
    tables.Column(gettext_lazy("Lent on"), lambda loan: loan.lent_on.isoformat(), "lent", "-lent",
                  descending_first=True),
    tables.Column(gettext_lazy("Due back on"), lambda loan: loan.due_on.isoformat(), "due", "-due"),
    tables.Column(gettext_lazy("Returned on"), lambda loan: loan.returned_on.isoformat() if loan.returned_on else ""),
    tables.Column(gettext_lazy("State"), _loan_state),
    tables.Column(gettext_lazy("Note"), lambda loan: loan.return_note),
]


def _loan_noun(count):
    return ngettext("%(count)s loan", "%(count)s loans", count) % {"count": count}


@login_required
def loan_list(request):
    """Loans of media, open ones first when sorted by due date; ?overdue=1 lists only those past due."""
    loans = visible_medium_loans(request.user)
    if not loans.exists() and not units_where(request.user, *REGISTER_ROLES).exists():
        raise Http404
    overdue = request.GET.get("overdue") == "1"
    if overdue:
        from carriers.selectors import overdue_medium_loans

        loans = overdue_medium_loans(request.user)
    table = tables.list_table(request, loans, columns=LOAN_COLUMNS, sorts=LOAN_SORTS, default="-lent",
                              name="medium-loans", what="Loans of media", noun=_loan_noun, limit=500)
    if table.response:
        return table.response
    return render(request, "carriers/loan_list.html", {
        **table.context, "loans": table.rows, "overdue": overdue,
        "print_units": units_where(request.user, *REGISTER_ROLES).order_by("name"),
    })


@login_required
@require_POST
def print_checks(request, unit_pk):
    return print_or_queue(request, "device_check_register", {"unit": unit_pk}, back=reverse("carriers:checks"))


@login_required
@require_POST
def print_loans(request, unit_pk):
    return print_or_queue(request, "medium_loan_register", {"unit": unit_pk}, back=reverse("carriers:loans"))
