"""Where a copy is kept: a room, a cabinet, a shelf of its registry (issue 16, item 7).

The place is set for every copy at registration and moved later, copy by
copy or several at once, with a reason in each copy's history. A place is
a StorageLocation row of the registry, made the first time a clerk names
it, so "Room 301, cabinet 2" is one place for the ledger's filter however
many copies are put there.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from documents.models import CopyStatus, StorageLocation
from documents.models.storage import PLACE_PART_MAX_LENGTH
from documents.services.bulk import ItemRefused
from documents.services.copies import lock_copies
from documents.services.errors import InvalidInput, InvalidState, raise_if
from documents.services.recording import require_reason, stamp, visible_text
from documents.services.roles import clerk_refusal

# A copy the registry keeps, on its shelf or out with a reader who brings it back there.
KEPT = frozenset({CopyStatus.IN_REGISTRY, CopyStatus.OUT, CopyStatus.ON_LOAN})
PLACE_FIELDS = ("location_room", "location_cabinet", "location_shelf")


@dataclass(frozen=True)
class Place:
    """A place as a clerk typed it, checked; the service finds or makes its StorageLocation."""

    room: str
    cabinet: str = ""
    shelf: str = ""


def place(room="", cabinet="", shelf="") -> Place | None:
    """The Place typed, or None when nothing was typed; InvalidInput by field (`location_room`, ...) when it is not one."""
    parts = dict(zip(PLACE_FIELDS, (visible_text(room), visible_text(cabinet), visible_text(shelf))))
    if not any(parts.values()):
        return None
    errors = {
        name: [_("Keep this under %d characters.") % PLACE_PART_MAX_LENGTH]
        for name, text in parts.items() if len(text) > PLACE_PART_MAX_LENGTH
    }
    if not parts["location_room"]:
        errors["location_room"] = [_("Name the room first: a cabinet or a shelf is in a room.")]
    elif parts["location_shelf"] and not parts["location_cabinet"]:
        errors["location_cabinet"] = [_("Name the cabinet the shelf is in.")]
    if errors:
        raise InvalidInput(errors)
    return Place(*parts.values())


def location_for(*, registry, place, by, reason) -> StorageLocation:
    """The registry's StorageLocation for `place`, made (with its history) the first time it is named."""
    wanted = {"registry": registry, "room": place.room, "cabinet": place.cabinet, "shelf": place.shelf}
    existing = StorageLocation.objects.filter(**wanted).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            location = StorageLocation(**wanted)
            stamp(location, by=by, reason=reason).save()
            return location
    except IntegrityError:
        # Another clerk named the same place a moment ago: theirs is the place.
        return StorageLocation.objects.get(**wanted)


def check_move_copy(copy, user):
    """May `user` move this copy to another place? A clerk of its registry, while the registry keeps the copy."""
    refusal = clerk_refusal(user, copy.document.registry)
    if refusal is not None:
        return refusal
    if copy.status not in KEPT:
        return InvalidState(
            _("Copy %(copy)s is %(status)s: the registry keeps it nowhere now.")
            % {"copy": copy.label, "status": copy.get_status_display().lower()}
        )
    return None


def move_copies(*, copies, place, by, reason) -> list:
    """Put `copies` at `place`, each in its own registry's storage; all of them or none.

    A copy already kept there stays as it is; when every copy is, nothing
    was asked and the clerk is told so.
    """
    reason = require_reason(reason)
    copies = list(copies)
    if not copies:
        raise InvalidInput({"copies": [_("Tick at least one copy.")]})
    if place is None:
        raise InvalidInput({"location_room": [_("Say where the copies go: the room at least.")]})
    moved = []
    with transaction.atomic():
        locked = lock_copies(copies)
        locations = {}
        for copy in locked:
            refusal = check_move_copy(copy, by)
            if refusal is not None:
                raise (ItemRefused(copy=copy, cause=refusal) if len(locked) > 1 else refusal)
            registry = copy.document.registry
            if registry.pk not in locations:
                locations[registry.pk] = location_for(registry=registry, place=place, by=by, reason=reason)
            if copy.location_id == locations[registry.pk].pk:
                continue
            copy.location = locations[registry.pk]
            stamp(copy, by=by, reason=reason).save(update_fields=["location"])
            moved.append(copy)
        if not moved:
            raise InvalidState(_("Every copy chosen is already kept there; nothing was moved."), field="location_room")
    return moved


def move_copy(*, copy, by, reason, room="", cabinet="", shelf=""):
    """One copy to another place (the API's step)."""
    return move_copies(copies=[copy], place=place(room, cabinet, shelf), by=by, reason=reason)[0]


__all__ = ["KEPT", "PLACE_FIELDS", "Place", "check_move_copy", "location_for", "move_copies", "move_copy", "place"]
