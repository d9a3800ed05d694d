"""Borrowing through the API: the same services as the pages (documents.services.borrowing).

The borrower (or a clerk on their behalf) asks for a copy, a leader decides
when the loan policy or the borrower's unit requires it, the clerk hands the
copy out and takes it back, checking pages and attachments.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from documents.api.base import ObjectStep, ScopedDetail, ScopedList, StepView
from documents.api.circulation import ReasonIn
from documents.api.serializers import ReasonField, UserField
from documents.models import IdentityDocument, Loan, LoanMode
from documents.selectors import visible_copies, visible_loans
from documents.services import borrowing

LOAN_RELATED = ("copy__document__registry__unit", "borrower", "requested_by", "approved_by", "handed_out_by", "received_by")
LOAN_SORTS = {
    "newest": (_("Newest request first"), ["-requested_at", "-pk"]),
    "due": (_("Soonest due first"), ["due_on", "pk"]),
}


def _username(**kwargs):
    return serializers.SlugRelatedField(slug_field="username", read_only=True, **kwargs)


class LoanOut(serializers.ModelSerializer):
    copy_label = serializers.CharField(source="copy.label", read_only=True)
    borrower = _username()
    requested_by = _username()
    decided_by = _username(source="approved_by", allow_null=True)
    handed_out_by = _username(allow_null=True)
    received_by = _username(allow_null=True)
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Loan
        fields = (
            "id", "copy", "copy_label", "status", "borrower", "purpose", "mode", "due_on", "is_overdue",
            "outside_unit", "letter_issuing_unit", "letter_number", "identity_document_type", "identity_document_number",
            "requested_by", "requested_at", "decided_by", "decided_at", "decision_reason",
            "handed_out_by", "handed_out_at", "received_by", "returned_at",
            "pages_complete", "attachments_complete", "discrepancy",
        )
        read_only_fields = fields


class LoanRequestIn(serializers.Serializer):
    borrower = UserField(
        required=False, help_text=_("Username of the borrower; leave it out to borrow yourself (clerks ask for others).")
    )
    purpose = serializers.CharField(max_length=500, allow_blank=True, help_text=_("Recorded as the reason."))
    mode = serializers.ChoiceField(choices=LoanMode.choices)
    due_on = serializers.DateField()
    outside_unit = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    letter_issuing_unit = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    letter_number = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    identity_document_type = serializers.ChoiceField(
        choices=IdentityDocument.choices, required=False, allow_blank=True, default=""
    )
    identity_document_number = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")


class LoanReturnIn(serializers.Serializer):
    pages_complete = serializers.BooleanField()
    attachments_complete = serializers.BooleanField()
    discrepancy = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default="", help_text=_("What is missing, if anything.")
    )
    reason = ReasonField()


class LoanList(ScopedList):
    """The loans you may see: all loans of your unit's registry for its clerks, leaders and inspectors,
    otherwise your own."""

    selector = staticmethod(visible_loans)
    related = LOAN_RELATED
    serializer_class = LoanOut
    sorts = LOAN_SORTS
    filter_backends = ()


class LoanDetail(ScopedDetail):
    selector = staticmethod(visible_loans)
    related = LOAN_RELATED
    serializer_class = LoanOut


class RequestLoan(StepView):
    """Ask to borrow a copy (or consult it in the reading room); a clerk may ask on a borrower's behalf."""

    selector = staticmethod(visible_copies)
    input_serializer = LoanRequestIn
    output_serializer = LoanOut
    success_status = 201

    def perform(self, copy, data):
        by = self.request.user
        return borrowing.request_loan(copy=copy, borrower=data.pop("borrower", by), by=by, **data)


class _LoanStep(ObjectStep):
    selector = staticmethod(visible_loans)
    related = LOAN_RELATED
    input_serializer = ReasonIn
    output_serializer = LoanOut
    target = "loan"


class ApproveLoan(_LoanStep):
    """A leader of the registry's unit, who did not ask, approves the loan."""

    service = staticmethod(borrowing.approve_loan)


class RejectLoan(_LoanStep):
    """A leader rejects the loan, with a reason."""

    service = staticmethod(borrowing.reject_loan)


class CancelLoan(_LoanStep):
    """The borrower, whoever asked, or the clerk withdraws a loan not yet handed out."""

    service = staticmethod(borrowing.cancel_loan)


class HandOutLoan(_LoanStep):
    """The clerk hands the copy to the borrower."""

    service = staticmethod(borrowing.hand_out_loan)


class ReturnLoan(_LoanStep):
    """The clerk takes the copy back and records whether pages and attachments are complete."""

    input_serializer = LoanReturnIn
    service = staticmethod(borrowing.return_loan)
