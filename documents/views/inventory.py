from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from documents import tables
from documents.forms.fields import show_domain_error
from documents.forms.inventory import CloseForm, OpenInventoryForm, ProblemForm, ReportMissingForm, ScanForm, SignOffForm
from documents.models import InventoryStatus, ItemResult
from documents.selectors import registries_kept_by, visible_incidents, visible_inventories
from documents.services import inventory as service
from documents.services.errors import LifecycleError
from documents.views.utils import get_visible_or_404
from documents.views.prints import print_or_queue
from people.roles import Role
from people.selectors import has_role


INVENTORY_SORTS = {"opened": ["opened_at", "pk"], "status": ["status", "-opened_at", "-pk"]}
INVENTORY_COLUMNS = [
    tables.Column(gettext_lazy("Registry"), lambda inventory: str(inventory.registry)),
    tables.Column(gettext_lazy("Opened"), lambda inventory: inventory.opened_at, "opened", "-opened", descending_first=True),
    tables.Column(gettext_lazy("Opened by"), lambda inventory: tables.person(inventory.opened_by)),
    tables.Column(gettext_lazy("Purpose"), lambda inventory: inventory.purpose),
    tables.Column(gettext_lazy("Status"), lambda inventory: inventory.get_status_display(), "status", "-status"),
    tables.Column(gettext_lazy("Closed"), lambda inventory: inventory.closed_at),
    tables.Column(gettext_lazy("Signed off"), lambda inventory: inventory.signed_off_at),
]


def _inventory_noun(count):
    return ngettext("%(count)s inventory", "%(count)s inventories", count) % {"count": count}


@login_required
def inventory_list(request):
    inventories = visible_inventories(request.user)
    registries = registries_kept_by(request.user)
    form = OpenInventoryForm(request.POST or None, registries=registries)
    if request.method == "POST":
        if not registries.exists():
            raise Http404
        if form.is_valid():
            try:
                inventory = service.open_inventory(
                    registry=form.cleaned_data["registry"], by=request.user, reason=form.cleaned_data["reason"]
                )
            except LifecycleError as error:
                show_domain_error(form, error)
            else:
                count = inventory.items.count()
                messages.success(
                    request,
                    ngettext("Inventory opened: %(n)d copy to check.", "Inventory opened: %(n)d copies to check.", count)
                    % {"n": count},
                )
                return redirect("documents:inventory", pk=inventory.pk)
    table = tables.list_table(
        request, inventories, columns=INVENTORY_COLUMNS, sorts=INVENTORY_SORTS, default="-opened",
        name="inventories", what="Inventories", noun=_inventory_noun, limit=100,
    )
    if table.response:
        return table.response
    return render(
        request,
        "documents/inventory_list.html",
        {"inventories": table.rows, "form": form if registries.exists() else None, **table.context},
    )


@login_required
def inventory_detail(request, pk):
    inventory = get_visible_or_404(visible_inventories(request.user), pk=pk, request=request)
    is_clerk = has_role(request.user, Role.CLERK, inventory.registry.unit)
    scan_form = ScanForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not is_clerk:
            raise Http404
        if scan_form.is_valid():
            try:
                item = service.mark_seen(inventory=inventory, code=scan_form.cleaned_data["code"], by=request.user)
            except LifecycleError as error:
                show_domain_error(scan_form, error)
            else:
                if item.result == ItemResult.UNEXPECTED:
                    messages.warning(request, _("%(copy)s: %(note)s") % {"copy": item.copy.label, "note": item.note})
                else:
                    messages.success(request, _("%(copy)s seen.") % {"copy": item.copy.label})
                return redirect("documents:inventory", pk=inventory.pk)
    pending = (
        inventory.items.filter(result=ItemResult.PENDING)
        .select_related("copy__document", "expected_holder")
        .order_by("copy__document__year", "copy__document__serial", "copy__number")
    )
    result = service.inventory_result(inventory)
    result["discrepancies"] = _with_incidents(request.user, list(result["discrepancies"]))
    is_inspector = has_role(request.user, Role.INSPECTOR, inventory.registry.unit)
    return render(
        request,
        "documents/inventory_detail.html",
        {
            "inventory": inventory,
            "result": result,
            "pending": pending[:200],
            "pending_count": pending.count(),
            "scan_form": scan_form,
            "problem_form": ProblemForm(),
            "close_form": CloseForm(),
            "sign_off_form": SignOffForm(),
            "is_clerk": is_clerk,
            "is_inspector": is_inspector,
            "is_open": inventory.status == InventoryStatus.OPEN,
            "can_sign_off": inventory.status == InventoryStatus.CLOSED,
            "can_print": inventory.status != InventoryStatus.OPEN and (is_clerk or is_inspector),
            "missing_form": ReportMissingForm(),
            "unreported": sum(1 for item in result["discrepancies"] if item.result == ItemResult.MISSING and not item.incident_id),
        },
    )


def _with_incidents(user, items):
    """Each discrepancy with `incident_id`: the loss incident of its copy, if one was reported."""
    incidents = dict(
        visible_incidents(user).filter(copy__in=[item.copy_id for item in items]).values_list("copy_id", "pk")
    )
    for item in items:
        item.incident_id = incidents.get(item.copy_id)
    return items


def _clerk_inventory(request, pk):
    inventory = get_visible_or_404(visible_inventories(request.user), pk=pk, request=request)
    if not has_role(request.user, Role.CLERK, inventory.registry.unit):
        raise Http404
    return inventory


@login_required
@require_POST
def record_problem(request, pk, item_pk):
    inventory = _clerk_inventory(request, pk)
    item = get_visible_or_404(inventory.items.all(), pk=item_pk, request=request)
    form = ProblemForm(request.POST)
    if form.is_valid():
        try:
            service.record_problem(item=item, by=request.user, **form.cleaned_data)
        except LifecycleError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("%(copy)s recorded.") % {"copy": item.copy.label})
    else:
        messages.error(request, " ".join(" ".join(errors) for errors in form.errors.values()))
    return redirect("documents:inventory", pk=inventory.pk)


@login_required
@require_POST
def close(request, pk):
    inventory = _clerk_inventory(request, pk)
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            service.close_inventory(inventory=inventory, by=request.user, reason=form.cleaned_data["reason"])
        except LifecycleError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Inventory closed. Copies not checked are counted as missing."))
    else:
        messages.error(request, _("Give a reason for closing."))
    return redirect("documents:inventory", pk=inventory.pk)


@login_required
@require_POST
def sign_off(request, pk):
    inventory = get_visible_or_404(visible_inventories(request.user), pk=pk, request=request)
    form = SignOffForm(request.POST)
    if form.is_valid():
        try:
            service.sign_off(inventory=inventory, by=request.user, note=form.cleaned_data["note"])
        except LifecycleError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Inventory signed off."))
    else:
        messages.error(request, _("Write the inspector's note."))
    return redirect("documents:inventory", pk=inventory.pk)


@login_required
@require_POST
def print_result(request, pk):
    inventory = get_visible_or_404(visible_inventories(request.user), pk=pk, request=request)
    return print_or_queue(request, "inventory", {"inventory": inventory.pk}, back=reverse("documents:inventory", args=[pk]))


@login_required
@require_POST
def report_missing(request, pk):
    """One click: the missing copies of a closed inventory (or one of them) reported lost, all or nothing."""
    inventory = _clerk_inventory(request, pk)
    form = ReportMissingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason for reporting the missing copies lost."))
        return redirect("documents:inventory", pk=inventory.pk)
    item = form.cleaned_data["item"]
    try:
        incidents = service.report_missing(
            inventory=inventory, by=request.user, reason=form.cleaned_data["reason"], items=None if item is None else [item]
        )
    except LifecycleError as error:
        messages.error(request, error.message)
    else:
        messages.warning(
            request,
            ngettext(
                "%(n)d loss incident opened; it stays open until a leader closes it.",
                "%(n)d loss incidents opened; each stays open until a leader closes it.",
                len(incidents),
            ) % {"n": len(incidents)},
        )
    return redirect("documents:inventory", pk=inventory.pk)
