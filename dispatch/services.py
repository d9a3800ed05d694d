"""Dispatch (分发) and receipt (签收): copies travel from one unit's registry to another unit or an outside organ.

Each step is one function with its `check_<step>(target, user)` (docs/walkthrough.md).
Locks are taken recipient, then item, then copy, always in that order, so two
clerks confirming the same receipt queue on the recipient row and the second
finds the copy received.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dispatch.models import Dispatch, DispatchItem, DispatchRecipient, ItemStatus, Problem
from documents.models import Copy, CopyStatus, Direction, Document, Incident, IncidentKind, Registry
from documents.reasons import system_reason
from documents.selectors import may_know
from documents.services.copies import lock_copies, lock_copy, move, move_refusal
from documents.services.errors import Conflict, InvalidInput, InvalidState, NotPermitted, raise_if
from documents.services.holds import disposable_refusal
from documents.services.recording import require_reason, stamp, visible_text
from documents.services.registration import register_document
from documents.services.roles import clerk_refusal

REASON_MAX_LENGTH = 500
TEXT_MAX_LENGTH = 4000
# What the recipient's incoming document keeps of the issuer's, as it is.
KEPT_FIELDS = (
    # The type too: a telegram received is still a telegram (documents/services/telegrams.py).
    "document_type", "title", "originating_organ", "reference_number", "level", "secrecy_period_years", "date_classified",
    "pages", "attachments", "urgency", "medium",
)


def _reason(reason):
    reason = require_reason(reason)
    if len(reason) > REASON_MAX_LENGTH:
        raise InvalidInput({"reason": [_("Keep the reason under %d characters.") % REASON_MAX_LENGTH]})
    return reason


# Dispatch ---------------------------------------------------------------------------------------


def check_dispatch_copies(document, user):
    """May `user` dispatch copies of `document` now? A clerk of its registry who knows it, with a copy on the shelf."""
    refusal = clerk_refusal(user, document.registry)
    if refusal is not None:
        return refusal
    if not may_know(user, document):
        return NotPermitted()
    if not document.has_copy_in_registry:
        return InvalidState(_("No copy of this document is in the registry to be dispatched."))
    return None


def _recipient_key(document, target, errors):
    """("registry", pk) or ("organ", name) for one line's recipient; a bad one goes into `errors`."""
    if isinstance(target, Registry):
        if target.pk == document.registry_id:
            errors.setdefault("lines", []).append(_("A copy is dispatched to another unit, not to its own registry."))
        return ("registry", target.pk)
    organ = visible_text(target)
    if not organ:
        errors.setdefault("lines", []).append(_("Name the outside organ each copy goes to."))
    elif len(organ) > 200:
        errors.setdefault("lines", []).append(_("Keep an organ's name under 200 characters."))
    return ("organ", organ)


def dispatch_copies(*, document, lines, by, reason) -> Dispatch:
    """Send copies of `document` out: `lines` is [(copy, recipient)], a recipient a Registry or an outside organ's name.

    Every copy goes in transit, held by no one, until it is received or
    reported not received; all of them go, or none.
    """
    reason = _reason(reason)
    errors = {}
    if not lines:
        errors["lines"] = [_("Choose at least one copy and where it goes.")]
    keys = [(copy, _recipient_key(document, target, errors)) for copy, target in lines]
    copy_ids = [getattr(copy, "pk", copy) for copy, _key in keys]
    if len(set(copy_ids)) != len(copy_ids):
        errors.setdefault("lines", []).append(_("A copy can go to one recipient only."))
    if errors:
        raise InvalidInput(errors)
    try:
        with transaction.atomic():
            locked = {copy.pk: copy for copy in lock_copies(copy_ids)}
            raise_if(check_dispatch_copies(document, by))
            if any(copy.document_id != document.pk for copy in locked.values()):
                raise InvalidInput({"lines": [_("Every copy on a dispatch list is a copy of this document.")]})
            raise_if(disposable_refusal(list(locked.values()), registry=document.registry, by=by))
            dispatch = Dispatch(registry=document.registry, document=document, reason=reason, sent_by=by,
                                sent_at=timezone.now())
            stamp(dispatch, by=by, reason=reason).save()
            recipients = {}
            for copy_id, (kind, value) in zip(copy_ids, (key for _copy, key in keys)):
                recipient = recipients.get((kind, value))
                if recipient is None:
                    recipient = DispatchRecipient(dispatch=dispatch, **({"registry_id": value} if kind == "registry" else {"organ": value}))
                    stamp(recipient, by=by, reason=reason).save()
                    recipients[(kind, value)] = recipient
                copy = locked[copy_id]
                stamp(DispatchItem(recipient=recipient, copy=copy), by=by, reason=reason).save()
                move(copy, to=CopyStatus.IN_TRANSIT, by=by, reason=system_reason(
                    "Dispatched to %(recipient)s (%(dispatch)s): %(reason)s",
                    recipient=recipient.name, dispatch=dispatch.label, reason=reason,
                ))
    except IntegrityError as error:
        if "dispatch_item_one_in_transit" in str(error):
            raise Conflict() from error
        raise
    return dispatch


# Receipt by a unit of this registry -------------------------------------------------------------


def _lock_item(item):
    """Lock the item's recipient, the item, then its copy; return the fresh item with them attached."""
    recipient = (
        DispatchRecipient.objects.select_for_update(of=("self",))
        .select_related("dispatch__registry__unit", "registry__unit")
        .get(pk=item.recipient_id)
    )
    item = DispatchItem.objects.select_for_update(of=("self",)).get(pk=item.pk)
    item.recipient = recipient
    item.copy = lock_copy(item.copy_id)
    return item


def _settle_refusal(item, user):
    """Whether `user` is the clerk who settles this item's arrival now: its recipient registry's, while in transit."""
    recipient = item.recipient
    if recipient.is_outside:
        return InvalidState(
            _("Copy %(copy)s went to an outside organ: record its returned receipt instead.") % {"copy": item.copy.label}
        )
    refusal = clerk_refusal(user, recipient.registry)
    if refusal is not None:
        return refusal
    if item.status == ItemStatus.RECEIVED:
        return InvalidState(
            _("Copy %(copy)s was received on %(date)s; nothing more to confirm.")
            % {"copy": item.copy.label, "date": f"{timezone.localtime(item.settled_at):%Y-%m-%d %H:%M}"}
        )
    if item.status == ItemStatus.NOT_RECEIVED:
        return InvalidState(_("Copy %(copy)s was reported not received.") % {"copy": item.copy.label})
    # Reported lost by the issuer meanwhile (the courier lost it): nothing arrives any more.
    return move_refusal(item.copy, CopyStatus.DELIVERED)


def check_receive_copy(item, user):
    """May `user` confirm receipt of this copy now? A clerk of the recipient registry, while the copy is in transit."""
    return _settle_refusal(item, user)


def check_report_not_received(item, user):
    """May `user` report this copy not received (or the wrong one)? The same clerk, at the same moment."""
    return _settle_refusal(item, user)


def _incoming_fields(source):
    return {name: getattr(source, name) for name in KEPT_FIELDS}


def receive_copy(*, item, by, reason) -> DispatchItem:
    """The recipient's clerk confirms a copy arrived: it is registered there, with the issuer's numbers.

    The first copy of a dispatch list to arrive registers the incoming
    document (a registry number of the recipient's own, the issuer's
    reference number, level, period and copy number kept); later copies of
    the same list join it under their own numbers. The issuer's copy is
    then delivered: its custody is the recipient's.
    """
    reason = _reason(reason)
    with transaction.atomic():
        item = _lock_item(item)
        raise_if(check_receive_copy(item, by))
        recipient, copy = item.recipient, item.copy
        dispatch = recipient.dispatch
        source = copy.document
        copy_reason = system_reason(
            "Received from %(unit)s, their %(number)s copy %(copy)d (%(dispatch)s): %(reason)s",
            unit=dispatch.registry.unit.name, number=source.registry_number, copy=copy.number,
            dispatch=dispatch.label, reason=reason,
        )
        if recipient.incoming_document_id is None:
            incoming = register_document(
                registry=recipient.registry, by=by, reason=copy_reason, copy_numbers=[copy.number],
                direction=Direction.INCOMING, **_incoming_fields(source),
                received_on=timezone.localdate(), received_from_registry=dispatch.registry,
                sender_registry_number=source.registry_number,
            )
            recipient.incoming_document = incoming
            stamp(recipient, by=by, reason=copy_reason).save(update_fields=["incoming_document"])
            received = incoming.copies.get()
        else:
            incoming = Document.objects.select_for_update().get(pk=recipient.incoming_document_id)
            received = Copy(document=incoming, number=copy.number, status=CopyStatus.IN_REGISTRY)
            stamp(received, by=by, reason=copy_reason).save()
            incoming.copies_count += 1
            stamp(incoming, by=by, reason=copy_reason).save(update_fields=["copies_count"])
        item.status = ItemStatus.RECEIVED
        item.received_copy = received
        item.settled_by, item.settled_at = by, timezone.now()
        stamp(item, by=by, reason=reason).save()
        move(copy, to=CopyStatus.DELIVERED, by=by, reason=system_reason(
            "Received by %(recipient)s (%(dispatch)s): %(reason)s",
            recipient=recipient.name, dispatch=dispatch.label, reason=reason,
        ))
    return item


def report_not_received(*, item, by, reason, problem, circumstances) -> Incident:
    """The recipient's clerk reports a copy on the list did not arrive (or another came instead): an incident opens.

    The copy sent is then lost to the issuer's ledger, like any loss, until
    a leader of the issuing unit closes the incident.
    """
    reason = _reason(reason)
    errors = {}
    if problem not in Problem.values:
        errors["problem"] = [_("Say whether the copy did not arrive or another one came instead.")]
    circumstances = visible_text(circumstances)
    if not circumstances:
        errors["circumstances"] = [_("Describe what arrived and what did not: the envelope, its seal, the copy numbers.")]
    elif len(circumstances) > TEXT_MAX_LENGTH:
        errors["circumstances"] = [_("Keep this under %d characters.") % TEXT_MAX_LENGTH]
    if errors:
        raise InvalidInput(errors)
    with transaction.atomic():
        item = _lock_item(item)
        raise_if(check_report_not_received(item, by))
        recipient, copy = item.recipient, item.copy
        line = system_reason(
            "Not received by %(recipient)s (%(dispatch)s): %(reason)s",
            recipient=recipient.name, dispatch=recipient.dispatch.label, reason=reason,
        )
        move(copy, to=CopyStatus.LOST, by=by, reason=line)
        now = timezone.now()
        incident = Incident(kind=IncidentKind.LOST_COPY, unit=copy.document.registry.unit, copy=copy, reported_by=by,
                            reported_at=now, discovered_at=now, circumstances=line + "\n" + circumstances)
        stamp(incident, by=by, reason=reason).save()
        item.status = ItemStatus.NOT_RECEIVED
        item.problem = problem
        item.incident = incident
        item.settled_by, item.settled_at = by, now
        stamp(item, by=by, reason=reason).save()
    return incident


# The returned receipt of an outside organ (回执) -------------------------------------------------


def check_record_returned_receipt(recipient, user):
    """May `user` record the receipt an outside organ signed and sent back? The issuing registry's clerk, once."""
    refusal = clerk_refusal(user, recipient.dispatch.registry)
    if refusal is not None:
        return refusal
    if not recipient.is_outside:
        return InvalidState(
            _("%(unit)s is a unit of this registry: its clerk confirms receipt copy by copy.") % {"unit": recipient.name}
        )
    if recipient.receipt_recorded_at is not None:
        return InvalidState(
            _("The receipt of %(organ)s was recorded on %(date)s.")
            % {"organ": recipient.name, "date": f"{timezone.localtime(recipient.receipt_recorded_at):%Y-%m-%d}"}
        )
    return None


def record_returned_receipt(*, recipient, signed_by, signed_on, by, reason) -> DispatchRecipient:
    """The issuing clerk records who at the outside organ signed the receipt slip, and when: its copies are delivered."""
    reason = _reason(reason)
    signed_by = visible_text(signed_by)
    errors = {}
    if not signed_by:
        errors["signed_by"] = [_("Name who signed the receipt.")]
    elif len(signed_by) > 200:
        errors["signed_by"] = [_("Keep a name under 200 characters.")]
    if signed_on is None:
        errors["signed_on"] = [_("Give the date on the receipt.")]
    elif signed_on > timezone.localdate():
        errors["signed_on"] = [_("This date is in the future.")]
    if errors:
        raise InvalidInput(errors)
    with transaction.atomic():
        recipient = (
            DispatchRecipient.objects.select_for_update(of=("self",))
            .select_related("dispatch__registry__unit")
            .get(pk=recipient.pk)
        )
        raise_if(check_record_returned_receipt(recipient, by))
        items = list(
            DispatchItem.objects.filter(recipient=recipient, status=ItemStatus.IN_TRANSIT)
            .order_by("pk").select_for_update(of=("self",))
        )
        copies = {copy.pk: copy for copy in lock_copies([item.copy_id for item in items])}
        now = timezone.now()
        recipient.receipt_signed_by, recipient.receipt_signed_on = signed_by, signed_on
        recipient.receipt_recorded_by, recipient.receipt_recorded_at = by, now
        stamp(recipient, by=by, reason=reason).save()
        copy_reason = system_reason(
            "Receipt signed by %(signer)s on %(date)s (%(dispatch)s): %(reason)s",
            signer=signed_by, date=signed_on.isoformat(), dispatch=recipient.dispatch.label, reason=reason,
        )
        for item in items:
            item.status = ItemStatus.RECEIVED
            item.settled_by, item.settled_at = by, now
            stamp(item, by=by, reason=reason).save()
            move(copies[item.copy_id], to=CopyStatus.DELIVERED, by=by, reason=copy_reason)
    return recipient
