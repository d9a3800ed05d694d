"""What the forms of every register share: the date widget and the withdrawal form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from documents.forms.fields import ReasonField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class WithdrawForm(forms.Form):
    reason = ReasonField(help_text=_("Why the rule is no longer in force, e.g. replaced by a revised rule."))

    def __init__(self, *args, help_text=None, **kwargs):
        super().__init__(*args, **kwargs)
        if help_text:
            self.fields["reason"].help_text = help_text
