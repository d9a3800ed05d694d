from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from documents.models import ItemResult

from .fields import ReasonField


class OpenInventoryForm(forms.Form):
    registry = forms.ModelChoiceField(queryset=None, label=_("Registry"), empty_label=None)
    reason = ReasonField(label=_("Purpose"), initial=_("Annual inventory"))

    def __init__(self, *args, registries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registry"].queryset = registries


class ScanForm(forms.Form):
    code = forms.CharField(
        label=_("Copy seen"),
        max_length=60,
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "off", "placeholder": "BGS-2026-00017-3", "size": 28}
        ),
        help_text=_("Type or scan the registry number and copy number, then press Enter."),
    )


class ProblemForm(forms.Form):
    result = forms.ChoiceField(
        label=_("Found"),
        choices=[(v.value, v.label) for v in (ItemResult.MISSING, ItemResult.DAMAGED, ItemResult.WRONG_HOLDER, ItemResult.SEEN)],
    )
    found_holder = forms.ModelChoiceField(
        queryset=get_user_model().objects.filter(is_active=True).order_by("username"),
        required=False,
        label=_("Actually held by"),
    )
    note = forms.CharField(max_length=500, required=False, label=_("Note"))
    reason = ReasonField(initial=_("Checked at inventory"))


class CloseForm(forms.Form):
    reason = ReasonField(initial=_("Inventory completed"))


class SignOffForm(forms.Form):
    note = forms.CharField(label=_("Inspector's note"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class ReportMissingForm(forms.Form):
    """One reason for the whole batch; `item` (a button's value) narrows it to one missing copy."""

    reason = ReasonField(initial=_("Missing at the inventory"))
    item = forms.IntegerField(required=False, widget=forms.HiddenInput)
