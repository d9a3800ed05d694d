"""Forms of the bulk pages: several copies to one reading list, and a scanned stack of copies."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .circulation import MAX_READERS
from .copy_picker import CopiesField
from .fields import ReasonField
from .people_picker import PeopleField, point_at

STACK_MAX = 200


class ProposeCirculationsForm(forms.Form):
    """The ticked copies of one document, each to get its own list with the same readers in the same order."""

    copies = CopiesField(error_messages={"required": _("Tick at least one copy.")})
    readers = PeopleField(
        label=_("Readers, in order"),
        max_count=MAX_READERS,
        help_text=_("Type a name or username and pick; each copy goes to them in this order."),
        error_messages={"required": _("Choose at least one reader.")},
    )
    reason = ReasonField(initial=_("For reading"))

    def __init__(self, *args, copies, readers, search_url, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["copies"].queryset = copies
        point_at(self.fields["readers"], people=readers, search_url=search_url)

    def picked_ids(self):
        return {str(value) for value in (self.data.getlist("copies") if self.is_bound else [])}


class StackForm(forms.Form):
    """Copy codes, one a line (a scanner types each code and Enter); confirming also needs the reason."""

    codes = forms.CharField(
        label=_("Copy codes"),
        max_length=STACK_MAX * 40,
        widget=forms.Textarea(attrs={"rows": 8, "autocomplete": "off", "spellcheck": "false", "autofocus": True}),
        help_text=_("Scan or type one copy code a line, e.g. BGS-2026-00017-3."),
    )
    # What the preview showed, "copy:step" a line: confirming does exactly that or nothing.
    plan = forms.CharField(required=False, widget=forms.HiddenInput)
    reason = ReasonField(initial=_("Handed over and received against signature"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = False  # a preview changes nothing; the view asks for it on confirming

    def lines(self):
        return [line.strip() for line in self.cleaned_data["codes"].splitlines() if line.strip()]

    def clean_codes(self):
        codes = self.cleaned_data["codes"]
        if len([line for line in codes.splitlines() if line.strip()]) > STACK_MAX:
            raise forms.ValidationError(
                _("At most %(limit)d copies at once; split the stack.") % {"limit": STACK_MAX}
            )
        return codes
