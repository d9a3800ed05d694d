from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from documents.selectors import eligible_holders

from .fields import ReasonField
from .people_picker import PersonField, point_at

GIVE_A_REASON = {"required": _("Give a reason: every change is recorded with why it was made.")}


class OpenInventoryForm(forms.Form):
    registry = forms.ModelChoiceField(queryset=None, label=_("Registry"), empty_label=None)
    reason = ReasonField(label=_("Purpose"), initial=_("Annual inventory"))

    def __init__(self, *args, registries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registry"].queryset = registries


class ScanForm(forms.Form):
    code = forms.CharField(
        label=_("Copy or device seen"),
        max_length=60,
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "off", "placeholder": "BGS-2026-00017-3", "size": 28,
                   "spellcheck": "false", "autocapitalize": "characters", "enterkeyhint": "done"}
        ),
        help_text=_("Type or scan the registry number and copy number, or a device's asset number, then press Enter."),
    )


class ProblemForm(forms.Form):
    """What the clerk found for one copy; the choices are those the service accepts for it, none preselected."""

    result = forms.ChoiceField(label=_("Found"), widget=forms.RadioSelect)
    found_holder = PersonField(
        required=False,
        label=_("Actually held by"),
        help_text=_("Only when the copy is with someone other than the ledger says."),
        error_messages={"invalid_choice": _("Pick an active person of this unit the list offers.")},
    )
    note = forms.CharField(max_length=500, required=False, label=_("Note"))
    reason = ReasonField(initial=_("Checked at inventory"), error_messages=GIVE_A_REASON)

    def __init__(self, *args, item, results, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["result"].choices = [(result.value, result.label) for result in results]
        inventory = item.inventory
        point_at(
            self.fields["found_holder"],
            people=eligible_holders(inventory),
            search_url=reverse("documents:people_holders", args=[inventory.pk]),
        )


class DeviceProblemForm(forms.Form):
    """What the clerk found of one device; the choices are those the service accepts, none preselected."""

    result = forms.ChoiceField(label=_("Found"), widget=forms.RadioSelect)
    found_custodian = PersonField(
        required=False,
        label=_("Actually with"),
        help_text=_("Only when the device is with someone other than its custodian."),
        error_messages={"invalid_choice": _("Pick an active person of this unit the list offers.")},
    )
    note = forms.CharField(max_length=500, required=False, label=_("Note"))
    reason = ReasonField(initial=_("Checked at inventory"), error_messages=GIVE_A_REASON)

    def __init__(self, *args, item, results, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["result"].choices = [(result.value, result.label) for result in results]
        inventory = item.inventory
        point_at(
            self.fields["found_custodian"],
            people=eligible_holders(inventory),
            search_url=reverse("documents:people_holders", args=[inventory.pk]),
        )


class CloseForm(forms.Form):
    reason = ReasonField(initial=_("Inventory completed"), error_messages=GIVE_A_REASON)


class SignOffForm(forms.Form):
    note = forms.CharField(label=_("Inspector's note"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class ReportMissingForm(forms.Form):
    """One reason for the whole batch; `item` narrows it to one missing copy."""

    reason = ReasonField(initial=_("Missing at the inventory"), error_messages=GIVE_A_REASON)
    item = forms.IntegerField(required=False, widget=forms.HiddenInput)
