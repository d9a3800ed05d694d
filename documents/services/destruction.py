"""Destruction (销毁): the clerk lists copies, a leader who did not prepare the list approves it,
and the clerk records its execution before two witnesses, each of whom confirms it with their
own password (and code): on the clerk's form, or later from their inbox. The list is executed
(copies destroyed, devices scrapped) when the second witness confirms; until then it stays
approved. An executed list is final. Approving a list needs the leader's step-up
(accounts.services.reauth).

A list may also hold classified computers and storage media: scrapping a device is this same
procedure, and its execution marks every listed device scrapped (carriers.services.scrap_device).
A medium that carries electronic copies is listed only together with them (require_scrappable).

Lock order, everywhere: the list first, then its copies in pk order, then its devices in pk order.

Each step has its check (`check_approve_destruction_list(dlist, user)` ...): the
reason this user may not take it now, or None; the step raises it under its
lock, pages ask it to decide what to offer.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.services.reauth import require_step_up, step_up_refusal
from carriers.services import lock_devices, require_scrappable, scrap_device
from documents.models import (
    CopyStatus,
    DestructionDeviceItem,
    DestructionItem,
    DestructionList,
    DestructionMethod,
    DestructionStatus,
)
from documents.reasons import system_reason
from documents.selectors import eligible_witnesses, visible_documents
from documents.services.copies import lock_copies, move
from documents.services.errors import Conflict, InvalidInput, InvalidState, NotPermitted, SeparationOfDuties, raise_if
from documents.services.holds import disposable_refusal, require_disposable
from documents.services.recording import require_reason, stamp, visible_text
from documents.services.roles import clerk_refusal, leader_refusal
from people.names import person_name


def _conflict(error):
    if "destruction_item_one_open_list" in str(error) or "destruction_item_unique_copy" in str(error):
        return Conflict(_("One of these copies was put on another destruction list a moment ago; reload and try again."))
    if "destruction_device_one_open_list" in str(error) or "destruction_device_unique" in str(error):
        return Conflict(_("One of these devices was put on another destruction list a moment ago; reload and try again."))
    return None


def _locked(dlist):
    return DestructionList.objects.select_for_update(of=("self",)).select_related("registry__unit").get(pk=dlist.pk)


def _status_refusal(dlist, *statuses):
    if dlist.status not in statuses:
        if dlist.status == DestructionStatus.EXECUTED:
            return InvalidState(_("Destruction list %(list)s has been executed; it is final.") % {"list": dlist.label})
        return InvalidState(
            _("Destruction list %(list)s is %(status)s; this step is not possible now.")
            % {"list": dlist.label, "status": dlist.get_status_display().lower()}
        )
    return None


def _clerk_at(dlist, user, *statuses):
    return clerk_refusal(user, dlist.registry) or _status_refusal(dlist, *statuses)


def _sees_every_copy_refusal(dlist, user):
    documents = set(dlist.items.values_list("copy__document_id", flat=True))
    if visible_documents(user).filter(pk__in=documents).count() != len(documents):
        return NotPermitted(_("Only a leader in the knowledge scope of every copy on the list can decide on it."))
    return None


def check_prepare_destruction_list(registry, user):
    """May `user` start a destruction list in `registry`? Its clerks."""
    return clerk_refusal(user, registry)


def check_add_to_destruction_list(dlist, user):
    """May `user` put copies or devices on this list now? A clerk of its unit, while it is a draft."""
    return _clerk_at(dlist, user, DestructionStatus.DRAFT)


def check_remove_from_destruction_list(dlist, user):
    return _clerk_at(dlist, user, DestructionStatus.DRAFT)


def check_submit_destruction_list(dlist, user):
    """May `user` send this list to a leader now? A clerk, a draft that holds something."""
    refusal = _clerk_at(dlist, user, DestructionStatus.DRAFT)
    if refusal is None and not dlist.items.exists() and not dlist.device_items.exists():
        refusal = InvalidState(_("The list holds no copy or device; add some before submitting it."))
    return refusal


def check_approve_destruction_list(dlist, user):
    """May `user` approve this list now? A leader who did not prepare it and knows every copy on it."""
    refusal = leader_refusal(user, dlist.registry) or _status_refusal(dlist, DestructionStatus.SUBMITTED)
    if refusal is None and user.pk == dlist.prepared_by_id:
        refusal = SeparationOfDuties(_("You prepared this list; another leader must approve it."))
    return refusal or _sees_every_copy_refusal(dlist, user)


def check_reject_destruction_list(dlist, user):
    """May `user` refuse this list, or withdraw its approval, now? A leader who knows every copy on it."""
    refusal = leader_refusal(user, dlist.registry) or _status_refusal(
        dlist, DestructionStatus.SUBMITTED, DestructionStatus.APPROVED
    )
    return refusal or _sees_every_copy_refusal(dlist, user)


def check_execute_destruction_list(dlist, user, *, copies=None):
    """May `user` carry out this list now? A clerk who did not approve it, every copy still free to destroy.

    `copies`: the list's copies, locked by the step; a page leaves it out and they are read.
    """
    refusal = _clerk_at(dlist, user, DestructionStatus.APPROVED)
    if refusal is None and user.pk == dlist.approved_by_id:
        refusal = SeparationOfDuties(_("You approved this list; another clerk must carry out the destruction."))
    if refusal is None:
        if copies is None:
            copies = [item.copy for item in dlist.items.select_related("copy__document").order_by("copy_id")]
        refusal = disposable_refusal(copies, registry=dlist.registry, by=user, ignore_list=dlist)
    return refusal


def _add(dlist, copies, devices, *, by, reason):
    if not copies and not devices:
        raise InvalidInput({"copies": [_("Choose at least one copy or device.")]})
    if copies:
        locked = lock_copies(copies)
        require_disposable(locked, registry=dlist.registry, by=by, ignore_list=dlist)
        already = set(dlist.items.values_list("copy_id", flat=True))
        for copy in locked:
            if copy.pk not in already:
                stamp(DestructionItem(list=dlist, copy=copy), by=by, reason=reason).save()
    if devices:
        # After the copies: a medium may be listed together with the copies it carries.
        locked_devices = lock_devices(devices)
        listed = set(dlist.items.values_list("copy_id", flat=True))
        require_scrappable(locked_devices, registry=dlist.registry, listed_copy_ids=listed, by=by, ignore_list=dlist)
        already = set(dlist.device_items.values_list("device_id", flat=True))
        for device in locked_devices:
            if device.pk not in already:
                stamp(DestructionDeviceItem(list=dlist, device=device), by=by, reason=reason).save()


def prepare_destruction_list(*, registry, copies=(), devices=(), by, reason) -> DestructionList:
    """A draft list of copies and/or devices (classified computers, storage media) of one registry's unit."""
    reason = require_reason(reason)
    raise_if(check_prepare_destruction_list(registry, by))
    try:
        with transaction.atomic():
            dlist = DestructionList(registry=registry, prepared_by=by, reason=reason)
            stamp(dlist, by=by, reason=reason).save()
            _add(dlist, copies, devices, by=by, reason=reason)
    except IntegrityError as error:
        conflict = _conflict(error)
        if conflict is None:
            raise
        raise conflict from error
    return dlist


def add_to_destruction_list(*, dlist, copies=(), devices=(), by, reason) -> DestructionList:
    reason = require_reason(reason)
    try:
        with transaction.atomic():
            dlist = _locked(dlist)
            raise_if(check_add_to_destruction_list(dlist, by))
            _add(dlist, copies, devices, by=by, reason=reason)
    except IntegrityError as error:
        conflict = _conflict(error)
        if conflict is None:
            raise
        raise conflict from error
    return dlist


def remove_from_destruction_list(*, dlist, copies=(), devices=(), by, reason) -> DestructionList:
    reason = require_reason(reason)
    with transaction.atomic():
        dlist = _locked(dlist)
        raise_if(check_remove_from_destruction_list(dlist, by))
        items = list(dlist.items.filter(copy__in=[getattr(c, "pk", c) for c in copies]).order_by("pk"))
        device_items = list(dlist.device_items.filter(device__in=[getattr(d, "pk", d) for d in devices]).order_by("pk"))
        if not items and not device_items:
            raise InvalidInput({"copies": [_("Choose at least one copy or device on this list to remove.")]})
        for item in items + device_items:
            stamp(item, by=by, reason=reason).delete()
        # A medium left on the list still needs every copy it carries on it.
        remaining = lock_devices(dlist.device_items.values_list("device_id", flat=True))
        listed = set(dlist.items.values_list("copy_id", flat=True))
        require_scrappable(remaining, registry=dlist.registry, listed_copy_ids=listed, by=by, ignore_list=dlist)
    return dlist


def submit_destruction_list(*, dlist, by, reason) -> DestructionList:
    reason = require_reason(reason)
    with transaction.atomic():
        dlist = _locked(dlist)
        raise_if(check_submit_destruction_list(dlist, by))
        dlist.status = DestructionStatus.SUBMITTED
        dlist.submitted_at = timezone.now()
        stamp(dlist, by=by, reason=reason).save()
    return dlist


def approve_destruction_list(*, dlist, by, reason, proof=None) -> DestructionList:
    """`proof`: the leader's recent re-authentication (accounts.services.reauth); approving cannot be undone."""
    reason = require_reason(reason)
    with transaction.atomic():
        dlist = _locked(dlist)
        raise_if(check_approve_destruction_list(dlist, by))
        require_step_up(proof, by)
        dlist.status = DestructionStatus.APPROVED
        dlist.approved_by = by
        dlist.decided_at = timezone.now()
        dlist.decision_reason = reason
        stamp(dlist, by=by, reason=reason).save()
    return dlist


def _close_items(dlist, *, by, reason):
    for item in [*dlist.items.order_by("pk"), *dlist.device_items.order_by("pk")]:
        item.is_open = False
        stamp(item, by=by, reason=reason).save()


def reject_destruction_list(*, dlist, by, reason) -> DestructionList:
    """A leader refuses a submitted list, or withdraws an approval not yet carried out. Copies and devices are free again."""
    reason = require_reason(reason)
    with transaction.atomic():
        dlist = _locked(dlist)
        raise_if(check_reject_destruction_list(dlist, by))
        dlist.status = DestructionStatus.REJECTED
        dlist.rejected_by = by
        dlist.decided_at = timezone.now()
        dlist.decision_reason = reason
        stamp(dlist, by=by, reason=reason).save()
        _close_items(dlist, by=by, reason=reason)
    return dlist


def _check_execution(dlist, *, by, executed_on, place, method, witness_1, witness_2):
    errors = {}
    if executed_on is None:
        errors["executed_on"] = [_("Give the date of destruction.")]
    elif executed_on > timezone.localdate():
        errors["executed_on"] = [_("The date of destruction cannot be in the future.")]
    elif executed_on < timezone.localdate(dlist.decided_at):
        errors["executed_on"] = [_("The copies cannot have been destroyed before the list was approved.")]
    if not place:
        errors["place"] = [_("Give the place where the copies were destroyed.")]
    if method not in DestructionMethod.values:
        errors["method"] = [_("Choose the method of destruction.")]
    for field, witness in (("witness_1", witness_1), ("witness_2", witness_2)):
        if witness is None:
            errors[field] = [_("Name two witnesses.")]
        elif not witness.is_active:
            errors[field] = [_("%(name)s's account is disabled; a witness needs an active account.") % {"name": witness}]
    if errors:
        raise InvalidInput(errors)
    if witness_1.pk == witness_2.pk:
        raise SeparationOfDuties(_("The two witnesses must be two different people."), field="witness_2")
    # The same question the witness picker asks, so it never offers someone refused here.
    eligible = set(eligible_witnesses(dlist, by).filter(pk__in=[witness_1.pk, witness_2.pk]).values_list("pk", flat=True))
    for field, witness in (("witness_1", witness_1), ("witness_2", witness_2)):
        if witness.pk == by.pk:
            errors[field] = [_("You carry out the destruction; two other people must witness it.")]
        elif witness.pk not in eligible:
            errors[field] = [
                _(
                    "%(name)s cannot witness this destruction: a witness is an active member of %(unit)s, "
                    "not the clerk who prepared the list nor the leader who approved it."
                )
                % {"name": witness.get_full_name() or witness.get_username(), "unit": dlist.registry.unit}
            ]
    if errors:
        raise InvalidInput(errors)


def execute_destruction_list(
    *, dlist, by, executed_on, place, method, witness_1, witness_2, reason, witness_proofs=()
) -> DestructionList:
    """Record the destruction the clerk carried out before two witnesses.

    `witness_proofs`: what `accounts.services.reauth.verify` gave for the witnesses
    who typed their own password (and code) on the clerk's form. A witness
    without one confirms later from their inbox (`confirm_witness`). Only when
    both have confirmed is the list executed: every copy destroyed, every
    device scrapped, the list final. Until then it stays approved, awaiting
    witnesses, and nothing is destroyed; recording it again replaces the record
    and the confirmations given so far.
    """
    reason = require_reason(reason)
    place = visible_text(place)
    with transaction.atomic():
        dlist = _locked(dlist)
        # The copies may have moved since the list was approved: the check asks of them again, locked.
        copies = lock_copies(dlist.items.values_list("copy_id", flat=True))
        raise_if(check_execute_destruction_list(dlist, by, copies=copies))
        _check_execution(
            dlist, by=by, executed_on=executed_on, place=place, method=method, witness_1=witness_1, witness_2=witness_2
        )
        devices = lock_devices(dlist.device_items.values_list("device_id", flat=True))
        require_scrappable(
            devices, registry=dlist.registry, listed_copy_ids={c.pk for c in copies}, by=by, ignore_list=dlist
        )
        dlist.executed_by = by
        dlist.executed_on = executed_on
        dlist.place = place
        dlist.method = method
        dlist.witness_1 = witness_1
        dlist.witness_2 = witness_2
        dlist.witness_1_confirmed_at = dlist.witness_2_confirmed_at = None
        stamp(dlist, by=by, reason=system_reason("Destruction recorded, awaiting the witnesses: %s", reason)).save()
        for field, witness in (("witness_1", witness_1), ("witness_2", witness_2)):
            proof = next((proof for proof in witness_proofs if proof.user_id == witness.pk), None)
            if proof is not None:
                _confirm(dlist, witness, proof=proof, copies=copies, devices=devices, reason=reason)
    return dlist


def check_confirm_witness(dlist, user):
    """May `user` confirm, as a witness, the destruction the clerk recorded? One of its two witnesses, once."""
    if dlist.status == DestructionStatus.EXECUTED:
        return InvalidState(_("Destruction list %(list)s has been executed; it is final.") % {"list": dlist.label})
    if user.pk not in (dlist.witness_1_id, dlist.witness_2_id) or not dlist.awaits_witnesses:
        return NotPermitted(_("You are not a witness awaited for this destruction."))
    if not user.is_active:
        return NotPermitted(_("Your account is disabled."))
    confirmed_at = dlist.witness_1_confirmed_at if user.pk == dlist.witness_1_id else dlist.witness_2_confirmed_at
    if confirmed_at is not None:
        return InvalidState(_("You have already confirmed this destruction; the other witness has not yet."))
    return None


def _confirm(dlist, witness, *, proof, copies, devices, reason):
    """`witness` confirms (their own history row); the second confirmation executes the list. Callers hold the locks."""
    raise_if(check_confirm_witness(dlist, witness))
    if step_up_refusal(proof, witness) is not None:
        raise NotPermitted(_("%(name)s must confirm with their own password.") % {"name": person_name(witness)})
    if witness.pk == dlist.witness_1_id:
        dlist.witness_1_confirmed_at = proof.at
    else:
        dlist.witness_2_confirmed_at = proof.at
    if dlist.witness_1_confirmed_at is None or dlist.witness_2_confirmed_at is None:
        stamp(dlist, by=witness, reason=system_reason("Witnessed the destruction under list %s", dlist.label)).save()
        return
    # Both witnesses have confirmed: the copies are destroyed now. Their rows and the devices' name the
    # clerk who carried the destruction out (and scrap_device takes only a clerk); the list's row, the witness.
    clerk = dlist.executed_by
    raise_if(disposable_refusal(copies, registry=dlist.registry, by=clerk, ignore_list=dlist))
    copy_reason = system_reason(
        "Destroyed under destruction list %(list)s on %(date)s: %(reason)s",
        list=dlist.label,
        date=dlist.executed_on.isoformat(),
        reason=reason,
    )
    for copy in copies:
        move(copy, to=CopyStatus.DESTROYED, by=clerk, reason=copy_reason)
    dlist.status = DestructionStatus.EXECUTED
    dlist.executed_at = timezone.now()
    stamp(dlist, by=witness, reason=system_reason("Witnessed the destruction under list %s", dlist.label)).save()
    # Between recording the list executed and closing its entries: the only moment scrap_device accepts.
    for device in devices:
        scrap_device(device=device, destruction_list=dlist, by=clerk, reason=copy_reason)
    _close_items(dlist, by=clerk, reason=copy_reason)


def confirm_witness(*, dlist, by, proof) -> DestructionList:
    """A named witness confirms, in their own session, the destruction the clerk recorded.

    `proof`: `accounts.services.reauth.verify` of the password (and code) the
    witness has just given. The second confirmation executes the list.
    """
    with transaction.atomic():
        dlist = _locked(dlist)
        copies = lock_copies(dlist.items.values_list("copy_id", flat=True))
        devices = lock_devices(dlist.device_items.values_list("device_id", flat=True))
        _confirm(dlist, by, proof=proof, copies=copies, devices=devices, reason=dlist.reason)
    return dlist

