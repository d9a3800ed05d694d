"""Picking copies by ticking them in a filtered table (recovery to issuer, destruction lists)."""

from django import forms
from django.utils.translation import gettext_lazy as _

PICKER_LIMIT = 500


class CopiesField(forms.ModelMultipleChoiceField):
    """The ticked copies; only copies offered to this user validate."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Copies"))
        super().__init__(queryset=None, widget=forms.MultipleHiddenInput, **kwargs)


class PickCopiesForm(forms.Form):
    copies = CopiesField(error_messages={"required": _("Tick at least one copy.")})

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["copies"].queryset = candidates

    def picked_ids(self):
        """The ticked copy ids, to keep the ticks when the page is shown again."""
        return {str(value) for value in (self.data.getlist("copies") if self.is_bound else [])}
