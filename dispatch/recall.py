"""Recall (清退 from recipients): the issuer asks dispatched copies back, each recipient hands them back, the issuer confirms.

    requested ──hand back (recipient's clerk)──▶ returning ──confirm (issuer's clerk)──▶ recovered
    requested ──returned by the outside organ (issuer's clerk records it)──────────────▶ recovered

While a copy is on its way back the issuer's copy is *in transit* (held by no
one); the recipient's own registered copy is *returned to issuer* from the
moment its clerk hands it over. On recovery the issuer's copy is in its
registry again, as before it was dispatched.

Locks are taken recall item, then dispatched item, then copies (pk order): two
clerks confirming the same return queue on the recall item and the second finds
it recovered.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dispatch.models import DispatchItem, ItemStatus, Recall, RecallItem, RecallStatus
from documents.models import CopyStatus
from documents.models.copy import HELD_BY_PERSON
from documents.reasons import system_reason
from documents.selectors import may_know
from documents.services.copies import lock_copies, move, move_refusal
from documents.services.errors import Conflict, InvalidInput, InvalidState, NotPermitted, raise_if
from documents.services.holds import Procedure, hold_refusal
from documents.services.recording import require_reason, stamp
from documents.services.roles import clerk_refusal
from people.names import person_name

REASON_MAX_LENGTH = 500


def _reason(reason):
    reason = require_reason(reason)
    if len(reason) > REASON_MAX_LENGTH:
        raise InvalidInput({"reason": [_("Keep the reason under %d characters.") % REASON_MAX_LENGTH]})
    return reason


def _when(moment):
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


def recallable(document):
    """The document's dispatched copies that may be asked back now: received, and not asked back already."""
    return (
        DispatchItem.objects.filter(copy__document=document, status=ItemStatus.RECEIVED)
        .exclude(recall_items__status__in=[RecallStatus.REQUESTED, RecallStatus.RETURNING])
    )


# Asking copies back -----------------------------------------------------------------------------


def check_recall_copies(document, user):
    """May `user` recall copies of `document`? A clerk of its registry who knows it, with a copy received elsewhere."""
    refusal = clerk_refusal(user, document.registry)
    if refusal is not None:
        return refusal
    if not may_know(user, document):
        return NotPermitted()
    if not recallable(document).exists():
        return InvalidState(_("No copy of this document has been received by another unit or organ to be recalled."))
    return None


def _item_refusal(item, document):
    """Why this dispatched copy cannot be asked back, or None."""
    if item.copy.document_id != document.pk:
        return InvalidInput({"items": [_("Every copy recalled is a copy of this document.")]})
    copy, recipient = item.copy.label, item.recipient.name
    if item.status == ItemStatus.IN_TRANSIT:
        return InvalidState(
            _("Copy %(copy)s has not been received by %(recipient)s yet: only a received copy can be recalled.")
            % {"copy": copy, "recipient": recipient}
        )
    if item.status == ItemStatus.NOT_RECEIVED:
        return InvalidState(
            _("Copy %(copy)s was reported not received by %(recipient)s; its loss incident follows it, not a recall.")
            % {"copy": copy, "recipient": recipient}
        )
    if item.status == ItemStatus.RECOVERED:
        return InvalidState(_("Copy %(copy)s has already been recovered.") % {"copy": copy})
    if item.recall_items.filter(status__in=[RecallStatus.REQUESTED, RecallStatus.RETURNING]).exists():
        return InvalidState(_("Copy %(copy)s is already being recalled.") % {"copy": copy})
    return None


def recall_copies(*, document, items, by, reason) -> Recall:
    """Ask the recipients of these dispatched copies of `document` to return them; all of them, or none."""
    reason = _reason(reason)
    ids = sorted({getattr(item, "pk", item) for item in items})
    if not ids:
        raise InvalidInput({"items": [_("Choose at least one copy to recall.")]})
    try:
        with transaction.atomic():
            raise_if(check_recall_copies(document, by))
            locked = list(
                DispatchItem.objects.filter(pk__in=ids).order_by("pk").select_for_update(of=("self",))
                .select_related("copy__document__registry", "recipient__registry__unit")
            )
            if len(locked) != len(ids):
                raise InvalidInput({"items": [_("One of the copies was not dispatched.")]})
            for item in locked:
                raise_if(_item_refusal(item, document))
            recall = Recall(registry=document.registry, document=document, reason=reason, requested_by=by,
                            requested_at=timezone.now())
            stamp(recall, by=by, reason=reason).save()
            for item in locked:
                stamp(RecallItem(recall=recall, item=item), by=by, reason=reason).save()
    except IntegrityError as error:
        if "recall_item_one_open" in str(error):
            raise Conflict() from error
        raise
    return recall


# One recalled copy ------------------------------------------------------------------------------


def _lock(recall_item):
    """Lock the recall item, its dispatched item, then the issuer's and the recipient's copies; return it fresh."""
    recall_item = (
        RecallItem.objects.select_for_update(of=("self",))
        .select_related("recall__registry__unit", "recall__document")
        .get(pk=recall_item.pk)
    )
    item = (
        DispatchItem.objects.select_for_update(of=("self",))
        .select_related("recipient__registry__unit", "recipient__dispatch")
        .get(pk=recall_item.item_id)
    )
    copies = {copy.pk: copy for copy in lock_copies([c for c in (item.copy_id, item.received_copy_id) if c])}
    item.copy = copies[item.copy_id]
    if item.received_copy_id:
        item.received_copy = copies[item.received_copy_id]
    recall_item.item = item
    return recall_item


def _status_refusal(recall_item, wanted):
    """The recall item is not at `wanted`: say where it is."""
    if recall_item.status == wanted:
        return None
    copy = recall_item.item.copy.label
    if recall_item.status == RecallStatus.RECOVERED:
        return InvalidState(
            _("Copy %(copy)s was recovered on %(date)s by %(person)s; nothing more to do.")
            % {"copy": copy, "date": _when(recall_item.recovered_at), "person": person_name(recall_item.recovered_by)}
        )
    if recall_item.status == RecallStatus.RETURNING:
        return InvalidState(
            _("Copy %(copy)s was handed back on %(date)s and is on its way to %(unit)s.")
            % {"copy": copy, "date": _when(recall_item.handed_back_at), "unit": recall_item.recall.registry.unit}
        )
    return InvalidState(
        _("Copy %(copy)s has not been handed back by %(recipient)s yet.")
        % {"copy": copy, "recipient": recall_item.item.recipient.name}
    )


def check_hand_back(recall_item, user):
    """May `user` hand this recalled copy back? A clerk of the recipient registry, with the copy on their shelf."""
    recipient = recall_item.item.recipient
    if recipient.is_outside:
        return InvalidState(
            _("Copy %(copy)s is with an outside organ: the issuer's clerk records its return.")
            % {"copy": recall_item.item.copy.label}
        )
    refusal = clerk_refusal(user, recipient.registry)
    if refusal is not None:
        return refusal
    refusal = _status_refusal(recall_item, RecallStatus.REQUESTED)
    if refusal is not None:
        return refusal
    received = recall_item.item.received_copy
    if received.status in HELD_BY_PERSON:
        return InvalidState(
            _("Copy %(copy)s is %(status)s (%(person)s): take it back into the registry before handing it back.")
            % {"copy": received.label, "status": received.get_status_display().lower(),
               "person": person_name(received.holder)}
        )
    if received.status != CopyStatus.IN_REGISTRY:
        return InvalidState(
            _("Copy %(copy)s is %(status)s, not in the registry; nothing was done.")
            % {"copy": received.label, "status": received.get_status_display().lower()}
        )
    # Anything else holding it here (a list, an inventory, a loan asked for) stands in the way, as for any copy
    # leaving for good; a page of rows reads these holds at once first (holds.read_holds).
    return hold_refusal(received, Procedure.DISPOSE)


def hand_back(*, recall_item, by, reason) -> RecallItem:
    """The recipient's clerk hands a recalled copy back: it leaves their registry and is in transit to the issuer."""
    reason = _reason(reason)
    with transaction.atomic():
        recall_item = _lock(recall_item)
        raise_if(check_hand_back(recall_item, by))
        item, recall = recall_item.item, recall_item.recall
        move(item.received_copy, to=CopyStatus.RETURNED_TO_ISSUER, by=by, reason=system_reason(
            "Handed back to %(unit)s, their %(number)s copy %(copy)d (recall %(recall)s): %(reason)s",
            unit=recall.registry.unit.name, number=recall.document.registry_number, copy=item.copy.number,
            recall=recall.label, reason=reason,
        ))
        move(item.copy, to=CopyStatus.IN_TRANSIT, by=by, reason=system_reason(
            "Handed back by %(recipient)s (recall %(recall)s): %(reason)s",
            recipient=item.recipient.name, recall=recall.label, reason=reason,
        ))
        recall_item.status = RecallStatus.RETURNING
        recall_item.handed_back_by, recall_item.handed_back_at = by, timezone.now()
        stamp(recall_item, by=by, reason=reason).save()
    return recall_item


def _issuer_refusal(recall_item, user, *, outside):
    refusal = clerk_refusal(user, recall_item.recall.registry)
    if refusal is not None:
        return refusal
    recipient = recall_item.item.recipient
    if recipient.is_outside != outside:
        if outside:
            return InvalidState(
                _("%(unit)s is a unit of this registry: its clerk hands the copy back, then you confirm it arrived.")
                % {"unit": recipient.name}
            )
        return InvalidState(
            _("Copy %(copy)s is with an outside organ: record it returned instead.") % {"copy": recall_item.item.copy.label}
        )
    return None


def check_confirm_return(recall_item, user):
    """May `user` confirm the recalled copy arrived back? A clerk of the issuing registry, once it was handed back."""
    refusal = _issuer_refusal(recall_item, user, outside=False) or _status_refusal(recall_item, RecallStatus.RETURNING)
    return refusal or move_refusal(recall_item.item.copy, CopyStatus.IN_REGISTRY)


def check_record_organ_return(recall_item, user):
    """May `user` record that the outside organ returned this copy? A clerk of the issuing registry, while asked back."""
    refusal = _issuer_refusal(recall_item, user, outside=True) or _status_refusal(recall_item, RecallStatus.REQUESTED)
    return refusal or move_refusal(recall_item.item.copy, CopyStatus.IN_REGISTRY)


def _recover(recall_item, *, by, reason, line):
    item = recall_item.item
    move(item.copy, to=CopyStatus.IN_REGISTRY, by=by, reason=line)
    now = timezone.now()
    recall_item.status = RecallStatus.RECOVERED
    recall_item.recovered_by, recall_item.recovered_at = by, now
    stamp(recall_item, by=by, reason=reason).save()
    item.status = ItemStatus.RECOVERED
    stamp(item, by=by, reason=reason).save(update_fields=["status"])
    return recall_item


def confirm_return(*, recall_item, by, reason) -> RecallItem:
    """The issuer's clerk confirms the recalled copy arrived: it is in the issuer's registry again."""
    reason = _reason(reason)
    with transaction.atomic():
        recall_item = _lock(recall_item)
        raise_if(check_confirm_return(recall_item, by))
        return _recover(recall_item, by=by, reason=reason, line=system_reason(
            "Recovered from %(recipient)s (recall %(recall)s): %(reason)s",
            recipient=recall_item.item.recipient.name, recall=recall_item.recall.label, reason=reason,
        ))


def record_organ_return(*, recall_item, by, reason) -> RecallItem:
    """The issuer's clerk records that an outside organ returned the recalled copy: it is in the registry again."""
    reason = _reason(reason)
    with transaction.atomic():
        recall_item = _lock(recall_item)
        raise_if(check_record_organ_return(recall_item, by))
        return _recover(recall_item, by=by, reason=reason, line=system_reason(
            "Returned by %(organ)s (recall %(recall)s): %(reason)s",
            organ=recall_item.item.recipient.name, recall=recall_item.recall.label, reason=reason,
        ))
