"""Correcting a registered document's particulars, with a reason on record."""

from django.db import transaction
from django.utils.translation import gettext as _

from documents.models import Document
from documents.services.errors import InvalidInput
from documents.services.recording import require_reason, stamp
from documents.services.registration import validate_document
from documents.services.errors import raise_if
from documents.services.roles import clerk_refusal

# Level and period change through the declassification procedure (a leader's
# decision), and the number of copies through copying and destruction, so a
# clerk's correction covers the particulars only. The date of classification
# is among them for material without a period, but a correction of it that
# moves the period's end is refused (`_refuse_a_quiet_decision`): moving the
# date back ends the period early, a quiet declassification.
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
    # An incoming document's receipt, as mistyped at registration (Document.RECEIPT_FIELDS).
    "received_on",
    "received_from_registry",
    "received_from_organ",
    "delivered_by",
    "sender_registry_number",
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
        ends_before = document.compute_period_end()
        for name, value in changed.items():
            setattr(document, name, value)
        validate_document(document)
        _refuse_a_quiet_decision(document, ends_before)
        document.period_ends_on = document.compute_period_end()
        stamp(document, by=by, reason=reason).save()
    return document


def _refuse_a_quiet_decision(document, ends_before):
    """A correction that would move the end of the secrecy period is a classification decision, not a correction."""
    ends_after = document.compute_period_end()
    if ends_after == ends_before:
        return
    raise InvalidInput(
        {"date_classified": [
            _("This date would move the end of the secrecy period from %(before)s to %(after)s. Only a leader's "
              "classification decision changes when a period ends: ask a leader of the unit to record it on the "
              "document's “Classification decision” page.")
            % {"before": ends_before.isoformat() if ends_before else "—", "after": ends_after.isoformat() if ends_after else "—"}
        ]}
    )
