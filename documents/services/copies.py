"""The one place a copy's status changes. Every procedure's service calls `move`.

Callers lock first (`lock_copies`, inside their `transaction.atomic()`),
then check their own rules, then move. Locks are taken in primary-key order
so that two procedures locking the same copies never deadlock.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from documents.models import Copy
from documents.models.copy import HELD_BY_PERSON, CopyStatus, can_move
from documents.services.custody import commitment_refusal
from documents.services.errors import InvalidState, raise_if
from documents.services.recording import stamp
from people.names import person_name
from people.selectors import open_departure


def lock_copies(copy_ids):
    """Lock and return the copies, in pk order. Must run inside transaction.atomic()."""
    ids = sorted({getattr(c, "pk", c) for c in copy_ids})
    locked = list(
        Copy.objects.filter(pk__in=ids)
        .order_by("pk")
        .select_for_update(of=("self",))
        # Not the holder: after waiting for a lock, PostgreSQL re-reads the
        # locked row but not the joined ones, so a joined holder would be stale.
        .select_related("document__registry__unit")
    )
    if len(locked) != len(ids):
        raise InvalidState(_("One of the copies no longer exists."))
    return locked


def lock_copy(copy):
    return lock_copies([copy])[0]


def move_refusal(copy, to):
    """Why the transition table refuses `copy` becoming `to`, or None (for a step's check)."""
    to = CopyStatus(to)
    if not can_move(copy.status, to):
        return InvalidState(
            _("Copy %(copy)s is %(status)s; it cannot become %(target)s.")
            % {"copy": copy.label, "status": copy.get_status_display().lower(), "target": to.label.lower()}
        )
    return None


def move(copy, *, to, by, reason, holder=None) -> Copy:
    """Change a locked copy's status (and holder) and write its history row."""
    to = CopyStatus(to)
    raise_if(move_refusal(copy, to))
    if to in HELD_BY_PERSON and holder is None:
        raise InvalidState(_("A copy that leaves the registry must be handed to a person."))
    if to in HELD_BY_PERSON and open_departure(holder) is not None:
        # Whoever procedure hands a copy out, nobody who is leaving receives one.
        raise InvalidState(
            _("%(person)s is leaving and must hand copies back, not receive them.")
            % {"person": person_name(holder)}
        )
    if to in HELD_BY_PERSON:
        # Whichever procedure hands a classified copy out, it goes only to someone who signed the commitment.
        raise_if(commitment_refusal(holder, copy.document))
    copy.status = to
    copy.holder = holder if to in HELD_BY_PERSON else None
    copy.held_since = timezone.now() if to in HELD_BY_PERSON else None
    # Only what a move changes: the row is locked and fresh, and a narrower UPDATE is cheaper on every step.
    stamp(copy, by=by, reason=reason).save(update_fields=["status", "holder", "held_since"])
    return copy
