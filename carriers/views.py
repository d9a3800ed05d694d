from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from carriers import services
from carriers.forms import CustodianForm, DeviceForm, LoadCopyForm, ReasonOnlyForm, RepairForm, ScrapForm
from carriers.pdf import REGISTER_ROLES
from carriers.work_views import device_work_context, device_work_offers
from carriers.selectors import device_scrapping, live_carried_copies, loadable_copies, visible_devices
from documents import tables
from documents.models import DestructionStatus
from documents.selectors import eligible_custodians, registries_kept_by, visible_destruction_lists
from documents.services import destruction
from documents.views.steps import attempt, attempt_with_message, offers
from documents.views.utils import get_visible_or_404
from documents.views.people_picker import people_results
from printing.asking import print_or_queue
from people.roles import Role
from people.selectors import units_where


DEVICE_SORTS = {"asset": ["asset_number", "pk"], "level": ["level", "asset_number", "pk"], "status": ["status", "asset_number", "pk"]}
DEVICE_COLUMNS = [
    tables.Column(gettext_lazy("Asset number"), lambda device: device.asset_number, "asset", "-asset"),
    tables.Column(gettext_lazy("Type"), lambda device: device.get_kind_display()),
    tables.Column(gettext_lazy("Serial number"), lambda device: device.serial_number),
    tables.Column(gettext_lazy("Level"), lambda device: device.get_level_display(), "-level", "level", descending_first=True),
    tables.Column(gettext_lazy("Custodian"), lambda device: tables.person(device.custodian)),
    tables.Column(gettext_lazy("Location"), lambda device: device.location),
    tables.Column(gettext_lazy("Network"), lambda device: device.get_network_display()),
    tables.Column(gettext_lazy("Status"), lambda device: device.get_status_display(), "status", "-status"),
    tables.Column(gettext_lazy("Key department"), lambda device: _("Yes") if device.unit.is_key_department else ""),
]


def _device_noun(count):
    return ngettext("%(count)s device", "%(count)s devices", count) % {"count": count}


@login_required
def device_list(request):
    units = units_where(request.user, Role.CLERK)
    form = DeviceForm(request.POST or None, units=units)
    if request.method == "POST":
        if not units.exists():
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            device = attempt(
                form, services.register_device, unit=data["unit"], by=request.user, reason=data["reason"],
                **{name: data[name] for name in services.DEVICE_FIELDS},
            )
            if device is not None:
                messages.success(request, _("%(device)s registered.") % {"device": device})
                return redirect("carriers:detail", pk=device.pk)
    table = tables.list_table(
        request, visible_devices(request.user), columns=DEVICE_COLUMNS, sorts=DEVICE_SORTS, default="asset",
        name="devices", what="Device register", noun=_device_noun, limit=500,
    )
    if table.response:
        return table.response
    return render(
        request,
        "carriers/list.html",
        {
            **table.context,
            "devices": table.rows,
            "form": form if units.exists() else None,
            "register_units": units_where(request.user, *REGISTER_ROLES).order_by("name"),
        },
    )


@login_required
def device_detail(request, pk):
    device = get_visible_or_404(visible_devices(request.user), pk=pk, request=request)
    steps = offers(
        request.user, device, change_custodian=services.check_change_custodian,
        send_for_repair=services.check_send_for_repair, back_from_repair=services.check_back_from_repair,
        load_copy=services.check_load_copy, scrap=services.check_scrap,
    ) | device_work_offers(request.user, device)
    return render(
        request,
        "carriers/detail.html",
        {
            **_scrapping_context(request.user, device, steps["scrap"]),
            "device": device,
            "offers": steps,
            **device_work_context(request.user, device, steps),
            "carried": device.carried.select_related("copy__document", "loaded_by", "erased_by"),
            "history": device.history.select_related("history_user").order_by("-history_date")[:200],
            "custodian_form": CustodianForm(device=device) if steps["change_custodian"] else None,
            "repair_form": RepairForm(),
            "back_form": ReasonOnlyForm(initial={"reason": _("Back from repair, checked")}),
            "load_form": LoadCopyForm(copies=loadable_copies(request.user, device)) if steps["load_copy"] else None,
        },
    )


def _act(request, pk, form_class, action, done, form_kwargs=None):
    device = get_visible_or_404(visible_devices(request.user), pk=pk, request=request)
    if services.clerk_refusal(request.user, device.unit) is not None:
        raise Http404
    form = form_class(request.POST, **(form_kwargs(device) if form_kwargs else {}))
    if form.is_valid():
        if attempt_with_message(request, action, device=device, data=form.cleaned_data) is not None:
            messages.success(request, done)
    else:
        messages.error(request, " ".join(" ".join(e) for e in form.errors.values()))
    return redirect("carriers:detail", pk=device.pk)


@login_required
@require_POST
def change_custodian(request, pk):
    return _act(
        request, pk, CustodianForm,
        lambda *, device, data: services.change_custodian(device=device, by=request.user, **data),
        _("Custodian changed."),
        form_kwargs=lambda device: {"device": device},
    )


@login_required
@require_GET
def custodians_at_registration(request):
    """People to make custodian of a device being registered, in the unit the form has picked."""
    unit_id = request.GET.get("unit", "")
    # Only the units where this person keeps the register; anything else (or no number) is not found.
    unit = None
    if unit_id.isdigit() and len(unit_id) < 10:
        unit = units_where(request.user, Role.CLERK).filter(pk=int(unit_id)).first()
    if unit is None:
        raise Http404
    return people_results(request, eligible_custodians(unit), unit_id=unit.pk)


@login_required
@require_GET
def custodians(request, pk):
    """People a clerk may hand this device over to: answered only to whoever may change its custodian now."""
    device = get_visible_or_404(visible_devices(request.user), pk=pk, request=request)
    if services.check_change_custodian(device, request.user) is not None:
        raise Http404
    return people_results(request, eligible_custodians(device.unit_id), unit_id=device.unit_id)


@login_required
@require_POST
def send_for_repair(request, pk):
    return _act(
        request, pk, RepairForm,
        lambda *, device, data: services.send_for_repair(device=device, by=request.user, **data),
        _("Sent for repair."),
    )


@login_required
@require_POST
def back_from_repair(request, pk):
    return _act(
        request, pk, ReasonOnlyForm,
        lambda *, device, data: services.back_from_repair(device=device, by=request.user, **data),
        _("Back in use."),
    )


@login_required
@require_POST
def load_copy(request, pk):
    return _act(
        request, pk, LoadCopyForm,
        lambda *, device, data: services.load_copy(device=device, by=request.user, **data),
        _("Copy recorded on the device."),
        form_kwargs=lambda device: {"copies": loadable_copies(request.user, device)},
    )


def _scrap_choices(user, device):
    registries = registries_kept_by(user).filter(unit=device.unit_id)
    drafts = visible_destruction_lists(user).filter(status=DestructionStatus.DRAFT, registry__in=registries)
    return {"drafts": drafts, "registries": registries}


def _scrapping_context(user, device, may_scrap):
    """Where the device's scrapping stands, and the clerk's Scrap form when `check_scrap` lets them list it now."""
    items = list(device_scrapping(user, device))
    open_item = services.open_destruction_item(device)
    context = {"scrapping": items, "open_item": open_item, "scrap_form": None, "carried_live": 0}
    if may_scrap:
        choices = _scrap_choices(user, device)
        if choices["registries"].exists():
            context["scrap_form"] = ScrapForm(**choices)
            context["carried_live"] = live_carried_copies(user, device).count()
    return context


@login_required
@require_POST
def scrap(request, pk):
    """Put the device on a destruction list (new, or a draft), and open that list."""
    device = get_visible_or_404(visible_devices(request.user), pk=pk, request=request)
    if services.clerk_refusal(request.user, device.unit) is not None:
        raise Http404
    open_item = services.open_destruction_item(device)
    if open_item is not None:
        messages.info(request, _("%(device)s is already on this destruction list.") % {"device": device.asset_number})
        return redirect("documents:destruction_detail", pk=open_item.list_id)
    form = ScrapForm(request.POST, **_scrap_choices(request.user, device))
    if not form.is_valid():
        messages.error(request, " ".join(" ".join(e) for e in form.errors.values()))
        return redirect("carriers:detail", pk=device.pk)
    data = form.cleaned_data
    copies = list(live_carried_copies(request.user, device)) if data["with_copies"] else []
    if data["dlist"] is not None:
        dlist = attempt_with_message(
            request, destruction.add_to_destruction_list,
            dlist=data["dlist"], copies=copies, devices=[device], by=request.user, reason=data["reason"],
        )
    else:
        dlist = attempt_with_message(
            request, destruction.prepare_destruction_list,
            registry=data["registry"], copies=copies, devices=[device], by=request.user, reason=data["reason"],
        )
    if dlist is None:
        return redirect("carriers:detail", pk=device.pk)
    messages.success(
        request,
        _("%(device)s is on destruction list %(list)s. Submit the list for a leader's approval when it is complete.")
        % {"device": device.asset_number, "list": dlist.label},
    )
    return redirect("documents:destruction_detail", pk=dlist.pk)


@login_required
@require_POST
def print_register(request, unit_pk):
    return print_or_queue(request, "device_register", {"unit": unit_pk}, back=reverse("carriers:list"))
