from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _, ngettext

from documents.forms.fields import show_domain_error
from documents.forms.recovery import RecoveryForm
from documents.selectors import visible_recoveries
from documents.services.errors import LifecycleError
from documents.services.recovery import recover_copies
from documents.views.procedure_prints import can_print_procedure_ledgers
from documents.views.utils import get_visible_or_404
from people.roles import Role
from people.selectors import roles_of

from .copy_picker import picker

RECORD_ROLES = {Role.CLERK, Role.LEADER, Role.INSPECTOR}


@login_required
def recoveries(request):
    roles = roles_of(request.user)
    if not roles & RECORD_ROLES:
        raise Http404
    return render(
        request,
        "documents/recovery_list.html",
        {
            "recoveries": visible_recoveries(request.user)[:200], "can_recover": Role.CLERK in roles,
            "can_print_ledger": can_print_procedure_ledgers(request.user),
        },
    )


@login_required
def new_recovery(request):
    candidates, context = picker(request)
    initial = {"issuing_organ": request.GET.get("organ", "")}
    form = RecoveryForm(request.POST or None, candidates=candidates, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            recovery = recover_copies(
                copies=list(data["copies"]),
                issuing_organ=data["issuing_organ"],
                receipt_reference=data["receipt_reference"],
                by=request.user,
                reason=data["reason"],
            )
        except LifecycleError as error:
            show_domain_error(form, error)
        else:
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

