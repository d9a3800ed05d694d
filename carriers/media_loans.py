"""Lending removable media (U disks, removable hard disks) to people and taking them back (移动存储介质借用).

As for copies: a secrecy clerk of the medium's unit lends it to an active secret-related person of the unit
who has a signed confidentiality commitment on file, from a day (not after today) until a day it is due back,
and records its return, complete or not (with a note when not). A medium is with one person at a time: the
services lock the medium's row, and a partial unique constraint holds if two clerks lend it at once.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from carriers.models import Device, DeviceStatus, MediumLoan
from carriers.services import _final_refusal, _listed_refusal, clerk_refusal
from documents.levels import Level
from documents.selectors import eligible_custodians
from documents.services.custody import has_commitment
from documents.services.errors import Conflict, InvalidInput, InvalidState, first_refusal, raise_if
from documents.services.recording import require_reason, stamp, visible_text
from people.names import person_name


def open_loan(device):
    return MediumLoan.objects.filter(device=device, returned_on__isnull=True).select_related("borrower").first()


def check_lend(device, user):
    refusal = first_refusal(_final_refusal(device), clerk_refusal(user, device.unit))
    if refusal is None and not device.is_storage_medium:
        refusal = InvalidState(_("Only a removable storage medium is lent; a classified computer stays in its place."))
    if refusal is None and device.status != DeviceStatus.IN_USE:
        refusal = InvalidState(_("%(device)s is in repair; it is lent once it is back.") % {"device": device.asset_number})
    if refusal is None:
        loan = open_loan(device)
        if loan is not None:
            refusal = InvalidState(_("%(device)s is lent to %(person)s since %(date)s; record its return first.")
                                   % {"device": device.asset_number, "person": person_name(loan.borrower),
                                      "date": loan.lent_on.isoformat()})
    return refusal or _listed_refusal(device)


def check_return(device, user):
    refusal = clerk_refusal(user, device.unit)
    if refusal is None and open_loan(device) is None:
        refusal = InvalidState(_("%(device)s is not lent to anyone.") % {"device": device.asset_number})
    return refusal


def commitment_refusal(person, device):
    """A classified medium goes only to someone with a signed confidentiality commitment on file."""
    if device.level != Level.INTERNAL and not has_commitment(person):
        return InvalidState(
            _("%(person)s has no signed confidentiality commitment on file: a classified medium is lent only to "
              "someone who has signed one. The secrecy office records it on the person's personnel page.")
            % {"person": person_name(person)}
        )
    return None


def _lock(device):
    return Device.objects.select_for_update(of=("self",)).select_related("unit").get(pk=device.pk)


def lend_medium(*, device, borrower, lent_on, due_on, by, reason) -> MediumLoan:
    reason = require_reason(reason)
    errors = {}
    today = timezone.localdate()
    if lent_on is None or lent_on > today:
        errors["lent_on"] = [_("A loan is recorded once the medium is handed over: the date cannot be after today.")]
    if due_on is None or (lent_on is not None and due_on < lent_on):
        errors["due_on"] = [_("The medium is due back on or after the day it is lent.")]
    if errors:
        raise InvalidInput(errors)
    with transaction.atomic():
        device = _lock(device)
        raise_if(check_lend(device, by))
        if borrower is None or not eligible_custodians(device.unit_id).filter(pk=borrower.pk).exists():
            raise InvalidInput({"borrower": [_("Pick an active person of %(unit)s in a secret-related role.")
                                             % {"unit": device.unit}]})
        raise_if(commitment_refusal(borrower, device))
        loan = MediumLoan(device=device, borrower=borrower, lent_on=lent_on, due_on=due_on, lent_by=by)
        try:
            with transaction.atomic():
                stamp(loan, by=by, reason=reason).save()
        except IntegrityError as error:
            raise Conflict(_("%(device)s was lent a moment ago.") % {"device": device.asset_number}) from error
    return loan


def return_medium(*, device, returned_on, complete, note="", by, reason) -> MediumLoan:
    """The medium is back: on `returned_on` (between the day it was lent and today), complete or not."""
    reason = require_reason(reason)
    note = visible_text(note)
    with transaction.atomic():
        device = _lock(device)
        raise_if(check_return(device, by))
        loan = MediumLoan.objects.select_for_update().get(device=device, returned_on__isnull=True)
        errors = {}
        if returned_on is None or returned_on > timezone.localdate() or returned_on < loan.lent_on:
            errors["returned_on"] = [_("The return date falls between the day it was lent (%(date)s) and today.")
                                     % {"date": loan.lent_on.isoformat()}]
        if complete is None:
            errors["complete"] = [_("Say whether the medium came back complete.")]
        elif not complete and not note:
            errors["note"] = [_("Write down what was missing or wrong on return.")]
        if errors:
            raise InvalidInput(errors)
        loan.returned_on, loan.returned_complete, loan.return_note, loan.received_by = returned_on, complete, note, by
        stamp(loan, by=by, reason=reason).save()
    return loan
