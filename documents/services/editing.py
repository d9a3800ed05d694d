"""Correcting a registered document's particulars, with a reason on record."""

from django.db import transaction

from documents.models import Document
from documents.services.recording import require_reason, stamp
from documents.services.registration import validate_document
from documents.services.errors import raise_if
from documents.services.roles import clerk_refusal

# Level and period change through the declassification procedure (a leader's
# decision), and the number of copies through copying and destruction, so a
# clerk's correction covers the particulars only.
EDITABLE_FIELDS = (
    "direction",
    "title",
    "originating_organ",
    "reference_number",
    "date_classified",
    "pages",
    "attachments",
    "urgency",
    "medium",
    "remarks",
)


def check_update_document(document, user):
    """May `user` correct this document's particulars now? A clerk of its registry."""
    return clerk_refusal(user, document.registry)


def update_document(*, document, by, reason, **changes) -> Document:
    reason = require_reason(reason)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable fields: {sorted(unknown)}")
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document.pk)
        raise_if(check_update_document(document, by))
        changed = {name: value for name, value in changes.items() if getattr(document, name) != value}
        if not changed:
            return document
        for name, value in changed.items():
            setattr(document, name, value)
        validate_document(document)
        document.period_ends_on = document.compute_period_end()
        stamp(document, by=by, reason=reason).save()
    return document
