"""Printing the procedure slips and ledgers: circulation slip, destruction list/certificate, borrowing, copy, recovery.

Rows, role and scope are the builders' business (documents/pdf/procedure_ledgers.py);
these views pick the object (404 when out of scope) or validate the form, then print.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from documents.forms.procedure_prints import LEDGER_KINDS, ProcedureLedgerForm, office_registries
# Who may print lives with the builders; pages that import it from here get the same functions.
from documents.pdf.permissions import can_print_circulation_slip, can_print_procedure_ledgers  # noqa: F401
from documents.selectors import visible_circulations, visible_destruction_lists
from printing.asking import print_or_queue, recent_jobs
from documents.views.utils import get_visible_or_404
from secrecy_registry.replica import reads_may_lag


@login_required
@require_POST
@reads_may_lag
def print_circulation_slip(request, pk):
    circulation = get_visible_or_404(visible_circulations(request.user), pk=pk, request=request)
    return print_or_queue(
        request, "circulation_slip", {"circulation": circulation.pk},
        back=reverse("documents:circulation_detail", args=[circulation.pk]),
    )


@login_required
@require_POST
@reads_may_lag
def print_destruction(request, pk):
    dlist = get_visible_or_404(visible_destruction_lists(request.user), pk=pk, request=request)
    return print_or_queue(
        request, "destruction", {"destruction_list": dlist.pk},
        back=reverse("documents:destruction_detail", args=[dlist.pk]),
    )


@login_required
@reads_may_lag
def print_procedures(request):
    """One form for the borrowing, copy and recovery ledgers of the registries the user keeps or inspects."""
    kinds = dict(LEDGER_KINDS)
    if request.method == "POST":
        form = ProcedureLedgerForm(request.POST, user=request.user)
        if form.is_valid():
            return print_or_queue(request, form.cleaned_data["kind"], form.params(), back=request.get_full_path())
    else:
        kind = request.GET.get("kind")
        form = ProcedureLedgerForm(user=request.user, initial={"kind": kind} if kind in kinds else {})
    return render(
        request,
        "documents/prints_procedures.html",
        {
            "form": form,
            "has_registry": office_registries(request.user).exists(),
            "threshold": settings.PRINT_BACKGROUND_ROWS,
            "jobs": recent_jobs(request.user),
        },
    )
