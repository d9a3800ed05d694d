"""Circulation (传阅): propose a reading list, a leader decides, the clerk hands out and takes back.

The copy goes registry -> reader -> registry, one reader at a time. There is
deliberately no step that names who gets the copy next: `hand_out` gives it
to the next reader on the approved list, only from the registry, only by a
clerk. Locks are taken copy first, then the circulation, then its entries.

Each step has its check (`check_hand_out(circulation, user)` ...): the reason
this user may not take it now, or None. The step calls it under its locks and
raises what it returns; pages and the API ask it to decide what to offer.
Checks take the entries the caller already holds (`entries=`), so a page that
prefetched them asks nothing more of the database.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.models import Circulation, CirculationEntry, CirculationStatus, CopyStatus
from documents.models.circulation import ACTIVE_STATUSES
from documents.punctuation import listing
from documents.reasons import system_reason
from documents.selectors import eligible_readers, may_know, may_know_people
from documents.services.copies import lock_copy, move
from documents.services.custody import commitment_refusal, uncommitted_refusal
from documents.services.decisions import deciding_leader_refusal
from documents.services.errors import (
    Conflict,
    InvalidInput,
    InvalidState,
    NotPermitted,
    SeparationOfDuties,
    raise_if,
)
from documents.services.holds import Procedure, hold_refusal
from documents.services.recording import require_reason, stamp, visible_text
from documents.services.roles import clerk_refusal
from people.names import person_name
from people.roles import Role
from people.selectors import has_role

# A copy on loan may get a list now and go round once it is back.
PROPOSABLE = (CopyStatus.IN_REGISTRY, CopyStatus.OUT, CopyStatus.ON_LOAN)
COMMENT_MAX_LENGTH = 2000


# How messages name a person: one way everywhere (people.names).
name_of = person_name



def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _lock(circulation):
    """Lock the copy, then the circulation. Returns the fresh, locked circulation."""
    copy = lock_copy(circulation.copy_id)
    circulation = Circulation.objects.select_for_update().get(pk=circulation.pk)
    circulation.copy = copy
    return circulation


def _lock_entries(circulation):
    entries = list(circulation.entries.select_for_update().select_related("reader").order_by("pk"))
    return sorted(entries, key=lambda entry: entry.position)


def _entries(circulation, entries):
    """The list's entries in order: those the caller holds (locked, or prefetched by a page), else read now."""
    if entries is None:
        entries = circulation.entries.all()
    return sorted(entries, key=lambda entry: entry.position)


def out_entry(entries):
    """The entry of the reader who holds the copy now, or None."""
    return next((entry for entry in entries if entry.is_out), None)


def next_entry(entries):
    """The first reader on the list who has not had the copy yet, or None."""
    return next((entry for entry in entries if entry.handed_out_at is None), None)


def _check_readers(readers, document):
    if not readers:
        raise InvalidInput({"readers": [_("Choose at least one reader.")]})
    if len({reader.pk for reader in readers}) != len(readers):
        raise InvalidInput({"readers": [_("Each reader can be on the list only once.")]})
    disabled = [name_of(reader) for reader in readers if not reader.is_active]
    if disabled:
        raise InvalidInput({"readers": [_("These accounts are disabled: %s") % listing(disabled)]})
    # The same question the reader picker asks, so it never offers someone refused here.
    eligible = set(eligible_readers(document).filter(pk__in=[reader.pk for reader in readers]).values_list("pk", flat=True))
    if len(eligible) == len(readers):
        return
    knowing = set(may_know_people(document).filter(pk__in=[reader.pk for reader in readers]).values_list("pk", flat=True))
    outside = [name_of(reader) for reader in readers if reader.pk not in knowing]
    if not outside:
        # In scope, every one of them: what keeps some off the list is a missing commitment.
        refusal = uncommitted_refusal([reader for reader in readers if reader.pk not in eligible], document)
        raise InvalidInput({"readers": [str(refusal.message)]})
    if outside:
        raise InvalidInput(
            {
                "readers": [
                    _(
                        "Not in the knowledge scope of this document: %s. Choose someone in scope, "
                        "or have the scope widened first (a recorded decision)."
                    )
                    % listing(outside)
                ]
            }
        )


def _write_entries(circulation, readers, *, by, reason):
    for position, reader in enumerate(readers, start=1):
        entry = CirculationEntry(circulation=circulation, reader=reader, position=position)
        stamp(entry, by=by, reason=reason).save()


def _already_under_way(copy):
    return Conflict(
        _("Copy %(copy)s already has a circulation under way; finish or cancel it before proposing another.")
        % {"copy": copy.label}
    )


def check_propose_circulation(copy, user, *, under_way=None):
    """May `user` propose a reading list for `copy` now? `under_way`: whether the caller knows a list is active."""
    refusal = clerk_refusal(user, copy.document.registry) or hold_refusal(copy, Procedure.CIRCULATE)
    if refusal is not None:
        return refusal
    if copy.status not in PROPOSABLE:
        return InvalidState(
            _("Copy %(copy)s is %(status)s; it cannot be circulated.")
            % {"copy": copy.label, "status": copy.get_status_display().lower()}
        )
    if under_way is None:
        under_way = copy.circulations.filter(status__in=ACTIVE_STATUSES).exists()
    if under_way:
        return _already_under_way(copy)
    return None


def propose_circulation(*, copy, readers, by, reason) -> Circulation:
    """The clerk proposes an ordered reading list for one copy; it waits for a leader's decision."""
    reason = require_reason(reason)
    readers = list(readers)
    try:
        with transaction.atomic():
            copy = lock_copy(copy)
            document = copy.document
            raise_if(check_propose_circulation(copy, by))
            _check_readers(readers, document)
            circulation = Circulation(copy=copy, proposed_by=by, proposed_at=timezone.now())
            stamp(circulation, by=by, reason=reason).save()
            _write_entries(circulation, readers, by=by, reason=reason)
    except IntegrityError as error:
        # The partial unique index caught what the check above could not see.
        if "circulation_one_active_per_copy" in str(error):
            raise _already_under_way(copy) from error
        raise
    return circulation


def _decider_refusal(circulation, user):
    refusal = deciding_leader_refusal(user, circulation.copy.document)
    if refusal is not None:
        return refusal
    if user.pk == circulation.proposed_by_id:
        return SeparationOfDuties(_("You proposed this list; another leader must decide on it."))
    if circulation.status != CirculationStatus.PROPOSED:
        return InvalidState(
            _("This list has already been decided: it is %(status)s.")
            % {"status": circulation.get_status_display().lower()}
        )
    return None


def check_approve_circulation(circulation, user):
    """May `user` approve (or edit and approve) this list now? Not while something holds the copy."""
    return _decider_refusal(circulation, user) or hold_refusal(circulation.copy, Procedure.CIRCULATE)


def check_reject_circulation(circulation, user):
    """May `user` reject this list now? The same leader may approve or reject."""
    return _decider_refusal(circulation, user)


def approve_circulation(*, circulation, by, reason, readers=None) -> Circulation:
    """A leader approves the list, as proposed or with the readers they give (in order)."""
    reason = require_reason(reason)
    with transaction.atomic():
        circulation = _lock(circulation)
        raise_if(check_approve_circulation(circulation, by))
        entries = _lock_entries(circulation)
        if readers is not None and [reader.pk for reader in readers] != [entry.reader_id for entry in entries]:
            readers = list(readers)
            _check_readers(readers, circulation.copy.document)
            edited = system_reason("List edited by the approving leader: %s", reason)
            for entry in entries:
                stamp(entry, by=by, reason=edited).delete()
            _write_entries(circulation, readers, by=by, reason=edited)
        circulation.status = CirculationStatus.APPROVED
        circulation.decided_by = by
        circulation.decided_at = timezone.now()
        circulation.decision_reason = reason
        stamp(circulation, by=by, reason=reason).save()
    return circulation


def reject_circulation(*, circulation, by, reason) -> Circulation:
    """A leader rejects the list; the reason is required and shown to the clerk."""
    reason = require_reason(reason)
    with transaction.atomic():
        circulation = _lock(circulation)
        raise_if(check_reject_circulation(circulation, by))
        now = timezone.now()
        circulation.status = CirculationStatus.REJECTED
        circulation.decided_by = by
        circulation.decided_at = now
        circulation.decision_reason = reason
        circulation.ended_at = now
        stamp(circulation, by=by, reason=reason).save()
    return circulation


def _not_in_registry(copy):
    if copy.status == CopyStatus.OUT and copy.holder_id:
        return InvalidState(
            _(
                "Copy %(copy)s is out with %(holder)s since %(since)s. It must come back to the registry "
                "before anyone else can have it: a copy never goes from one reader to another."
            )
            % {"copy": copy.label, "holder": name_of(copy.holder), "since": _local(copy.held_since)}
        )
    return InvalidState(
        _("Copy %(copy)s is %(status)s, not in the registry; it cannot be handed out.")
        % {"copy": copy.label, "status": copy.get_status_display().lower()}
    )


def check_hand_out(circulation, user, *, entries=None, knows=None):
    """May `user` hand the copy to the next reader now?

    `knows(reader) -> bool`: whether the next reader is in the document's
    scope, when the caller has asked already for many rows at once.
    """
    copy = circulation.copy
    refusal = clerk_refusal(user, copy.document.registry)
    if refusal is not None:
        return refusal
    if circulation.status not in (CirculationStatus.APPROVED, CirculationStatus.IN_PROGRESS):
        return InvalidState(
            _("This circulation is %(status)s; nothing can be handed out.")
            % {"status": circulation.get_status_display().lower()}
        )
    refusal = hold_refusal(copy, Procedure.CIRCULATE)
    if refusal is not None:
        return refusal
    entries = _entries(circulation, entries)
    if copy.status != CopyStatus.IN_REGISTRY or out_entry(entries) is not None:
        return _not_in_registry(copy)
    entry = next_entry(entries)
    if entry is None:
        return InvalidState(_("Every reader on the list has had the copy."))
    reader = entry.reader
    if reader.pk == user.pk:
        return SeparationOfDuties(_("You are the next reader on the list; another clerk must hand the copy to you."))
    in_scope = knows(reader) if knows is not None else may_know(reader, copy.document)
    if not reader.is_active or not in_scope:
        return InvalidState(
            _(
                "%(reader)s is no longer in the knowledge scope of this document. Cancel this circulation "
                "and propose a new list, or have the scope widened first."
            )
            % {"reader": name_of(reader)}
        )
    return commitment_refusal(reader, copy.document)


def hand_out(*, circulation, by, reason) -> CirculationEntry:
    """The clerk hands the copy, from the registry, to the next reader on the approved list."""
    reason = require_reason(reason)
    with transaction.atomic():
        circulation = _lock(circulation)
        copy = circulation.copy
        entries = _lock_entries(circulation)
        raise_if(check_hand_out(circulation, by, entries=entries))
        entry = next_entry(entries)
        reader = entry.reader
        move(copy, to=CopyStatus.OUT, by=by, reason=reason, holder=reader)
        entry.handed_out_at = copy.held_since
        entry.handed_out_by = by
        stamp(entry, by=by, reason=reason).save(update_fields=["handed_out_at", "handed_out_by"])
        if circulation.status == CirculationStatus.APPROVED:
            circulation.status = CirculationStatus.IN_PROGRESS
            stamp(circulation, by=by, reason=reason).save(update_fields=["status"])
    return entry


def check_mark_read(circulation, user, *, entries=None):
    """May `user` mark the copy read now? Only the reader who holds it, once."""
    copy = circulation.copy
    entry = out_entry(_entries(circulation, entries))
    if entry is None or entry.reader_id != user.pk or copy.status != CopyStatus.OUT or copy.holder_id != user.pk:
        return NotPermitted(_("Only the reader who holds the copy now can mark it as read."))
    if entry.read_at is not None:
        return InvalidState(_("You have already marked this copy as read; return it to the secrecy clerk."))
    return None


def mark_read(*, circulation, by, reason, comment="") -> CirculationEntry:
    """The reader holding the copy records that they read it, with an optional comment."""
    reason = require_reason(reason)
    comment = visible_text(comment)
    if len(comment) > COMMENT_MAX_LENGTH:
        raise InvalidInput({"comment": [_("Keep the comment under %d characters.") % COMMENT_MAX_LENGTH]})
    with transaction.atomic():
        circulation = _lock(circulation)
        entries = _lock_entries(circulation)
        raise_if(check_mark_read(circulation, by, entries=entries))
        entry = out_entry(entries)
        entry.read_at = timezone.now()
        entry.comment = comment
        stamp(entry, by=by, reason=reason).save()
    return entry


def check_take_back(circulation, user, *, entries=None):
    """May `user` receive the copy back from the reader who holds it now?"""
    copy = circulation.copy
    refusal = clerk_refusal(user, copy.document.registry)
    if refusal is not None:
        return refusal
    entry = out_entry(_entries(circulation, entries))
    if circulation.status != CirculationStatus.IN_PROGRESS or entry is None:
        return InvalidState(_("No reader holds this copy for this circulation."))
    if entry.reader_id == user.pk:
        return SeparationOfDuties(_("You cannot receive a copy from yourself; another clerk must take it back."))
    if copy.status != CopyStatus.OUT or copy.holder_id != entry.reader_id:
        return InvalidState(
            _("The ledger says copy %(copy)s is %(status)s, not with %(reader)s.")
            % {"copy": copy.label, "status": copy.get_status_display().lower(), "reader": name_of(entry.reader)}
        )
    return None


def take_back(*, circulation, by, reason) -> CirculationEntry:
    """The clerk receives the copy back from the reader who holds it; the copy is in the registry again.

    A reader who never marked the copy read stays unread on the list, and the
    history says so: the clerk's reason alone must not pass for a reading.
    """
    reason = require_reason(reason)
    with transaction.atomic():
        circulation = _lock(circulation)
        copy = circulation.copy
        entries = _lock_entries(circulation)
        raise_if(check_take_back(circulation, by, entries=entries))
        entry = out_entry(entries)
        if entry.read_at is None:
            reason = system_reason("Taken back without being marked read: %s", reason)
        move(copy, to=CopyStatus.IN_REGISTRY, by=by, reason=reason)
        entry.returned_at = timezone.now()
        entry.received_by = by
        stamp(entry, by=by, reason=reason).save(update_fields=["returned_at", "received_by"])
        if all(other.returned_at is not None for other in entries):
            circulation.status = CirculationStatus.COMPLETED
            circulation.ended_at = entry.returned_at
            stamp(circulation, by=by, reason=system_reason("Every reader has returned the copy: %s", reason)).save(
                update_fields=["status", "ended_at"]
            )
    return entry


def check_cancel_circulation(circulation, user, *, entries=None):
    """May `user` stop this list now? A clerk or a leader of the unit, once the copy is back."""
    unit = circulation.copy.document.registry.unit
    if not (has_role(user, Role.CLERK, unit) or has_role(user, Role.LEADER, unit)):
        return NotPermitted(_("Only a secrecy clerk or a leader of %(unit)s can cancel a circulation.") % {"unit": unit})
    if circulation.status not in ACTIVE_STATUSES:
        return InvalidState(
            _("This circulation is %(status)s already.") % {"status": circulation.get_status_display().lower()}
        )
    holding = out_entry(_entries(circulation, entries))
    if holding is not None:
        return InvalidState(
            _("%(reader)s still holds the copy; take it back before cancelling.") % {"reader": name_of(holding.reader)}
        )
    return None


def cancel_circulation(*, circulation, by, reason) -> Circulation:
    """A clerk or a leader of the unit stops a list that is under way, once the copy is back."""
    reason = require_reason(reason)
    with transaction.atomic():
        circulation = _lock(circulation)
        raise_if(check_cancel_circulation(circulation, by, entries=_lock_entries(circulation)))
        circulation.status = CirculationStatus.CANCELLED
        circulation.ended_at = timezone.now()
        stamp(circulation, by=by, reason=reason).save()
    return circulation


def end_on_loss(*, copy, by, reason):
    """Stop any list under way for a copy reported lost. The caller holds the copy's lock.

    An entry whose copy was out stays without a return: the copy never came back.
    """
    for circulation in Circulation.objects.filter(copy=copy, status__in=ACTIVE_STATUSES).select_for_update().order_by("pk"):
        circulation.status = CirculationStatus.CANCELLED
        circulation.ended_at = timezone.now()
        stamp(circulation, by=by, reason=reason).save()
