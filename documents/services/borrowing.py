"""Borrowing (借阅): a person asks for a copy, a leader approves when the policy or the unit requires it,
the clerk hands it out, and takes it back checking that pages and attachments are complete.

Locks are taken copy first (documents.services.copies.lock_copy), then the loan row.

Each step has its check (`check_hand_out_loan(loan, user)` ...), the reason
this user may not take it now or None: the step raises it, pages ask it.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _, ngettext

from documents.models import OPEN_LOAN_STATUSES, Copy, CopyStatus, Loan, LoanMode, LoanPolicy, LoanStatus
from documents.models.loan import DEFAULT_LOAN_POLICIES
from documents.reasons import system_reason
from documents.selectors import eligible_borrowers, may_know
from documents.services.copies import lock_copy, move
from documents.services.decisions import deciding_leader_refusal, record_decision
from documents.services.custody import commitment_refusal, uncommitted_refusal
from documents.services.errors import Conflict, InvalidInput, InvalidState, NotPermitted, SeparationOfDuties, raise_if
from documents.services.holds import Procedure, hold_refusal
from documents.services.recording import require_reason, stamp, visible_text
from documents.services.roles import clerk_refusal, require_clerk
from people.models import Membership
from people.names import person_name

OUTSIDE_FIELDS = (
    "outside_unit",
    "letter_issuing_unit",
    "letter_number",
    "identity_document_type",
    "identity_document_number",
)


def policy_for(level) -> LoanPolicy:
    """The administrator's policy for a level, or the default when the row is missing."""
    policy = LoanPolicy.objects.filter(level=level).first()
    return policy or LoanPolicy(level=level, **DEFAULT_LOAN_POLICIES[level])


def belongs_to_unit(user, unit) -> bool:
    return Membership.objects.filter(user=user, unit=unit).exists()


def approval_needed(*, document, borrower) -> bool:
    """A leader approves when the level's policy says so, and always for a borrower of another unit."""
    return policy_for(document.level).needs_leader_approval or not belongs_to_unit(borrower, document.registry.unit)



def terms_problem(*, document, mode, due_on, today=None):
    """What the level's policy says against this mode and due date, as (field, message), or None."""
    today = today or timezone.localdate()
    policy = policy_for(document.level)
    if mode == LoanMode.TAKE_OUT and not policy.may_take_out:
        return "mode", _("%(level)s copies never leave the reading room: ask for a reading-room consultation.") % {
            "level": document.get_level_display()
        }
    if due_on < today:
        return "due_on", _("The due date has already passed.")
    if due_on > today + datetime.timedelta(days=policy.max_days):
        if policy.max_days == 0:
            return "due_on", _("%(level)s copies come back the same day.") % {"level": document.get_level_display()}
        return "due_on", ngettext(
            "%(level)s copies may be kept at most %(days)d day.", "%(level)s copies may be kept at most %(days)d days.",
            policy.max_days,
        ) % {
            "level": document.get_level_display(),
            "days": policy.max_days,
        }
    return None


def _one_open_loan_conflict(copy):
    return Conflict(
        _("Copy %(copy)s already has an open loan or request; wait until it is returned or cancelled.")
        % {"copy": copy.label}
    )


def check_request_loan(copy, user, *, open_loan=None):
    """May `user` ask to borrow `copy` now (for themselves, or as its clerk for someone)?

    `open_loan`: whether the caller knows the copy has a loan asked for or out.
    """
    if not may_know(user, copy.document):
        return NotPermitted()
    refusal = hold_refusal(copy, Procedure.LEND)
    if refusal is not None:
        return refusal
    if copy.status != CopyStatus.IN_REGISTRY:
        return InvalidState(
            _("Copy %(copy)s is %(status)s: only a copy in the registry can be lent.")
            % {"copy": copy.label, "status": copy.get_status_display().lower()}
        )
    if open_loan is None:
        open_loan = Loan.objects.filter(copy=copy, status__in=OPEN_LOAN_STATUSES).exists()
    if open_loan:
        return _one_open_loan_conflict(copy)
    return None


def request_loan(*, copy, borrower, by, purpose, mode, due_on, **outside) -> Loan:
    """Ask to borrow a copy (or consult it in the reading room). `by` is the borrower, or a clerk on their behalf."""
    purpose = visible_text(purpose)
    if not purpose:
        raise InvalidInput({"purpose": [_("Say what the copy is needed for: it is recorded as the reason.")]})
    unknown = set(outside) - set(OUTSIDE_FIELDS)
    if unknown:
        raise TypeError(f"not loan fields: {sorted(unknown)}")
    mode = LoanMode(mode)
    copy = Copy.objects.select_related("document__registry__unit").get(pk=copy.pk)
    document = copy.document
    raise_if(check_request_loan(copy, by))
    if by != borrower:
        require_clerk(by, document.registry)
    if not borrower.is_active:
        raise InvalidInput({"borrower": [_("This account is disabled.")]})
    if not eligible_borrowers(document).filter(pk=borrower.pk).exists():
        # In scope but without a signed commitment: say that, not "outside the scope".
        refusal = uncommitted_refusal([borrower], document)
        if refusal is not None:
            raise InvalidInput({"borrower": [str(refusal.message)]})
        raise InvalidInput(
            {
                "borrower": [
                    _(
                        "%(name)s is not in the knowledge scope of this document: the clerk must first widen the "
                        "scope, as a recorded decision."
                    )
                    % {"name": person_name(borrower)}
                ]
            }
        )
    problem = terms_problem(document=document, mode=mode, due_on=due_on)
    if problem:
        raise InvalidInput({problem[0]: [problem[1]]})

    letter = {name: visible_text(outside.get(name)) for name in OUTSIDE_FIELDS}
    if belongs_to_unit(borrower, document.registry.unit):
        letter = dict.fromkeys(OUTSIDE_FIELDS, "")
    else:
        missing = [name for name in OUTSIDE_FIELDS if not letter[name]]
        if missing:
            raise InvalidInput(
                {name: [_("Required for a borrower from another unit (introduction letter and identity).")] for name in missing}
            )

    loan = Loan(copy=copy, borrower=borrower, purpose=purpose, mode=mode, due_on=due_on, requested_by=by, **letter)
    if not approval_needed(document=document, borrower=borrower):
        loan.status = LoanStatus.APPROVED
        loan.decided_at = timezone.now()
        loan.decision_reason = system_reason("No leader's approval needed under the loan policy.")
    try:
        with transaction.atomic():
            stamp(loan, by=by, reason=system_reason("Loan requested: %s", purpose)).save()
    except IntegrityError as error:
        # Two requests for the same copy at the same moment: the constraint lets one through.
        if "loan_one_open_per_copy" in str(error):
            raise _one_open_loan_conflict(copy) from error
        raise
    return loan


def _lock_loan(loan) -> Loan:
    return (
        Loan.objects.select_for_update(of=("self",))
        .select_related("copy__document__registry__unit", "borrower", "requested_by")
        .get(pk=loan.pk)
    )


def _decider_refusal(loan, user):
    refusal = deciding_leader_refusal(user, loan.copy.document)
    if refusal is not None:
        return refusal
    if loan.status != LoanStatus.REQUESTED:
        return InvalidState(
            _("This loan is not awaiting approval (it is %(status)s).") % {"status": loan.get_status_display().lower()}
        )
    if user.pk in (loan.requested_by_id, loan.borrower_id):
        return SeparationOfDuties(_("Whoever asks cannot decide: another leader must approve or reject this loan."))
    return None


def check_approve_loan(loan, user):
    """May `user` approve this loan now? A deciding leader who did not ask, for a copy nothing holds."""
    return _decider_refusal(loan, user) or hold_refusal(loan.copy, Procedure.LEND)


def check_reject_loan(loan, user):
    return _decider_refusal(loan, user)


def _decide(*, loan, by, reason, status, label, check) -> Loan:
    reason = require_reason(reason)
    with transaction.atomic():
        loan = _lock_loan(loan)
        raise_if(check(loan, by))
        return record_decision(loan, by=by, reason=reason, status=status, label=label)


def approve_loan(*, loan, by, reason) -> Loan:
    return _decide(
        loan=loan, by=by, reason=reason, status=LoanStatus.APPROVED, label="Loan approved: %s", check=check_approve_loan
    )


def reject_loan(*, loan, by, reason) -> Loan:
    return _decide(
        loan=loan, by=by, reason=reason, status=LoanStatus.REJECTED, label="Loan rejected: %s", check=check_reject_loan
    )


def check_cancel_loan(loan, user):
    """May `user` withdraw this loan now? The borrower, whoever asked, or a clerk, before it goes out."""
    if user.pk not in (loan.requested_by_id, loan.borrower_id):
        refusal = clerk_refusal(user, loan.copy.document.registry)
        if refusal is not None:
            return refusal
    if loan.status not in (LoanStatus.REQUESTED, LoanStatus.APPROVED):
        return InvalidState(
            _("This loan is %(status)s; it can no longer be cancelled.") % {"status": loan.get_status_display().lower()}
        )
    return None


def cancel_loan(*, loan, by, reason) -> Loan:
    """The borrower, whoever asked, or the clerk withdraws a loan that has not gone out."""
    reason = require_reason(reason)
    with transaction.atomic():
        loan = _lock_loan(loan)
        raise_if(check_cancel_loan(loan, by))
        loan.status = LoanStatus.CANCELLED
        stamp(loan, by=by, reason=system_reason("Loan cancelled: %s", reason)).save()
    return loan


def check_hand_out_loan(loan, user):
    """May `user` hand the copy to the borrower now? A clerk, not the borrower, on terms the policy still allows."""
    document = loan.copy.document
    refusal = clerk_refusal(user, document.registry)
    if refusal is not None:
        return refusal
    if loan.status == LoanStatus.REQUESTED:
        return InvalidState(_("A leader must approve this loan before the copy is handed out."))
    if loan.status != LoanStatus.APPROVED:
        return InvalidState(
            _("This loan is %(status)s; the copy cannot be handed out.") % {"status": loan.get_status_display().lower()}
        )
    if user.pk == loan.borrower_id:
        return SeparationOfDuties(_("Another clerk must hand you the copy: nobody hands a copy to themselves."))
    refusal = hold_refusal(loan.copy, Procedure.LEND) or commitment_refusal(loan.borrower, document)
    if refusal is not None:
        return refusal
    if loan.approved_by_id is None and approval_needed(document=document, borrower=loan.borrower):
        return InvalidState(_("The loan policy now requires a leader's approval; ask again."))
    if not may_know(loan.borrower, document):
        return InvalidState(_("The borrower is no longer in the knowledge scope of this document."))
    problem = terms_problem(document=document, mode=loan.mode, due_on=loan.due_on)
    if problem:
        return InvalidState(problem[1])
    return None


def hand_out_loan(*, loan, by, reason) -> Loan:
    """The clerk hands the copy to the borrower: the copy goes on loan, held by them."""
    reason = require_reason(reason)
    with transaction.atomic():
        copy = lock_copy(loan.copy_id)
        loan = _lock_loan(loan)
        loan.copy = copy
        raise_if(check_hand_out_loan(loan, by))
        move(
            copy,
            to=CopyStatus.ON_LOAN,
            holder=loan.borrower,
            by=by,
            reason=system_reason(
                "Lent (%(mode)s) until %(due)s: %(reason)s",
                mode=LoanMode(loan.mode).label, due=loan.due_on.isoformat(), reason=reason,
            ),
        )
        loan.status = LoanStatus.OUT
        loan.handed_out_by = by
        loan.handed_out_at = timezone.now()
        stamp(loan, by=by, reason=system_reason("Copy handed out: %s", reason)).save()
    return loan


def check_return_loan(loan, user):
    """May `user` take the copy back from the borrower now? A clerk, not the borrower, while it is out."""
    refusal = clerk_refusal(user, loan.copy.document.registry)
    if refusal is not None:
        return refusal
    if loan.status != LoanStatus.OUT:
        return InvalidState(
            _("This loan is %(status)s; there is nothing to take back.") % {"status": loan.get_status_display().lower()}
        )
    if user.pk == loan.borrower_id:
        return SeparationOfDuties(_("Another clerk must take the copy back from you."))
    return None


def return_loan(*, loan, by, reason, pages_complete, attachments_complete, discrepancy="") -> Loan:
    """The clerk takes the copy back, checks pages and attachments, and records any discrepancy."""
    reason = require_reason(reason)
    discrepancy = visible_text(discrepancy)
    with transaction.atomic():
        copy = lock_copy(loan.copy_id)
        loan = _lock_loan(loan)
        loan.copy = copy
        raise_if(check_return_loan(loan, by))
        if not (pages_complete and attachments_complete) and not discrepancy:
            raise InvalidInput({"discrepancy": [_("Pages or attachments are missing: describe what is missing.")]})
        note = reason if not discrepancy else system_reason("%(reason)s. Discrepancy: %(note)s", reason=reason, note=discrepancy)
        move(copy, to=CopyStatus.IN_REGISTRY, by=by, reason=system_reason("Returned from loan: %s", note))
        loan.status = LoanStatus.RETURNED
        loan.received_by = by
        loan.returned_at = timezone.now()
        loan.pages_complete = bool(pages_complete)
        loan.attachments_complete = bool(attachments_complete)
        loan.discrepancy = discrepancy
        stamp(loan, by=by, reason=system_reason("Copy returned: %s", note)).save()
    return loan


def end_on_loss(*, copy, by, reason):
    """A copy reported lost ends its open loan; the caller (documents.services.loss) holds the copy's lock."""
    for loan in Loan.objects.select_for_update().filter(copy=copy, status__in=OPEN_LOAN_STATUSES).order_by("pk"):
        loan.status = LoanStatus.LOST if loan.status == LoanStatus.OUT else LoanStatus.CANCELLED
        stamp(loan, by=by, reason=reason).save()
