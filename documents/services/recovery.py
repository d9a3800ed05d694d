"""Recovery to issuer (清退): the clerk hands copies back to the organ that issued them, against its receipt."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from documents.models import CopyStatus, Recovery, RecoveryItem
from documents.reasons import system_reason
from documents.services.copies import lock_copies, move
from documents.services.errors import Conflict, InvalidInput
from documents.services.holds import require_disposable
from documents.services.recording import require_reason, stamp
from documents.services.roles import require_clerk


def recover_copies(*, copies, issuing_organ, receipt_reference, by, reason) -> Recovery:
    """Return a batch of copies of one registry; all of them go, or none."""
    reason = require_reason(reason)
    issuing_organ = (issuing_organ or "").strip()
    receipt_reference = (receipt_reference or "").strip()
    errors = {}
    if not copies:
        errors["copies"] = [_("Choose at least one copy to return.")]
    if not issuing_organ:
        errors["issuing_organ"] = [_("Name the organ the copies are returned to.")]
    if not receipt_reference:
        errors["receipt_reference"] = [_("Give the reference of the issuer's receipt.")]
    if errors:
        raise InvalidInput(errors)
    try:
        with transaction.atomic():
            locked = lock_copies(copies)
            registries = {copy.document.registry for copy in locked}
            if len(registries) != 1:
                raise InvalidInput({"copies": [_("Return the copies of one registry at a time.")]})
            registry = registries.pop()
            require_clerk(by, registry)
            require_disposable(locked, registry=registry, by=by)
            recovery = Recovery(
                registry=registry,
                issuing_organ=issuing_organ,
                receipt_reference=receipt_reference,
                reason=reason,
                recovered_by=by,
            )
            stamp(recovery, by=by, reason=reason).save()
            copy_reason = system_reason(
                "Returned to %(organ)s, receipt %(receipt)s (%(recovery)s): %(reason)s",
                organ=issuing_organ,
                receipt=receipt_reference,
                recovery=recovery.label,
                reason=reason,
            )
            for copy in locked:
                stamp(RecoveryItem(recovery=recovery, copy=copy), by=by, reason=reason).save()
                move(copy, to=CopyStatus.RETURNED_TO_ISSUER, by=by, reason=copy_reason)
    except IntegrityError as error:
        if "recovery_item_unique_copy" in str(error):
            raise Conflict() from error
        raise
    return recovery
