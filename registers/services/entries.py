"""What the entries of every register share: saved with actor and reason, one of a name in use, locked, withdrawn.

A register's own module checks its fields and its roles; these steps do the rest the same way for all of them.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.services.errors import InvalidInput, raise_if
from documents.services.recording import require_reason, stamp


def save_entry(entry, *, by, reason, twin_message, field="name"):
    """Save with its history row; two keepers entering the same name at once: the unique constraint lets one in.

    `field`: the input the twin message stands beside (a register whose entries are one of a kind by another field)."""
    try:
        with transaction.atomic():
            stamp(entry, by=by, reason=reason).save()
    except IntegrityError as error:
        raise InvalidInput({field: [twin_message(entry.unit)]}) from error
    return entry


def lock_entry(entry):
    # Only the entry's row: locking its unit too would make two entries of one unit wait on each other.
    return type(entry).objects.select_for_update(of=("self",)).select_related("unit").get(pk=entry.pk)


def correct_entry(entry, values, *, by, reason, twin_message):
    """Write `values` over a locked entry; a correction that changes nothing is refused, not recorded."""
    if all(getattr(entry, name) == value for name, value in values.items()):
        raise InvalidInput({"name": [_("Nothing was changed.")]})
    for name, value in values.items():
        setattr(entry, name, value)
    return save_entry(entry, by=by, reason=reason, twin_message=twin_message)


def withdraw_entry(entry, *, by, reason, check):
    """From today the entry is no longer in use; it stays in the register, marked with the date."""
    reason = require_reason(reason)
    with transaction.atomic():
        entry = lock_entry(entry)
        raise_if(check(entry, by))
        entry.withdrawn_on = timezone.localdate()
        stamp(entry, by=by, reason=reason).save()
    return entry


def name_taken(model, unit, name, entry=None) -> bool:
    """Whether another entry of `unit` in use already has `name` (the constraint the database also holds)."""
    twins = model.objects.filter(unit=unit, name=name, withdrawn_on__isnull=True)
    if entry is not None:
        twins = twins.exclude(pk=entry.pk)
    return twins.exists()
