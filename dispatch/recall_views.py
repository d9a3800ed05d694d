"""Recall pages: the issuer asks copies back and confirms them home; the recipient's clerk hands them back.

Thin, like dispatch.views: each page reads through dispatch.selectors, offers
what the step's check allows and calls dispatch.recall.
"""

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dispatch import recall as services
from dispatch.forms import HandBackForm, RecallForm
from dispatch.models import RecallStatus
from dispatch.selectors import (
    handed_back_by,
    recalled_from,
    returns_to_confirm,
    visible_dispatches,
    visible_recall_items,
    visible_recalls,
)
from documents.inbox import LIMIT, Action, Row, Section, _offer, _total
from documents.selectors import registries_kept_by, visible_documents
from documents.services.holds import Procedure, read_holds
from documents.views.steps import StepView, attempt, offers
from documents.views.utils import get_visible_or_404


# The issuer's side --------------------------------------------------------------------------------


@login_required
def new_recall(request, document_id):
    """Ask copies of a document back: every received copy ticked, or those of one dispatch list (?dispatch=)."""
    document = get_visible_or_404(visible_documents(request.user).select_related("registry__unit"), pk=document_id,
                                  request=request)
    refusal = services.check_recall_copies(document, request.user)
    if refusal is not None:
        messages.error(request, refusal.message)
        return redirect("documents:detail", pk=document.pk)
    items = services.recallable(document).select_related("copy", "recipient__registry__unit").order_by("copy__number")
    dispatch = request.GET.get("dispatch", "")
    if dispatch.isdigit():
        get_visible_or_404(visible_dispatches(request.user).filter(document=document), pk=dispatch, request=request)
        items = items.filter(recipient__dispatch_id=dispatch)
    form = RecallForm(request.POST or None, items=items)
    if request.method == "POST" and form.is_valid():
        recall = attempt(form, services.recall_copies, document=document, items=form.chosen(), by=request.user,
                         reason=form.cleaned_data["reason"])
        if recall is not None:
            count = recall.items.count()
            messages.success(request, ngettext(
                "%(count)d copy is asked back under %(recall)s.", "%(count)d copies are asked back under %(recall)s.",
                count) % {"count": count, "recall": recall.label})
            return redirect("dispatch:recall", pk=recall.pk)
    return render(request, "dispatch/recall_new.html", {"document": document, "form": form})


def recall_units(user, recall_items):
    """The recall's copies per recipient, each unit with what is recovered and what is outstanding."""
    units = []
    for _key, group in groupby(recall_items, key=lambda row: row.item.recipient_id):
        rows = list(group)
        for row in rows:
            row.offers = offers(user, row, confirm=services.check_confirm_return,
                                organ_return=services.check_record_organ_return)
        recovered = sum(1 for row in rows if row.status == RecallStatus.RECOVERED)
        units.append({"recipient": rows[0].item.recipient, "rows": rows, "recovered": recovered,
                      "outstanding": len(rows) - recovered})
    return units


@login_required
def recall_detail(request, pk):
    recall = get_visible_or_404(
        visible_recalls(request.user).select_related("registry__unit", "document", "requested_by"), pk=pk,
        request=request,
    )
    rows = (
        recall.items.select_related("item__copy__document", "item__recipient__registry__unit", "handed_back_by",
                                    "recovered_by", "recall__registry__unit")
        .order_by("item__recipient_id", "item__copy__number")
    )
    units = recall_units(request.user, rows)
    return render(request, "dispatch/recall_detail.html", {
        "recall": recall, "document": recall.document, "units": units,
        "recovered": sum(unit["recovered"] for unit in units),
        "outstanding": sum(unit["outstanding"] for unit in units),
    })


RECALL_ITEM_RELATED = ("recall__registry__unit", "recall__document", "item__copy__document",
                       "item__recipient__registry__unit", "item__recipient__dispatch", "item__received_copy__document",
                       "handed_back_by", "recovered_by")


class ConfirmReturn(StepView):
    selector = staticmethod(visible_recall_items)
    related = RECALL_ITEM_RELATED
    service = staticmethod(services.confirm_return)
    target = "recall_item"

    def done(self, result, obj):
        return _("Copy %(copy)s is back in your registry.") % {"copy": result.item.copy.label}

    def fallback(self, obj):
        return reverse("dispatch:recall", args=[obj.recall_id])


class RecordOrganReturn(ConfirmReturn):
    service = staticmethod(services.record_organ_return)

    def done(self, result, obj):
        return _("Copy %(copy)s is recorded returned by %(organ)s and is back in your registry.") % {
            "copy": result.item.copy.label, "organ": result.item.recipient.name,
        }


# The recipient's side -----------------------------------------------------------------------------


@login_required
def recalled(request):
    """Copies the issuers ask back from the registries this clerk keeps, and what was handed back lately."""
    if not registries_kept_by(request.user).exists():
        raise Http404
    rows = list(recalled_from(request.user))
    read_holds([row.item.received_copy for row in rows], Procedure.DISPOSE)
    for row in rows:
        row.offers = offers(request.user, row, hand_back=services.check_hand_back)
    return render(request, "dispatch/recalled.html", {"rows": rows, "handed": handed_back_by(request.user)[:50]})


@login_required
def hand_back(request, pk):
    """The confirmation page of a hand-back: the copy leaves this registry for good."""
    row = get_visible_or_404(visible_recall_items(request.user).select_related(*RECALL_ITEM_RELATED), pk=pk,
                             request=request)
    refusal = services.check_hand_back(row, request.user)
    form = HandBackForm(request.POST or None)
    if request.method == "POST" and refusal is None and form.is_valid():
        done = attempt(form, services.hand_back, recall_item=row, by=request.user, reason=form.cleaned_data["reason"])
        if done is not None:
            messages.success(request, _("Copy %(copy)s is handed back and on its way to %(unit)s.") % {
                "copy": row.item.received_copy.label, "unit": row.recall.registry.unit,
            })
            return redirect("dispatch:recalled")
    return render(request, "dispatch/hand_back.html", {"row": row, "form": form, "refusal": refusal})


# The inbox (dispatch.apps) ------------------------------------------------------------------------


def recalled_section(user):
    """The recipient clerk's inbox: copies an issuer asks back, each a link to its hand-back page."""
    items = recalled_from(user)
    rows = []
    shown = list(items[:LIMIT])
    read_holds([row.item.received_copy for row in shown], Procedure.DISPOSE)
    for row in shown:
        actions, note = _offer(services.check_hand_back, row, user,
                               Action(_("Hand back"), reverse("dispatch:hand_back", args=[row.pk]), primary=True))
        received = row.item.received_copy
        rows.append(Row(
            key=f"recall-item-{row.pk}", kind=_("Recall"), label=received.label,
            url=reverse("dispatch:recalled") + f"#recall-item-{row.pk}", title=received.document.title,
            document=received.document, who=_("asked back by %(unit)s") % {"unit": row.recall.registry.unit},
            since=row.recall.requested_at, actions=actions, note=note,
        ))
    return Section("recalled", _("Copies asked back"), rows, _total(rows, items), more_url=reverse("dispatch:recalled"))


def returning_section(user):
    """The issuer clerk's inbox: recalled copies handed back, to confirm as they arrive."""
    items = returns_to_confirm(user)
    rows = []
    for row in items[:LIMIT]:
        actions, note = _offer(
            services.check_confirm_return, row, user,
            Action(_("Confirm receipt"), reverse("dispatch:confirm_return", args=[row.pk]),
                   reason=_("Returned and checked"), primary=True),
        )
        copy = row.item.copy
        rows.append(Row(
            key=f"returning-{row.pk}", kind=_("Recall"), label=copy.label,
            url=reverse("dispatch:recall", args=[row.recall_id]) + f"#recall-item-{row.pk}", title=copy.document.title,
            document=copy.document, who=_("handed back by %(unit)s") % {"unit": row.item.recipient.name},
            since=row.handed_back_at, actions=actions, note=note,
        ))
    return Section("returning", _("Recalled copies on their way back"), rows, _total(rows, items))
