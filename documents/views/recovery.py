from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from documents import tables

from documents.forms.recovery import RecoveryForm
from documents.pdf.permissions import can_print_procedure_ledgers
from documents.selectors import registries_open_to, visible_recoveries
from documents.services.recovery import check_start_recovery, recover_copies
from documents.views.steps import attempt
from documents.views.utils import get_visible_or_404
from people.roles import Role
from people.selectors import roles_of

from .copy_picker import picker

RECORD_ROLES = {Role.CLERK, Role.LEADER, Role.INSPECTOR}

RECOVERY_SORTS = {"returned": ["recovered_at", "pk"], "organ": ["issuing_organ", "pk"]}
RECOVERY_COLUMNS = [
    tables.Column(gettext_lazy("Record"), lambda recovery: recovery.label),
    tables.Column(gettext_lazy("Returned at"), lambda recovery: recovery.recovered_at, "returned", "-returned", descending_first=True),
    tables.Column(gettext_lazy("Issuing organ"), lambda recovery: recovery.issuing_organ, "organ", "-organ"),
    tables.Column(gettext_lazy("Receipt reference"), lambda recovery: recovery.receipt_reference),
    tables.Column(gettext_lazy("Returned by"), lambda recovery: tables.person(recovery.recovered_by)),
    tables.Column(gettext_lazy("Reason"), lambda recovery: recovery.reason),
]


def _recovery_noun(count):
    return ngettext("%(count)s recovery", "%(count)s recoveries", count) % {"count": count}


@login_required
def recoveries(request):
    roles = roles_of(request.user)
    if not roles & RECORD_ROLES:
        raise Http404
    table = tables.list_table(
        request, visible_recoveries(request.user), columns=RECOVERY_COLUMNS, sorts=RECOVERY_SORTS,
        default="-returned", name="recoveries", what="Recoveries to issuer", noun=_recovery_noun,
    )
    if table.response:
        return table.response
    return render(
        request,
        "documents/recovery_list.html",
        {
            "recoveries": table.rows, "can_recover": bool(registries_open_to(request.user, check_start_recovery)),
            "can_print_ledger": can_print_procedure_ledgers(request.user), **table.context,
        },
    )


@login_required
def new_recovery(request):
    candidates, context = picker(request)
    initial = {"issuing_organ": request.GET.get("organ", "")}
    form = RecoveryForm(request.POST or None, candidates=candidates, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        recovery = attempt(
            form,
            recover_copies,
            copies=list(data["copies"]),
            issuing_organ=data["issuing_organ"],
            receipt_reference=data["receipt_reference"],
            by=request.user,
            reason=data["reason"],
        )
        if recovery is not None:
            messages.success(
                request,
                ngettext(
                    "%(count)d copy returned to %(organ)s and recorded as %(recovery)s.",
                    "%(count)d copies returned to %(organ)s and recorded as %(recovery)s.",
                    recovery.items.count(),
                )
                % {"count": recovery.items.count(), "organ": recovery.issuing_organ, "recovery": recovery.label},
            )
            return redirect("documents:recovery_detail", pk=recovery.pk)
    return render(request, "documents/recovery_new.html", {**context, "form": form, "picked": form.picked_ids()})


@login_required
def recovery_detail(request, pk):
    recovery = get_visible_or_404(visible_recoveries(request.user), pk=pk, request=request)
    items = recovery.items.select_related("copy__document").order_by("copy__document__registry_number", "copy__number")
    return render(request, "documents/recovery_detail.html", {"recovery": recovery, "items": items})

