from django import forms
from django.utils.translation import gettext_lazy as _

from documents.models import ReproductionKind
from documents.models.reproduction import MAX_REPRODUCTIONS

from .borrowing import CopyChoiceField
from .fields import ReasonField


class ReproductionRequestForm(forms.Form):
    source_copy = CopyChoiceField(queryset=None, label=_("Copy to reproduce"), empty_label=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=ReproductionKind.choices, initial=ReproductionKind.COPY)
    count = forms.IntegerField(label=_("Number of copies"), min_value=1, max_value=MAX_REPRODUCTIONS, initial=1)
    originating_approval = forms.CharField(
        label=_("Originating organ's approval reference"), max_length=200, required=False,
    )
    reason = ReasonField(help_text=_("Why the copies are needed; the leader decides on it."))

    def __init__(self, *args, copies, top_secret, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source_copy"].queryset = copies
        if top_secret:
            self.fields["originating_approval"].required = True
            self.fields["originating_approval"].help_text = _("Top secret: the originating organ must have approved the copying.")
        else:
            del self.fields["originating_approval"]


class ExecuteForm(forms.Form):
    reason = ReasonField(initial=_("Copies made, marked and registered"))
