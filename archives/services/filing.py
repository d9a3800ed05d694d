"""Filing finished documents' copies into archive volumes (归档)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from archives.models import FiledCopy, SessionVolume, Volume
from documents.models import CopyStatus
from documents.reasons import system_reason
from documents.selectors import visible_copies
from documents.services.copies import lock_copies, move
from documents.services.errors import InvalidInput, InvalidState, NotPermitted, raise_if
from documents.services.recording import require_reason, stamp
from documents.services.roles import clerk_refusal, require_clerk

VOLUME_FIELDS = ("volume_number", "title", "year", "retention_period", "location")


def create_volume(*, registry, by, reason, **fields) -> Volume:
    """The clerk opens a new, empty volume in the registry's archive."""
    reason = require_reason(reason)
    unknown = set(fields) - set(VOLUME_FIELDS)
    if unknown:
        raise TypeError(f"not volume fields: {sorted(unknown)}")
    require_clerk(by, registry)
    volume = Volume(registry=registry, created_by=by, **fields)
    try:
        volume.full_clean(exclude=["registry", "created_by"], validate_constraints=False)
    except ValidationError as error:
        raise InvalidInput(error.message_dict) from error
    taken = _("Volume number %(number)s is already used in this registry.") % {"number": volume.volume_number}
    if Volume.objects.filter(registry=registry, volume_number=volume.volume_number).exists():
        raise InvalidInput({"volume_number": [taken]})
    try:
        with transaction.atomic():
            stamp(volume, by=by, reason=reason).save()
    except IntegrityError as error:
        # Another clerk took the same number a moment ago.
        if "volume_unique_number" in str(error):
            raise InvalidInput({"volume_number": [taken]}) from error
        raise
    return volume


def check_file_copies(volume, user):
    """May `user` file copies into `volume` now? A clerk of its registry, while the volume is not in the
    reading room. Which copies (back in the registry, of this registry) is the service's to judge."""
    refusal = clerk_refusal(user, volume.registry)
    if refusal is None and SessionVolume.objects.filter(volume=volume, session__time_out__isnull=True).exists():
        refusal = InvalidState(
            _("Volume %(number)s is in the reading room; file into it once the session is closed.")
            % {"number": volume.volume_number}
        )
    return refusal


def file_copies(*, volume, copies, by, reason) -> list[FiledCopy]:
    """File copies that are back in the registry into a volume: each becomes 'archived' and a catalogue item."""
    reason = require_reason(reason)
    if not copies:
        raise InvalidInput({"copies": [_("Choose at least one copy to file.")]})
    with transaction.atomic():
        volume = Volume.objects.select_for_update().select_related("registry__unit").get(pk=volume.pk)
        raise_if(check_file_copies(volume, by))
        locked = lock_copies(copies)
        visible = set(visible_copies(by).filter(pk__in=[c.pk for c in locked]).values_list("pk", flat=True))
        for copy in locked:
            if copy.pk not in visible:
                raise NotPermitted(_("One of the chosen copies is not kept by this registry."))
            if copy.document.registry_id != volume.registry_id:
                raise NotPermitted(
                    _("Copy %(copy)s belongs to registry %(registry)s; a volume holds its own registry's copies only.")
                    % {"copy": copy.label, "registry": copy.document.registry.code}
                )
            if copy.status != CopyStatus.IN_REGISTRY:
                raise InvalidState(
                    _("Copy %(copy)s is %(status)s; only a copy back in the registry can be filed.")
                    % {"copy": copy.label, "status": copy.get_status_display().lower()}
                )
        item = volume.filed_copies.aggregate(last=Max("item_number"))["last"] or 0
        filed = []
        # Catalogue order: by registry number, then copy number.
        for copy in sorted(locked, key=lambda c: (c.document.year, c.document.serial, c.number)):
            move(copy, to=CopyStatus.ARCHIVED, by=by, reason=reason)
            item += 1
            row = FiledCopy(volume=volume, copy=copy, item_number=item, filed_by=by)
            stamp(row, by=by, reason=reason).save()
            filed.append(row)
        highest = max(c.document.level for c in locked)
        if volume.highest_level is None or highest > volume.highest_level:
            volume.highest_level = highest
            stamp(volume, by=by, reason=system_reason("Highest level raised by filing: %s", reason)).save()
    return filed
