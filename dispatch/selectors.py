"""What a person may see of dispatches.

The issuer's side starts from visible_documents: whoever may know the
document sees where its copies went. The recipient's side is only the
items addressed to a registry the person keeps: a recipient learns of the
issuer's registry the copies sent to it, and nothing else (no link to the
issuer's document, no other recipient).
"""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from dispatch.models import Dispatch, DispatchItem, DispatchRecipient, ItemStatus, Recall, RecallItem, RecallStatus
from documents.codes import parse_copy_code
from documents.selectors import registries_kept_by, visible_documents


def visible_dispatches(user):
    return Dispatch.objects.filter(document__in=visible_documents(user).values("pk"))


def visible_recipients(user):
    """The issuer's side of each recipient (a returned receipt is recorded on it)."""
    return DispatchRecipient.objects.filter(dispatch__document__in=visible_documents(user).values("pk"))


def incoming_items(user):
    """Copies sent to a registry this person keeps as its clerk, whatever became of them."""
    return DispatchItem.objects.filter(recipient__registry__in=registries_kept_by(user))


def coming_in(user):
    """Copies on their way to a registry this person keeps, oldest first."""
    return (
        incoming_items(user)
        .filter(status=ItemStatus.IN_TRANSIT)
        .select_related("copy__document__registry__unit", "recipient__registry__unit", "recipient__dispatch__sent_by")
        .order_by("recipient__dispatch__sent_at", "pk")
    )


def items_of_document(document):
    """Every item about `document`, in one query: its copies sent out, and the copies it was registered from.

    The caller has found the document in scope. A copy of it sent out is the
    issuer's side (where it is now); an item received as this document is
    the recipient's side (where it came from).
    """
    return (
        DispatchItem.objects.filter(Q(copy__document=document) | Q(recipient__incoming_document=document))
        .select_related(
            "copy", "recipient__registry__unit", "recipient__dispatch__registry__unit", "recipient__dispatch__document",
            "recipient__dispatch__sent_by", "settled_by", "incident",
        )
        .order_by("copy__number", "-pk")
    )


def find_coming_in(user, text):
    """The copy in transit to a registry `user` keeps that a typed or scanned code names, or None."""
    code = parse_copy_code(text)
    if code is None:
        return None
    return (
        coming_in(user)
        .filter(copy__number=code.number, **{
            "copy__document__registry__code__iexact": code.registry,
            "copy__document__year": code.year,
            "copy__document__serial": code.serial,
        })
        .first()
    )


# Recall (清退) -----------------------------------------------------------------------------------


def visible_recalls(user):
    """The issuer's recalls: whoever may know the document sees what was asked back and what came home."""
    return Recall.objects.filter(document__in=visible_documents(user).values("pk"))


def visible_recall_items(user):
    """Recalled copies this person may act on or see: the issuer's side (document in scope) or the recipient clerk's."""
    return RecallItem.objects.filter(
        Q(recall__document__in=visible_documents(user).values("pk"))
        | Q(item__recipient__registry__in=registries_kept_by(user))
    )


def recalled_from(user):
    """Copies asked back from a registry this person keeps, not yet handed back, oldest request first."""
    return (
        RecallItem.objects.filter(item__recipient__registry__in=registries_kept_by(user), status=RecallStatus.REQUESTED)
        .select_related(
            "recall__registry__unit", "recall__requested_by", "item__copy__document",
            "item__recipient__registry__unit", "item__received_copy__document", "item__received_copy__holder",
        )
        .order_by("recall__requested_at", "pk")
    )


def handed_back_by(user):
    """Recalled copies a registry this person keeps has handed back (or seen recovered), newest first."""
    return (
        RecallItem.objects.filter(item__recipient__registry__in=registries_kept_by(user))
        .exclude(status=RecallStatus.REQUESTED)
        .select_related("recall__registry__unit", "item__copy__document", "item__received_copy__document",
                        "handed_back_by")
        .order_by("-handed_back_at", "-pk")
    )


def returns_to_confirm(user):
    """Recalled copies on their way back to a registry this person keeps, oldest hand-back first."""
    return (
        RecallItem.objects.filter(
            recall__registry__in=registries_kept_by(user), recall__document__in=visible_documents(user).values("pk"),
            status=RecallStatus.RETURNING,
        )
        .select_related("recall__registry__unit", "item__copy__document", "item__recipient__registry__unit",
                        "handed_back_by")
        .order_by("handed_back_at", "pk")
    )


def whereabouts(copies):
    """{copy pk: where it is} for the issuer's copies in transit or with another unit (the ledger's holder column).

    One query: each copy's latest dispatched item, with its recipient and any recall on its way back.
    """
    texts = {}
    items = (
        DispatchItem.objects.filter(copy__in=[copy.pk for copy in copies])
        .select_related("recipient__registry__unit")
        .order_by("copy_id", "pk")
    )
    latest = {item.copy_id: item for item in items}
    returning = set(
        RecallItem.objects.filter(item__in=[item.pk for item in latest.values()], status=RecallStatus.RETURNING)
        .values_list("item_id", flat=True)
    )
    for copy_id, item in latest.items():
        unit = item.recipient.name
        if item.pk in returning:
            texts[copy_id] = _("on its way back from %(unit)s") % {"unit": unit}
        elif item.status == ItemStatus.IN_TRANSIT:
            texts[copy_id] = _("in transit to %(unit)s") % {"unit": unit}
        elif item.status == ItemStatus.RECEIVED:
            texts[copy_id] = _("%(unit)s, received %(date)s") % {
                "unit": unit, "date": f"{timezone.localtime(item.settled_at):%Y-%m-%d}"}
    return texts
