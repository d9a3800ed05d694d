"""Inventory pages. The scan box answers an htmx request with the status line and
the copy's or device's row (swapped in place), and a plain POST with a redirect: the page
works without JavaScript. Closing and reporting copies lost each go through a
confirmation page; nothing irreversible happens on one click."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from documents import tables
from documents.forms.inventory import (
    CloseForm, DeviceProblemForm, OpenInventoryForm, ProblemForm, ReportMissingForm, ScanForm, SignOffForm,
)
from documents.models import InventoryDeviceItem, InventoryStatus, ItemResult
from documents.selectors import registries_kept_by, visible_incidents, visible_inventories
from documents.services import inventory as service
from documents.services.errors import NotPermitted
from documents.services.roles import clerk_refusal
from printing.asking import print_or_queue
from documents.pdf.permissions import can_print_inventory
from documents.views.steps import attempt, attempt_with_message, offers
from documents.views.utils import get_visible_or_404

# Rows listed on the page; a scan reaches every copy, listed or not.
ROWS = 500
LEDGER_ORDER = ("copy__document__year", "copy__document__serial", "copy__number")

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
        inventory = None
        if form.is_valid():
            inventory = attempt(
                form, service.open_inventory, registry=form.cleaned_data["registry"], by=request.user,
                reason=form.cleaned_data["reason"],
            )
        if inventory is not None:
            n = inventory.items.count()
            text = ngettext("Inventory opened: %(n)d copy to check.", "Inventory opened: %(n)d copies to check.", n) % {"n": n}
            devices = inventory.device_items.count()
            if devices:
                text += " " + ngettext(
                    "%(n)d device or medium to check.", "%(n)d devices and media to check.", devices
                ) % {"n": devices}
            messages.success(request, text)
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


def _person(user):
    return (user.get_full_name() or user.get_username()) if user else ""


def scan_message(item):
    """The status line of one scan: what happened to the copy or device, in a clerk's words."""
    if isinstance(item, InventoryDeviceItem):
        return _device_scan_message(item)
    label = item.copy.label
    if item.repeat:
        when = timezone.localtime(item.checked_at).strftime("%Y-%m-%d %H:%M") if item.checked_at else "—"
        return "warning", _("%(copy)s was already checked: %(result)s, %(when)s by %(who)s. Nothing changed.") % {
            "copy": label, "result": item.get_result_display(), "when": when, "who": _person(item.checked_by),
        }
    if item.result == ItemResult.UNEXPECTED:
        return "warning", _("%(copy)s: %(note)s") % {"copy": label, "note": item.note}
    if item.result == ItemResult.WITH_HOLDER:
        return "success", _("%(copy)s seen with its holder, %(holder)s.") % {
            "copy": label, "holder": _person(item.expected_holder),
        }
    return "success", _("%(copy)s seen.") % {"copy": label}


def _device_scan_message(item):
    device = item.device
    if item.repeat:
        when = timezone.localtime(item.checked_at).strftime("%Y-%m-%d %H:%M") if item.checked_at else "—"
        return "warning", _("%(device)s was already checked: %(result)s, %(when)s by %(who)s. Nothing changed.") % {
            "device": device.asset_number, "result": item.get_result_display(), "when": when, "who": _person(item.checked_by),
        }
    return "success", _("%(device)s (%(kind)s) seen.") % {"device": device.asset_number, "kind": device.get_kind_display()}


def _rows(inventory):
    return inventory.items.select_related("copy__document", "expected_holder", "found_holder", "checked_by").order_by(
        *LEDGER_ORDER
    )


def _with_offers(inventory, items, user):
    """Each row with `can_record`: whether its check lets this user record what was found of it."""
    for item in items:
        item.inventory = inventory
        item.can_record = service.check_record_problem(item, user) is None
    return items


def _devices_with_offers(inventory, items, user):
    """Each device row with `can_record`, as `_with_offers` for the copies."""
    for item in items:
        item.inventory = inventory
        item.can_record = service.check_record_device_problem(item, user) is None
    return items


def _listed(inventory, item):
    """Whether the page lists `item` among its first ROWS rows (so a scan can swap the row in place)."""
    document, number = item.copy.document, item.copy.number
    before = inventory.items.filter(
        Q(copy__document__year__lt=document.year)
        | Q(copy__document__year=document.year, copy__document__serial__lt=document.serial)
        | Q(copy__document__year=document.year, copy__document__serial=document.serial, copy__number__lt=number)
    )
    return before.count() < ROWS


def _offers(inventory, user):
    return offers(
        user, inventory, can_check=service.check_mark_seen, can_close=service.check_close_inventory,
        can_sign_off=service.check_sign_off, can_report_missing=service.check_report_missing,
    )


@login_required
def inventory_detail(request, pk):
    inventory = get_visible_or_404(visible_inventories(request.user), pk=pk, request=request)
    if request.method == "POST":
        return _scan(request, inventory)
    return _page(request, inventory, ScanForm())


def _scan(request, inventory):
    refusal = service.check_mark_seen(inventory, request.user)
    if isinstance(refusal, NotPermitted):
        raise Http404
    form = ScanForm(request.POST)
    item = None
    if form.is_valid():
        item = attempt(form, service.mark_seen, inventory=inventory, code=form.cleaned_data["code"], by=request.user)
    if request.htmx:
        return _scan_answer(request, inventory, form, item)
    if item is None:
        return _page(request, inventory, form, status=400)
    level, text = scan_message(item)
    messages.add_message(request, messages.WARNING if level == "warning" else messages.SUCCESS, text)
    return redirect("documents:inventory", pk=inventory.pk)


def _scan_answer(request, inventory, form, item):
    """The status line, the copy's or device's row and the counts, for htmx to swap (a copy's row only if the page lists it)."""
    device_item = None
    if item is None:
        errors = [message for messages_ in form.errors.values() for message in messages_]
        level, text = "error", " ".join(errors)
    elif isinstance(item, InventoryDeviceItem):
        level, text = scan_message(item)
        device_item, item = service.device_rows(inventory).get(pk=item.pk), None
        _devices_with_offers(inventory, [device_item], request.user)
    else:
        level, text = scan_message(item)
        repeat, item = item.repeat, _rows(inventory).get(pk=item.pk)
        item.repeat = repeat
        _with_offers(inventory, [item], request.user)
    return render(
        request,
        "documents/_inventory_scan_answer.html",
        {
            "inventory": inventory,
            "level": level,
            "text": text,
            "item": item,
            "device_item": device_item,
            "row_listed": item is not None and _listed(inventory, item),
            "row_new": item is not None and item.result == ItemResult.UNEXPECTED and not item.repeat,
            "progress": service.inventory_progress(inventory),
            **_offers(inventory, request.user),
        },
    )


def _page(request, inventory, scan_form, status=200):
    result = service.inventory_result(inventory)
    result["discrepancies"] = _with_incidents(request.user, list(result["discrepancies"]))
    offered = _offers(inventory, request.user)
    progress = service.inventory_progress(inventory)
    return render(
        request,
        "documents/inventory_detail.html",
        {
            "inventory": inventory,
            "result": result,
            "progress": progress,
            "items": _with_offers(inventory, list(_rows(inventory)[:ROWS]), request.user),
            "device_items": _devices_with_offers(inventory, list(service.device_rows(inventory)), request.user),
            "rows_cut": progress["total"] > ROWS,
            "rows_shown": ROWS,
            "pending_count": progress["pending"],
            "scan_form": scan_form,
            "sign_off_form": SignOffForm(),
            "is_open": inventory.status == InventoryStatus.OPEN,
            "can_print": can_print_inventory(request.user, inventory),
            **offered,
        },
        status=status,
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
    """An inventory whose clerk's pages this user may open: others see it (inspectors) or not at all, never these."""
    inventory = get_visible_or_404(visible_inventories(request.user), pk=pk, request=request)
    if clerk_refusal(request.user, inventory.registry) is not None:
        raise Http404
    return inventory


@login_required
def record_problem(request, pk, item_pk):
    """One copy's finding, on a page of its own: the row offers it, the scan box does not need it."""
    inventory = _clerk_inventory(request, pk)
    item = get_visible_or_404(_rows(inventory), pk=item_pk, request=request)
    form = ProblemForm(request.POST or None, item=item, results=service.recordable_results(item))
    recorded = None
    if request.method == "POST" and form.is_valid():
        recorded = attempt(form, service.record_problem, item=item, by=request.user, **form.cleaned_data)
    if recorded is not None:
        messages.success(
            request, _("%(copy)s recorded: %(result)s.") % {"copy": item.copy.label, "result": recorded.get_result_display()}
        )
        return redirect(reverse("documents:inventory", args=[inventory.pk]) + f"#item-{item.pk}")
    return render(
        request,
        "documents/inventory_problem.html",
        {"inventory": inventory, "item": item, "form": form, "refusal": service.check_record_problem(item, request.user)},
        status=400 if form.errors else 200,
    )


@login_required
def record_device_problem(request, pk, device_item_pk):
    """One device's finding, on a page of its own, as for a copy."""
    inventory = _clerk_inventory(request, pk)
    item = get_visible_or_404(service.device_rows(inventory), pk=device_item_pk, request=request)
    item.inventory = inventory
    form = DeviceProblemForm(request.POST or None, item=item, results=service.RECORDABLE_DEVICE)
    recorded = None
    if request.method == "POST" and form.is_valid():
        recorded = attempt(form, service.record_device_problem, item=item, by=request.user, **form.cleaned_data)
    if recorded is not None:
        messages.success(
            request,
            _("%(device)s recorded: %(result)s.") % {"device": item.device.asset_number, "result": recorded.get_result_display()},
        )
        return redirect(reverse("documents:inventory", args=[inventory.pk]) + f"#device-{item.pk}")
    return render(
        request,
        "documents/inventory_device_problem.html",
        {"inventory": inventory, "item": item, "form": form,
         "refusal": service.check_record_device_problem(item, request.user)},
        status=400 if form.errors else 200,
    )


@login_required
def close(request, pk):
    """Closing is asked twice: this page shows the counts and what the close will record, then closes."""
    inventory = _clerk_inventory(request, pk)
    form = CloseForm(request.POST if request.POST.get("confirmed") else None)
    refusal = service.check_close_inventory(inventory, request.user)
    closed = None
    if request.method == "POST" and form.is_bound and form.is_valid():
        closed = attempt(form, service.close_inventory, inventory=inventory, by=request.user, reason=form.cleaned_data["reason"])
    if closed is not None:
        messages.success(request, _("Inventory closed."))
        return redirect("documents:inventory", pk=inventory.pk)
    return render(
        request,
        "documents/inventory_close.html",
        {"inventory": inventory, "form": form, "progress": service.inventory_progress(inventory), "refusal": refusal},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def sign_off(request, pk):
    inventory = get_visible_or_404(visible_inventories(request.user), pk=pk, request=request)
    form = SignOffForm(request.POST)
    if form.is_valid():
        signed = attempt_with_message(request, service.sign_off, inventory=inventory, by=request.user, note=form.cleaned_data["note"])
        if signed is not None:
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
def report_missing(request, pk):
    """The missing copies of a closed inventory (or one of them) reported lost, all or nothing, once confirmed.

    The first request (a link, or a post without `confirmed`) shows which
    copies will be reported and asks for the reason; only the second reports.
    """
    inventory = _clerk_inventory(request, pk)
    data = request.POST if request.method == "POST" else request.GET
    item_pk = data.get("item") or None
    form = ReportMissingForm(request.POST if request.POST.get("confirmed") else None, initial={"item": item_pk})
    try:
        items = None if item_pk is None else [int(item_pk)]
    except ValueError:
        raise Http404 from None
    incidents = None
    if form.is_bound and form.is_valid():
        incidents = attempt(
            form, service.report_missing, inventory=inventory, by=request.user, reason=form.cleaned_data["reason"], items=items
        )
    if incidents is not None:
        n = len(incidents)
        messages.warning(
            request,
            ngettext(
                "%(n)d loss incident opened; it stays open until a leader closes it.",
                "%(n)d loss incidents opened; each stays open until a leader closes it.",
                n,
            ) % {"n": n},
        )
        return redirect("documents:inventory", pk=inventory.pk)
    to_report = list(service.missing_to_report(inventory, items))
    return render(
        request,
        "documents/inventory_report_missing.html",
        {
            "inventory": inventory,
            "form": form,
            "to_report": to_report,
            "item_pk": item_pk,
            "refusal": service.check_report_missing(inventory, request.user),
        },
        status=400 if form.errors else 200,
    )
