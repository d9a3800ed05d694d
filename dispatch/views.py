"""Dispatch pages: the issuer's dispatch list and returned receipts, the recipient's incoming copies.

Thin: each page reads through dispatch.selectors, offers what the step's
check allows (documents.views.steps.offers), and calls the service.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from dispatch import services
from dispatch.pdf import check_print_dispatch_slip
from dispatch.forms import DispatchForm, NotReceivedForm, ReturnedReceiptForm, ScanForm
from dispatch.models import DispatchItem, ItemStatus, RecallItem
from dispatch.recall import check_recall_copies
from dispatch.selectors import (
    coming_in,
    find_coming_in,
    incoming_items,
    items_of_document,
    visible_dispatches,
    visible_recipients,
)
from documents.inbox import LIMIT, Action, Row, Section, _offer, _total, person
from documents.models import CopyStatus, Registry
from documents.selectors import registries_kept_by, visible_documents
from documents.services.holds import Procedure, blockers_of
from documents.views.steps import StepView, attempt, attempt_with_message, offers
from documents.views.utils import get_visible_or_404
from printing.asking import print_or_queue


# The hooks documents asks (dispatch.apps) ---------------------------------------------------------


def document_panel(user, document):
    """The document page's dispatch panel: where each copy sent out is, or where this incoming copy came from.

    One query (items_of_document) whatever the number of copies and lists.
    """
    sent, came_items = [], []
    for item in items_of_document(document):
        (sent if item.copy.document_id == document.pk else came_items).append(item)
    may_dispatch = services.check_dispatch_copies(document, user) is None
    if not sent and not came_items and not may_dispatch:
        return None
    dispatches = {item.recipient.dispatch.pk: item.recipient.dispatch for item in sent}
    # Each item's latest recall, in one query: where a copy asked back stands.
    latest = {}
    if sent or came_items:
        rows = RecallItem.objects.filter(item__in=[item.pk for item in sent + came_items]).select_related(
            "recall__registry").order_by("pk")
        latest = {row.item_id: row for row in rows}
    for item in sent + came_items:
        item.recall_row = latest.get(item.pk)
    recalls = {row.recall.pk: row.recall for item in sent if (row := item.recall_row) is not None}
    return {
        "document": document,
        "items": sent,
        "came": came_items[0].recipient if came_items else None,
        "came_items": came_items,
        "may_dispatch": may_dispatch,
        "may_recall": bool(sent) and check_recall_copies(document, user) is None,
        "dispatches": sorted(dispatches.values(), key=lambda dispatch: dispatch.sent_at, reverse=True),
        "recalls": sorted(recalls.values(), key=lambda recall: recall.requested_at, reverse=True),
    }


def incoming_section(user):
    """The clerk's inbox: copies on their way to a registry they keep, each confirmed with one click."""
    items = coming_in(user)
    shown = list(items[:LIMIT])
    rows = []
    for item in shown:
        actions, note = _offer(
            services.check_receive_copy, item, user,
            Action(_("Confirm receipt"), reverse("dispatch:receive", args=[item.pk]), reason=_("Received and checked"),
                   primary=True),
        )
        if not note:
            actions.append(Action(_("Not received"), reverse("dispatch:not_received", args=[item.pk])))
        rows.append(_incoming_row(item, actions, note))
    return Section("incoming", _("Copies coming in"), rows, _total(rows, items), more_url=reverse("dispatch:incoming"))


def _incoming_row(item, actions=(), note=""):
    dispatch = item.recipient.dispatch
    return Row(
        key=f"dispatch-item-{item.pk}",
        kind=_("Dispatch"),
        label=item.copy.label,
        url=reverse("dispatch:incoming") + f"#item-{item.pk}",
        title=item.copy.document.title,
        document=item.copy.document,
        who=_("from %(unit)s, to %(registry)s") % {"unit": dispatch.registry.unit, "registry": item.recipient.registry.code},
        since=dispatch.sent_at,
        actions=list(actions),
        note=note,
    )


# The issuer's side --------------------------------------------------------------------------------


@login_required
def new_dispatch(request, document_id):
    document = get_visible_or_404(visible_documents(request.user).select_related("registry__unit"), pk=document_id,
                                  request=request)
    refusal = services.check_dispatch_copies(document, request.user)
    if refusal is not None:
        messages.error(request, refusal.message)
        return redirect("documents:detail", pk=document.pk)
    copies = list(document.copies.filter(status=CopyStatus.IN_REGISTRY).order_by("number"))
    registries = Registry.objects.exclude(pk=document.registry_id).select_related("unit").order_by("code")
    form = DispatchForm(request.POST or None, copies=copies, registries=registries,
                        held=blockers_of(copies, Procedure.DISPOSE))
    if request.method == "POST" and form.is_valid():
        dispatch = attempt(form, services.dispatch_copies, document=document, lines=form.lines(), by=request.user,
                           reason=form.cleaned_data["reason"])
        if dispatch is not None:
            count = DispatchItem.objects.filter(recipient__dispatch=dispatch).count()
            messages.success(request, ngettext(
                "%(count)d copy is in transit under %(dispatch)s.", "%(count)d copies are in transit under %(dispatch)s.",
                count) % {"count": count, "dispatch": dispatch.label})
            return redirect("dispatch:detail", pk=dispatch.pk)
    return render(request, "dispatch/new.html", {"document": document, "form": form})


@login_required
def dispatch_detail(request, pk):
    dispatch = get_visible_or_404(
        visible_dispatches(request.user).select_related("registry__unit", "document", "sent_by"), pk=pk, request=request
    )
    recipients = list(dispatch.recipients.select_related("registry__unit", "receipt_recorded_by").order_by("pk"))
    for recipient in recipients:
        recipient.item_list = list(
            recipient.items.select_related("copy", "settled_by", "incident").order_by("copy__number")
        )
        recipient.offers = offers(request.user, recipient, receipt=services.check_record_returned_receipt)
        recipient.receipt_form = ReturnedReceiptForm(prefix=f"r{recipient.pk}") if recipient.offers["receipt"] else None
    return render(request, "dispatch/detail.html", {
        "dispatch": dispatch, "recipients": recipients, "document": dispatch.document,
        "can_print": check_print_dispatch_slip(dispatch, request.user) is None,
        "may_recall": check_recall_copies(dispatch.document, request.user) is None,
    })


@login_required
@require_POST
def print_dispatch(request, pk):
    dispatch = get_visible_or_404(visible_dispatches(request.user), pk=pk, request=request)
    return print_or_queue(request, "dispatch_slip", {"dispatch": dispatch.pk},
                          back=reverse("dispatch:detail", args=[dispatch.pk]))


@login_required
def record_receipt(request, pk):
    if request.method != "POST":
        raise Http404
    recipient = get_visible_or_404(visible_recipients(request.user).select_related("dispatch__registry__unit"), pk=pk,
                                   request=request)
    form = ReturnedReceiptForm(request.POST, prefix=f"r{recipient.pk}")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    else:
        data = form.cleaned_data
        done = attempt_with_message(request, services.record_returned_receipt, recipient=recipient,
                                    signed_by=data["signed_by"], signed_on=data["signed_on"], by=request.user,
                                    reason=data["reason"])
        if done is not None:
            messages.success(request, _("The receipt of %(organ)s is recorded.") % {"organ": recipient.name})
    return redirect("dispatch:detail", pk=recipient.dispatch_id)


# The recipient's side -----------------------------------------------------------------------------


@login_required
def incoming(request):
    """What is on its way to the registries this clerk keeps, a box for scanning, and what arrived lately."""
    if not registries_kept_by(request.user).exists():
        raise Http404
    form = ScanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        item = find_coming_in(request.user, form.cleaned_data["code"])
        if item is None:
            form.add_error("code", _(
                "No copy %(code)s is on its way to a registry you keep. Check the code, or report what arrived."
            ) % {"code": form.cleaned_data["code"]})
        else:
            received = attempt(form, services.receive_copy, item=item, by=request.user,
                               reason=form.cleaned_data["reason"])
            if received is not None:
                messages.success(request, _received_message(received))
                return redirect("dispatch:incoming")
    rows = []
    for item in coming_in(request.user):
        item.offers = offers(request.user, item, receive=services.check_receive_copy,
                             not_received=services.check_report_not_received)
        rows.append(item)
    settled = (
        incoming_items(request.user).exclude(status=ItemStatus.IN_TRANSIT)
        .select_related("copy__document", "recipient__dispatch__registry__unit", "received_copy__document", "settled_by")
        .order_by("-settled_at", "-pk")[:50]
    )
    return render(request, "dispatch/incoming.html", {"form": form, "rows": rows, "settled": settled})


def _received_message(item):
    copy = item.received_copy
    return _("Copy %(copy)s received and registered as %(number)s, copy %(n)d.") % {
        "copy": item.copy.label, "number": copy.document.registry_number, "n": copy.number,
    }


class Receive(StepView):
    selector = staticmethod(incoming_items)
    related = ("copy__document__registry__unit", "recipient__registry__unit")
    service = staticmethod(services.receive_copy)
    target = "item"

    def done(self, result, obj):
        return _received_message(result)

    def fallback(self, obj):
        return "dispatch:incoming"


@login_required
def not_received(request, pk):
    item = get_visible_or_404(
        incoming_items(request.user).select_related("copy__document__registry__unit", "recipient__registry__unit",
                                                    "recipient__dispatch__registry__unit"),
        pk=pk, request=request,
    )
    refusal = services.check_report_not_received(item, request.user)
    form = NotReceivedForm(request.POST or None)
    if request.method == "POST" and refusal is None and form.is_valid():
        data = form.cleaned_data
        incident = attempt(form, services.report_not_received, item=item, by=request.user, reason=data["reason"],
                           problem=data["problem"], circumstances=data["circumstances"])
        if incident is not None:
            messages.warning(request, _(
                "Copy %(copy)s is reported not received; %(unit)s has a loss incident to follow up."
            ) % {"copy": item.copy.label, "unit": item.recipient.dispatch.registry.unit})
            return redirect("dispatch:incoming")
    return render(request, "dispatch/not_received.html", {"item": item, "form": form, "refusal": refusal})

