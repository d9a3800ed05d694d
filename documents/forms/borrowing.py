from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from documents.models import IdentityDocument, LoanMode
from documents.services.borrowing import OUTSIDE_FIELDS

from .fields import ReasonField
from .people_picker import PersonField, point_at

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CopyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, copy):
        return _("Copy %(number)d") % {"number": copy.number}


class LoanRequestForm(forms.Form):
    copy = CopyChoiceField(queryset=None, label=_("Copy"), empty_label=None)
    borrower = PersonField(queryset=None, label=_("Borrower"))
    mode = forms.ChoiceField(label=_("Mode"), choices=LoanMode.choices, initial=LoanMode.READING_ROOM)
    due_on = forms.DateField(label=_("Due back on"), widget=DATE)
    purpose = forms.CharField(
        label=_("Purpose"), max_length=500, help_text=_("What the copy is needed for; recorded as the reason.")
    )
    outside_unit = forms.CharField(label=_("Borrower's unit"), max_length=200, required=False)
    letter_issuing_unit = forms.CharField(label=_("Introduction letter issued by"), max_length=200, required=False)
    letter_number = forms.CharField(label=_("Introduction letter number"), max_length=100, required=False)
    identity_document_type = forms.ChoiceField(
        label=_("Identity document"), choices=[("", "—"), *IdentityDocument.choices], required=False
    )
    identity_document_number = forms.CharField(label=_("Identity document number"), max_length=50, required=False)

    def __init__(
        self, *args, copies, on_behalf, show_letter, may_take_out, outside_unit="", borrowers=None, search_url="", **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["copy"].queryset = copies
        if not may_take_out:
            self.fields["mode"].choices = [(LoanMode.READING_ROOM.value, LoanMode.READING_ROOM.label)]
        self.fields["due_on"].initial = timezone.localdate()
        if on_behalf:
            point_at(self.fields["borrower"], people=borrowers, search_url=search_url)
        else:
            del self.fields["borrower"]
        if show_letter:
            self.fields["outside_unit"].initial = outside_unit
            for name in OUTSIDE_FIELDS:
                self.fields[name].help_text = _("For a borrower from another unit only.") if on_behalf else ""
        else:
            for name in OUTSIDE_FIELDS:
                del self.fields[name]


class DecisionForm(forms.Form):
    reason = ReasonField(help_text=_("Your decision is recorded with your name and this reason."))


class HandOutForm(forms.Form):
    reason = ReasonField(initial=_("Handed over against signature"))


class CancelForm(forms.Form):
    reason = ReasonField(initial=_("No longer needed"))


class ReturnForm(forms.Form):
    pages_complete = forms.BooleanField(label=_("All pages are there"), required=False)
    attachments_complete = forms.BooleanField(label=_("All attachments are there"), required=False)
    discrepancy = forms.CharField(
        label=_("What is missing or damaged"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when a box above is not ticked."),
    )
    reason = ReasonField(initial=_("Returned and checked"))
