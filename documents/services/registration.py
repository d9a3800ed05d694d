"""Registering a document: the document, its copies, its scope and their history, all or nothing."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from documents.copy_numbers import copy_number_errors
from documents.levels import default_period
from documents.models import Copy, CopyStatus, Direction, Document
from documents.models.document import MAX_COPIES
from documents.services import scope
from documents.services.errors import InvalidInput, raise_if
from documents.services.numbering import allocate_serial, format_registry_number
from documents.services.recording import require_reason, stamp
from documents.services.roles import clerk_refusal
from documents.services.storage import location_for

# Fields a clerk fills in; everything else is allocated or computed.
REGISTRATION_FIELDS = (
    "direction",
    "document_type",
    "title",
    "originating_organ",
    "reference_number",
    "level",
    "secrecy_period_years",
    "date_classified",
    "pages",
    "attachments",
    "copies_count",
    "urgency",
    "medium",
    "remarks",
    # An incoming document's receipt (Document.RECEIPT_FIELDS).
    "received_on",
    "received_from_registry",
    "received_from_organ",
    "delivered_by",
    "sender_registry_number",
)
SYSTEM_FIELDS = ["registry_number", "year", "serial", "created_by", "period_ends_on"]


def validate_document(document):
    """Model validation as a domain error, so forms and the API show it by field."""
    try:
        document.full_clean(exclude=SYSTEM_FIELDS, validate_constraints=False)
    except ValidationError as error:
        raise InvalidInput(error.message_dict) from error


def register_document(
    *, registry, by, reason, scope_users=(), scope_units=(), copy_numbers=None, location=None, **fields
) -> Document:
    """Register an incoming or internal document and its copies, numbered 1..copies_count.

    An outgoing document is not registered here: `register_approved` does it when a
    leader approves its classification proposal (review.services.approve_proposal).

    `copy_numbers`: the sender's copy numbers, kept as they are, for an
    incoming document (typed by the clerk, or received through dispatch);
    copies_count is then their count. `location`: the Place
    (documents.services.storage) every copy is put at.
    """
    if fields.get("direction") == Direction.OUTGOING:
        # Issue 16 item 1: an outgoing document is numbered only once its classification is approved.
        raise InvalidInput({"direction": [_(
            "An outgoing document is registered when a leader approves its classification proposal: "
            "propose it under Classification review."
        )]})
    return _register(registry=registry, by=by, reason=reason, scope_users=scope_users, scope_units=scope_units,
                     copy_numbers=copy_numbers, location=location, role=clerk_refusal, fields=fields)


def register_approved(*, registry, by, reason, scope_users=(), scope_units=(), **fields) -> Document:
    """Register an outgoing document a leader has just approved (review.services.approve_proposal).

    The approving leader registers it: the caller has checked, under its lock,
    that `by` leads the registry's unit and may approve; no clerk's role is asked.
    """
    return _register(registry=registry, by=by, reason=reason, scope_users=scope_users, scope_units=scope_units,
                     copy_numbers=None, location=None, role=None, fields=fields)


def _register(*, registry, by, reason, scope_users, scope_units, copy_numbers, location, role, fields) -> Document:
    reason = require_reason(reason)
    if copy_numbers is not None:
        copy_numbers = _sender_copy_numbers(copy_numbers, fields)
    unknown = set(fields) - set(REGISTRATION_FIELDS)
    if unknown:
        raise TypeError(f"not registration fields: {sorted(unknown)}")
    if role is not None:
        raise_if(role(by, registry))

    document = Document(registry=registry, created_by=by, copy_numbers_from_sender=copy_numbers is not None, **fields)
    if document.direction == Direction.INCOMING and document.received_on is None:
        document.received_on = timezone.localdate()
    if document.secrecy_period_years is None:
        document.secrecy_period_years = default_period(document.level) if document.level is not None else None
    validate_document(document)
    scope._check_people(scope_users)

    year = timezone.localdate().year
    serial = allocate_serial(registry=registry, year=year)
    try:
        with transaction.atomic():
            document.year, document.serial = year, serial
            document.registry_number = format_registry_number(registry=registry, year=year, serial=serial)
            document.period_ends_on = document.compute_period_end()
            stamp(document, by=by, reason=reason).save()
            kept_at = location_for(registry=registry, place=location, by=by, reason=reason) if location else None
            copies = [
                Copy(document=document, number=number, status=CopyStatus.IN_REGISTRY, location=kept_at)
                for number in (copy_numbers or range(1, document.copies_count + 1))
            ]
            bulk_create_with_history(copies, Copy, default_user=by, default_change_reason=reason)
            scope.grant(document=document, users=scope_users, units=scope_units, by=by, reason=reason)
    except IntegrityError as error:
        # A concurrent registration of the same organ's reference number won the race.
        if "document_unique_reference" in str(error):
            raise InvalidInput(
                {"reference_number": [_("This organ's reference number was registered a moment ago.")]}
            ) from error
        raise
    return document


def _sender_copy_numbers(numbers, fields):
    """The sender's numbers, checked, in order; the copies count follows them (and must agree when given)."""
    numbers = list(numbers)
    errors = copy_number_errors(numbers, limit=MAX_COPIES)
    if fields.get("direction") != Direction.INCOMING:
        errors.append(_("Only an incoming document keeps the sender's copy numbers."))
    count = fields.get("copies_count")
    if not errors and count not in (None, len(numbers)):
        errors.append(
            _("%(count)d copy numbers are given for %(copies)d copies; give as many numbers as copies.")
            % {"count": len(numbers), "copies": count}
        )
    if errors:
        raise InvalidInput({"copy_numbers": errors})
    fields["copies_count"] = len(numbers)
    return sorted(numbers)
