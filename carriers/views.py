from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from carriers import services
from carriers.forms import CustodianForm, DeviceForm, LoadCopyForm, ReasonOnlyForm, RepairForm
from carriers.selectors import loadable_copies, visible_devices
from documents.forms.fields import show_domain_error
from documents.services.errors import LifecycleError
from people.roles import Role
from people.selectors import has_role, units_where


@login_required
def device_list(request):
    units = units_where(request.user, Role.CLERK)
    form = DeviceForm(request.POST or None, units=units)
    if request.method == "POST":
        if not units.exists():
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                device = services.register_device(
                    unit=data["unit"], by=request.user, reason=data["reason"],
                    **{name: data[name] for name in services.DEVICE_FIELDS},
                )
            except LifecycleError as error:
                show_domain_error(form, error)
            else:
                messages.success(request, _("%(device)s registered.") % {"device": device})
                return redirect("carriers:detail", pk=device.pk)
    return render(
        request,
        "carriers/list.html",
        {"devices": visible_devices(request.user), "form": form if units.exists() else None},
    )


@login_required
def device_detail(request, pk):
    device = get_object_or_404(visible_devices(request.user), pk=pk)
    is_clerk = has_role(request.user, Role.CLERK, device.unit)
    return render(
        request,
        "carriers/detail.html",
        {
            "device": device,
            "is_clerk": is_clerk and device.status != "scrapped",
            "carried": device.carried.select_related("copy__document", "loaded_by"),
            "history": device.history.select_related("history_user").order_by("-history_date")[:200],
            "custodian_form": CustodianForm(),
            "repair_form": RepairForm(),
            "back_form": ReasonOnlyForm(initial={"reason": _("Back from repair, checked")}),
            "load_form": LoadCopyForm(copies=loadable_copies(request.user, device)) if is_clerk else None,
        },
    )


def _act(request, pk, form_class, action, done, form_kwargs=None):
    device = get_object_or_404(visible_devices(request.user), pk=pk)
    if not has_role(request.user, Role.CLERK, device.unit):
        raise Http404
    form = form_class(request.POST, **(form_kwargs(device) if form_kwargs else {}))
    if form.is_valid():
        try:
            action(device, form.cleaned_data)
        except LifecycleError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, done)
    else:
        messages.error(request, " ".join(" ".join(e) for e in form.errors.values()))
    return redirect("carriers:detail", pk=device.pk)


@login_required
@require_POST
def change_custodian(request, pk):
    return _act(
        request, pk, CustodianForm,
        lambda device, data: services.change_custodian(device=device, by=request.user, **data),
        _("Custodian changed."),
    )


@login_required
@require_POST
def send_for_repair(request, pk):
    return _act(
        request, pk, RepairForm,
        lambda device, data: services.send_for_repair(device=device, by=request.user, **data),
        _("Sent for repair."),
    )


@login_required
@require_POST
def back_from_repair(request, pk):
    return _act(
        request, pk, ReasonOnlyForm,
        lambda device, data: services.back_from_repair(device=device, by=request.user, **data),
        _("Back in use."),
    )


@login_required
@require_POST
def load_copy(request, pk):
    return _act(
        request, pk, LoadCopyForm,
        lambda device, data: services.load_copy(device=device, by=request.user, **data),
        _("Copy recorded on the device."),
        form_kwargs=lambda device: {"copies": loadable_copies(request.user, device)},
    )
