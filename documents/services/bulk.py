"""Bulk steps: several copies in one go, one ordinary service call per copy inside one transaction.

All or nothing: when one copy is refused, the transaction is rolled back and
the refusal names that copy and why, so nothing is half-done and the clerk
knows what to correct. The rules stay in the per-copy services; this module
only orders the calls (by copy, the one global lock order) and names the refusal.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from documents.models import Circulation, CirculationStatus
from documents.services import circulation as steps
from documents.services.errors import InvalidInput, InvalidState, LifecycleError
from documents.services.holds import Procedure, read_holds

HAND_OUT = "hand_out"
TAKE_BACK = "take_back"
STACK_STEPS = {HAND_OUT: steps.hand_out, TAKE_BACK: steps.take_back}
ON_THE_ROUND = (CirculationStatus.APPROVED, CirculationStatus.IN_PROGRESS)


class ItemRefused(LifecycleError):
    """One copy of a bulk step was refused, so none was changed."""

    def __init__(self, *, copy, cause: LifecycleError):
        self.copy, self.cause = copy, cause
        self.code, self.status = cause.code, cause.status
        reason = str(cause.message)
        named = reason if copy.label in reason else _("Copy %(copy)s: %(reason)s") % {"copy": copy.label, "reason": reason}
        field = cause.field or next(iter(getattr(cause, "errors", {}) or {}), None)
        super().__init__(_("%(refusal)s Nothing was changed.") % {"refusal": named}, field=field)


def _each(items, call):
    """Call `call(item)` for every (copy, item) in copy order inside one transaction; name the copy that refuses."""
    done = []
    with transaction.atomic():
        for copy, item in sorted(items, key=lambda pair: pair[0].pk):
            try:
                done.append(call(item))
            except LifecycleError as error:
                raise ItemRefused(copy=copy, cause=error) from error
    return done


def propose_circulations(*, copies, readers, by, reason) -> list[Circulation]:
    """One reading list per copy, the same readers in the same order; every list waits for a leader."""
    copies, readers = list(copies), list(readers)
    if not copies:
        raise InvalidInput({"copies": [_("Tick at least one copy.")]})
    return _each(
        [(copy, copy) for copy in copies],
        lambda copy: steps.propose_circulation(copy=copy, readers=readers, by=by, reason=reason),
    )


def propose_own_circulations(*, lists, by, reason) -> list[Circulation]:
    """One reading list per copy, each with readers of its own (`lists`: [(copy, readers)]): the materials of a
    meeting, one copy to each attendee (registers/services/meetings.py)."""
    lists = [(copy, list(readers)) for copy, readers in lists]
    if not lists:
        raise InvalidInput({"copies": [_("Tick at least one copy.")]})
    return _each(
        [(copy, (copy, readers)) for copy, readers in lists],
        lambda pair: steps.propose_circulation(copy=pair[0], readers=pair[1], by=by, reason=reason),
    )


@dataclass
class StackRow:
    """What handing in a scanned copy would do now: `step` (HAND_OUT or TAKE_BACK) or the `refusal`."""

    copy: object
    circulation: Circulation | None
    step: str | None
    refusal: LifecycleError | None

    @property
    def hands_out(self):
        return self.step == HAND_OUT

    @property
    def takes_back(self):
        return self.step == TAKE_BACK

    @property
    def unread(self):
        """A copy coming back that its reader never marked read (take_back records it so)."""
        if not self.takes_back:
            return False
        return any(entry.is_out and entry.read_at is None for entry in self.circulation.entries.all())

    @property
    def reader(self):
        """Who gets the copy (hand-out) or gives it back (take-back)."""
        if self.circulation is None or self.step is None:
            return None
        entries = sorted(self.circulation.entries.all(), key=lambda entry: entry.position)
        if self.step == TAKE_BACK:
            return next((entry.reader for entry in entries if entry.is_out), None)
        return next((entry.reader for entry in entries if entry.handed_out_at is None), None)


def plan_stack(copies, user) -> list[StackRow]:
    """For each copy (in the order scanned), the step the clerk would take: the one the checks allow.

    A copy out with a reader comes back; a copy in the registry goes to the
    next reader of its approved list. Nothing is changed.
    """
    circulations = {
        circulation.copy_id: circulation
        for circulation in Circulation.objects.filter(copy__in=[copy.pk for copy in copies], status__in=ON_THE_ROUND)
        .select_related("copy__document__registry__unit", "copy__holder")
        .prefetch_related("entries__reader__person")
    }
    read_holds([circulation.copy for circulation in circulations.values()], Procedure.CIRCULATE)
    rows = []
    for copy in copies:
        circulation = circulations.get(copy.pk)
        if circulation is None:
            refusal = InvalidState(
                _("Copy %(copy)s has no approved reading list under way; nothing to hand out or take back.")
                % {"copy": copy.label}
            )
            rows.append(StackRow(copy, None, None, refusal))
            continue
        entries = list(circulation.entries.all())
        take_back = steps.check_take_back(circulation, user, entries=entries)
        if take_back is None:
            rows.append(StackRow(copy, circulation, TAKE_BACK, None))
            continue
        hand_out = steps.check_hand_out(circulation, user, entries=entries)
        if hand_out is None:
            rows.append(StackRow(copy, circulation, HAND_OUT, None))
            continue
        out = any(entry.is_out for entry in entries)
        rows.append(StackRow(copy, circulation, None, take_back if out else hand_out))
    return rows


def move_stack(*, moves, by, reason):
    """Take each (circulation, step) the clerk confirmed: hand out or take back, all or nothing."""
    moves = list(moves)
    if not moves:
        raise InvalidInput({"codes": [_("Scan or type at least one copy code.")]})
    unknown = {step for _circulation, step in moves} - set(STACK_STEPS)
    if unknown:
        raise InvalidInput({"moves": [_("Preview the stack again before confirming.")]})
    return _each(
        [(circulation.copy, (circulation, step)) for circulation, step in moves],
        lambda move: STACK_STEPS[move[1]](circulation=move[0], by=by, reason=reason),
    )


__all__ = ["HAND_OUT", "TAKE_BACK", "ItemRefused", "StackRow", "move_stack", "plan_stack", "propose_circulations",
           "propose_own_circulations"]
