"""Recovery to issuer (清退): the clerk hands copies back to the organ that issued them, against its receipt."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from documents.models import CopyStatus, Recovery, RecoveryItem
from documents.reasons import system_reason
from documents.services.copies import lock_copies, move
from documents.services.errors import Conflict, InvalidInput, raise_if
from documents.services.holds import disposable_refusal
from documents.services.recording import require_reason, stamp, visible_text
from documents.services.roles import clerk_refusal


def check_start_recovery(registry, user):
    """May `user` return copies of `registry` to their issuer at all? Its clerks (the copies are asked next)."""
    return clerk_refusal(user, registry)


def check_recover_copies(copies, user, *, registry=None):
    """May `user` hand these copies (of one registry) back to their issuer now? Its clerk, every copy free to go."""
    registry = registry or copies[0].document.registry
    return check_start_recovery(registry, user) or disposable_refusal(copies, registry=registry, by=user)


def check_recover_copy(copy, user):
    """The same question for one copy (a page offering to return it)."""
    return check_recover_copies([copy], user)


def recover_copies(*, copies, issuing_organ, receipt_reference, by, reason) -> Recovery:
    """Return a batch of copies of one registry; all of them go, or none."""
    reason = require_reason(reason)
    issuing_organ = visible_text(issuing_organ)
    receipt_reference = visible_text(receipt_reference)
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
            raise_if(check_recover_copies(locked, by, registry=registry))
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
