import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from accounts.services import reauth
from carriers.models import DeviceStatus
from carriers.selectors import devices_for_destruction
from documents import tables
from documents.forms.destruction import (
    AddCopiesForm,
    AddDeviceForm,
    ConfirmWitnessForm,
    ExecuteDestructionForm,
    PrepareDestructionForm,
    ReasonOnlyForm,
    RemoveCopiesForm,
)
from documents.models import CopyStatus, DestructionItem, DestructionStatus, RecoveryItem
from documents.selectors import (
    eligible_witnesses,
    lists_to_witness,
    openable_records,
    registries_open_to,
    visible_destruction_lists,
    visible_recoveries,
)
from documents.services import destruction as service
from documents.forms.fields import show_domain_error
from documents.services.errors import LifecycleError, NotPermitted
from documents.services.recovery import check_start_recovery
from documents.views.confirm import ask_to_confirm, confirmed
from documents.views.steps import StepView, attempt, attempt_with_message, offers
from documents.views.utils import get_visible_or_404
from people.roles import Role
from people.selectors import has_role, roles_of

from .copy_picker import picker

LIST_ROLES = {Role.CLERK, Role.LEADER, Role.INSPECTOR}


def _visible_list(request, pk):
    return get_visible_or_404(visible_destruction_lists(request.user), pk=pk, request=request)


DESTRUCTION_SORTS = {"prepared": ["prepared_at", "pk"], "copies": ["copy_count", "pk"]}


def _decision(dlist):
    decider = dlist.approved_by or dlist.rejected_by
    return tables.person(decider) if decider else ""


DESTRUCTION_COLUMNS = [
    tables.Column(gettext_lazy("List"), lambda dlist: dlist.label),
    tables.Column(gettext_lazy("Registry"), lambda dlist: dlist.registry.code),
    tables.Column(gettext_lazy("Prepared"), lambda dlist: dlist.prepared_at, "prepared", "-prepared", descending_first=True),
    tables.Column(gettext_lazy("Copies"), lambda dlist: dlist.copy_count, "copies", "-copies", descending_first=True),
    tables.Column(gettext_lazy("Devices"), lambda dlist: dlist.device_count),
    tables.Column(gettext_lazy("Reason for destruction"), lambda dlist: dlist.reason),
    tables.Column(gettext_lazy("Status"), lambda dlist: dlist.get_status_display()),
    tables.Column(gettext_lazy("Decision"), _decision),
    tables.Column(gettext_lazy("Destroyed"), lambda dlist: dlist.executed_on),
]


def _list_noun(count):
    return ngettext("%(count)s destruction list", "%(count)s destruction lists", count) % {"count": count}


@login_required
def destruction_lists(request):
    roles = roles_of(request.user)
    if not roles & LIST_ROLES:
        raise Http404
    table = tables.list_table(
        request,
        visible_destruction_lists(request.user).annotate(
            copy_count=Count("items", distinct=True), device_count=Count("device_items", distinct=True)
        ),
        columns=DESTRUCTION_COLUMNS, sorts=DESTRUCTION_SORTS, default="-prepared", name="destruction-lists",
        what="Destruction lists", noun=_list_noun, limit=300,
    )
    if table.response:
        return table.response
    sections = tables.by_status(table.rows, (
        (DestructionStatus.SUBMITTED, _("Awaiting approval")),
        (DestructionStatus.APPROVED, _("Approved, awaiting execution")),
        (DestructionStatus.DRAFT, _("Drafts")),
        (DestructionStatus.EXECUTED, _("Executed")),
        (DestructionStatus.REJECTED, _("Rejected")),
    ))
    return render(
        request,
        "documents/destruction_lists.html",
        {"sections": sections, "can_prepare": bool(registries_open_to(request.user, service.check_prepare_destruction_list)), **table.context},
    )


@login_required
def new_destruction_list(request):
    candidates, context = picker(request)
    form = PrepareDestructionForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        copies = list(form.cleaned_data["copies"])
        registries = {copy.document.registry for copy in copies}
        if len(registries) != 1:
            form.add_error(None, _("A destruction list holds the copies of one registry; tick copies of one registry."))
        else:
            dlist = attempt(
                form, service.prepare_destruction_list,
                registry=registries.pop(), copies=copies, by=request.user, reason=form.cleaned_data["reason"],
            )  # fmt: skip
            if dlist is not None:
                messages.success(request, _("Destruction list %(list)s prepared as a draft.") % {"list": dlist.label})
                return redirect("documents:destruction_detail", pk=dlist.pk)
    return render(
        request, "documents/destruction_new.html", {**context, "form": form, "picked": form.picked_ids(), "dlist": None}
    )


@login_required
def add_copies(request, pk):
    dlist = _visible_list(request, pk)
    candidates, context = picker(request)
    form = AddCopiesForm(request.POST or None, candidates=candidates.filter(document__registry=dlist.registry))
    if request.method == "POST" and form.is_valid():
        added = attempt(
            form, service.add_to_destruction_list,
            dlist=dlist, copies=list(form.cleaned_data["copies"]), by=request.user, reason=form.cleaned_data["reason"],
        )  # fmt: skip
        if added is not None:
            messages.success(request, _("Copies added to %(list)s.") % {"list": dlist.label})
            return redirect("documents:destruction_detail", pk=dlist.pk)
    return render(
        request, "documents/destruction_new.html", {**context, "form": form, "picked": form.picked_ids(), "dlist": dlist}
    )


@login_required
def destruction_detail(request, pk):
    dlist = _visible_list(request, pk)
    user = request.user
    items = dlist.items.select_related("copy__document", "copy__holder").order_by(
        "copy__document__year", "copy__document__serial", "copy__number"
    )
    can = offers(
        user,
        dlist,
        edit=service.check_add_to_destruction_list,
        submit=service.check_submit_destruction_list,
        approve=service.check_approve_destruction_list,
        reject=service.check_reject_destruction_list,
        execute=service.check_execute_destruction_list,
    )
    context = {
        "dlist": dlist,
        "items": items,
        "device_items": dlist.device_items.select_related("device__custodian").order_by("device__asset_number"),
        "device_form": AddDeviceForm(devices=devices_for_destruction(user, dlist.registry)) if can["edit"] else None,
        "offers": can,
        "execute_refusal": _execute_refusal(dlist, user) if not can["execute"] else None,
        "prepared_it": user.pk == dlist.prepared_by_id,
    }
    return render(request, "documents/destruction_detail.html", context)


def _execute_refusal(dlist, user):
    """Why an approved list cannot be carried out by this clerk now (a copy went out, the clerk approved it...)."""
    refusal = service.check_execute_destruction_list(dlist, user)
    if dlist.status != DestructionStatus.APPROVED or isinstance(refusal, NotPermitted):
        return None
    return refusal


class ListStep(StepView):
    selector = staticmethod(visible_destruction_lists)
    related = ("registry__unit",)
    target = "dlist"
    form_class = ReasonOnlyForm
    message = None

    def done(self, result, dlist):
        return self.message % {"list": dlist.label}

    def fallback(self, dlist):
        return reverse("documents:destruction_detail", args=[dlist.pk])


class Submit(ListStep):
    service = staticmethod(service.submit_destruction_list)
    message = gettext_lazy("Destruction list %(list)s submitted for approval.")


class Approve(ListStep):
    service = staticmethod(service.approve_destruction_list)
    step_up = True
    message = gettext_lazy("Destruction list %(list)s approved.")


class Reject(ListStep):
    service = staticmethod(service.reject_destruction_list)
    message = gettext_lazy("Destruction list %(list)s rejected; its copies are free again.")


submit = Submit.as_view()
approve = Approve.as_view()
reject = Reject.as_view()


@login_required
@require_POST
def remove_copies(request, pk):
    dlist = _visible_list(request, pk)
    form = RemoveCopiesForm(request.POST, dlist=dlist)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    else:
        data = form.cleaned_data
        removed = attempt_with_message(
            request, service.remove_from_destruction_list,
            dlist=dlist, copies=list(data["copies"]), devices=list(data["devices"]), by=request.user,
            reason=data["reason"],
        )  # fmt: skip
        if removed is not None:
            messages.success(request, _("Taken off %(list)s.") % {"list": dlist.label})
    return redirect("documents:destruction_detail", pk=dlist.pk)


@login_required
@require_POST
def add_device(request, pk):
    """Put a classified computer or storage medium of the list's unit on a draft list."""
    dlist = _visible_list(request, pk)
    if isinstance(service.check_add_to_destruction_list(dlist, request.user), NotPermitted):
        raise Http404
    form = AddDeviceForm(request.POST, devices=devices_for_destruction(request.user, dlist.registry))
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    else:
        device = form.cleaned_data["device"]
        added = attempt_with_message(
            request, service.add_to_destruction_list,
            dlist=dlist, devices=[device], by=request.user, reason=form.cleaned_data["reason"],
        )  # fmt: skip
        if added is not None:
            messages.success(
                request, _("%(device)s added to %(list)s.") % {"device": device.asset_number, "list": dlist.label}
            )
    return redirect("documents:destruction_detail", pk=dlist.pk)


# Witnesses who typed their password on the clerk's form, per list, until the clerk confirms the record:
# {list pk: {witness pk: when}}. The password is checked on the first POST and never carried to the next.
WITNESS_PROOFS = "destruction_witness_proofs"


def _witness_proofs(request, dlist, form):
    """Proofs of the witnesses who confirmed on this form: checked now if typed, else kept from the first POST.

    A wrong password or code goes onto the form (and counts as a failed sign-in); nothing is recorded then.
    """
    kept = request.session.get(WITNESS_PROOFS, {}).get(str(dlist.pk), {})
    proofs = {}
    for field in ("witness_1", "witness_2"):
        witness = form.cleaned_data[field]
        password = form.cleaned_data[f"{field}_password"]
        if password:
            try:
                proofs[witness.pk] = reauth.verify(
                    user=witness, password=password, code=form.cleaned_data[f"{field}_code"], request=request,
                    field=f"{field}_password", code_field=f"{field}_code",
                )  # fmt: skip
            except LifecycleError as error:
                show_domain_error(form, error)
        elif str(witness.pk) in kept:
            at = datetime.datetime.fromtimestamp(kept[str(witness.pk)], tz=datetime.timezone.utc)
            proofs[witness.pk] = reauth.Proof(user_id=witness.pk, at=at, how="password")
    stored = request.session.get(WITNESS_PROOFS, {})
    stored[str(dlist.pk)] = {str(pk): proof.at.timestamp() for pk, proof in proofs.items()}
    request.session[WITNESS_PROOFS] = stored
    return list(proofs.values())


def _forget_witness_proofs(request, dlist):
    stored = request.session.get(WITNESS_PROOFS, {})
    if stored.pop(str(dlist.pk), None) is not None:
        request.session[WITNESS_PROOFS] = stored


@login_required
def execute(request, pk):
    dlist = _visible_list(request, pk)
    refusal = service.check_execute_destruction_list(dlist, request.user)
    if isinstance(refusal, NotPermitted) and not has_role(request.user, Role.CLERK, dlist.registry.unit):
        raise Http404
    if refusal is not None and request.method != "POST":
        messages.error(request, refusal.message)
        return redirect("documents:destruction_detail", pk=dlist.pk)
    form = ExecuteDestructionForm(
        request.POST or None,
        witnesses=eligible_witnesses(dlist, request.user),
        search_url=reverse("documents:people_witnesses", args=[dlist.pk]),
    )
    items = dlist.items.select_related("copy__document").order_by("copy__document__year", "copy__document__serial", "copy__number")
    device_items = dlist.device_items.select_related("device").order_by("device__asset_number")
    proofs = _witness_proofs(request, dlist, form) if request.method == "POST" and form.is_valid() else []
    if request.method == "POST" and form.is_valid():
        # Asked once more only when the list may be carried out now; otherwise the service's refusal shows on the form.
        if refusal is None and not confirmed(request):
            both = len(proofs) == 2
            changes = [
                (f"{item.copy.label} · {item.copy.document.title}",
                 CopyStatus.DESTROYED.label if both else _("Destroyed once both witnesses confirm"))
                for item in items
            ]  # fmt: skip
            changes += [(f"{item.device.asset_number} · {item.device.get_kind_display()}", DeviceStatus.SCRAPPED.label) for item in device_items]
            return ask_to_confirm(
                request, form,
                title=_("Confirm the destruction of list %(list)s") % {"list": dlist.label},
                warning=_("Destroyed copies and scrapped devices cannot be brought back. Check the list against what was destroyed."),
                changes=changes,
                button=_("Confirm: record the destruction"),
                back=reverse("documents:destruction_detail", args=[dlist.pk]),
            )
        record = {name: form.cleaned_data[name] for name in ExecuteDestructionForm.RECORD}
        executed = attempt(
            form, service.execute_destruction_list, dlist=dlist, by=request.user, witness_proofs=proofs, **record
        )
        if executed is not None:
            _forget_witness_proofs(request, dlist)
            if executed.status == DestructionStatus.EXECUTED:
                messages.success(
                    request,
                    _("Destruction recorded: the copies on %(list)s are destroyed and its devices scrapped.")
                    % {"list": dlist.label},
                )
            else:
                messages.success(
                    request,
                    _("Destruction of %(list)s recorded. It is executed when both witnesses have confirmed it "
                      "with their password; each finds it in their inbox.") % {"list": dlist.label},
                )  # fmt: skip
            return redirect("documents:destruction_detail", pk=dlist.pk)
    return render(
        request,
        "documents/destruction_execute.html",
        {"dlist": dlist, "items": items, "device_items": device_items, "form": form},
    )


def _list_to_witness(request, pk):
    return get_visible_or_404(lists_to_witness(request.user), pk=pk, request=request)


@login_required
def witness(request, pk):
    """A named witness confirms the destruction in their own session, with their own password."""
    dlist = _list_to_witness(request, pk)
    form = ConfirmWitnessForm(request.POST or None, with_code=reauth.has_second_factor(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            proof = reauth.verify(
                user=request.user, password=form.cleaned_data["password"], code=form.cleaned_data.get("code", ""),
                request=request,
            )  # fmt: skip
        except LifecycleError as error:
            show_domain_error(form, error)
        else:
            confirmed_list = attempt(form, service.confirm_witness, dlist=dlist, by=request.user, proof=proof)
            if confirmed_list is not None:
                if confirmed_list.status == DestructionStatus.EXECUTED:
                    message = _("You confirmed the destruction of %(list)s. Both witnesses have: the list is executed.")
                else:
                    message = _("You confirmed the destruction of %(list)s. The other witness has not confirmed yet.")
                messages.success(request, message % {"list": dlist.label})
                return redirect("home")
    items = dlist.items.select_related("copy__document").order_by("copy__document__year", "copy__document__serial", "copy__number")
    return render(
        request,
        "documents/destruction_witness.html",
        {
            "dlist": dlist, "form": form, "items": items,
            "device_items": dlist.device_items.select_related("device").order_by("device__asset_number"),
            "refusal": service.check_confirm_witness(dlist, request.user),
        },
    )  # fmt: skip


def panel(user, document):
    """The document page's part on recovery and destruction: where each copy stands, and what the clerk can start."""
    destruction_items = list(
        DestructionItem.objects.filter(copy__document=document)
        .exclude(list__status=DestructionStatus.REJECTED)
        .select_related("list__registry", "copy")
        .order_by("copy__number", "pk")
    )
    recovery_items = list(
        RecoveryItem.objects.filter(copy__document=document)
        .select_related("recovery__registry", "copy")
        .order_by("copy__number")
    )
    seen_lists = openable_records(user, {item.list for item in destruction_items}, visible_destruction_lists)
    seen_recoveries = openable_records(user, {item.recovery for item in recovery_items}, visible_recoveries)
    return {
        "disposal": {
            "destruction_items": destruction_items,
            "recovery_items": recovery_items,
            "seen_lists": seen_lists,
            "seen_recoveries": seen_recoveries,
            "may_recover": check_start_recovery(document.registry, user) is None,
            "may_destroy": service.check_prepare_destruction_list(document.registry, user) is None,
            "copies_in_registry": document.has_copy_in_registry,
        }
    }
