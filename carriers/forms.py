from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from carriers.models import Device
from documents.forms.fields import ReasonField
from documents.forms.people_picker import PersonField, point_at
from documents.selectors import eligible_custodians

CUSTODIAN_ERRORS = {
    "invalid_choice": _("Pick an active person of the device's unit the list offers."),
    "required": _("Pick the custodian: the person who answers for the device."),
}


class DeviceForm(forms.ModelForm):
    unit = forms.ModelChoiceField(queryset=None, label=_("Unit"), empty_label=None)
    custodian = PersonField(label=_("Custodian"), error_messages=CUSTODIAN_ERRORS)
    reason = ReasonField(initial=_("Registered in the device register"))

    class Meta:
        model = Device
        fields = ["kind", "asset_number", "model_name", "serial_number", "level", "custodian", "location", "network"]

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        # Who is eligible depends on the unit picked: the search sends it along,
        # and clean_custodian holds the pick to that unit's people.
        point_at(
            self.fields["custodian"],
            people=eligible_custodians(*units),
            search_url=reverse("carriers:people_custodians_new"),
            include="#id_unit",
        )
        self.order_fields(["unit"])

    def clean_custodian(self):
        custodian = self.cleaned_data["custodian"]
        unit = self.cleaned_data.get("unit")
        if unit is not None and not eligible_custodians(unit).filter(pk=custodian.pk).exists():
            raise forms.ValidationError(self.fields["custodian"].error_messages["invalid_choice"], code="invalid_choice")
        return custodian

    def validate_unique(self):
        # The service validates, with the message by field.
        pass


class CustodianForm(forms.Form):
    custodian = PersonField(label=_("New custodian"), error_messages=CUSTODIAN_ERRORS)
    reason = ReasonField(initial=_("Handed over to a new custodian"))

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        point_at(
            self.fields["custodian"],
            people=eligible_custodians(device.unit_id),
            search_url=reverse("carriers:people_custodians", args=[device.pk]),
        )


class RepairForm(forms.Form):
    repairer = forms.CharField(label=_("Repaired by (approved repairer, place)"), max_length=500)
    reason = ReasonField(initial=_("Sent for repair"))


class ReasonOnlyForm(forms.Form):
    reason = ReasonField()


class LoadCopyForm(forms.Form):
    copy = forms.ModelChoiceField(queryset=None, label=_("Electronic copy"))
    reason = ReasonField(initial=_("Copy stored on the device"))

    def __init__(self, *args, copies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["copy"].queryset = copies
        self.fields["copy"].label_from_instance = lambda copy: f"{copy.label} {copy.document.title}"


class ScrapForm(forms.Form):
    """Put a device on a destruction list: a new one, or a draft of the same unit's registry."""

    dlist = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Destruction list"), empty_label=_("A new destruction list")
    )
    registry = forms.ModelChoiceField(queryset=None, label=_("Registry of a new list"), empty_label=None)
    with_copies = forms.BooleanField(required=False, label=_("List the electronic copies it carries as well"))
    reason = ReasonField(label=_("Reason for destruction"), initial=_("Scrapped: no longer fit for use"))

    def __init__(self, *args, drafts, registries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dlist"].queryset = drafts
        self.fields["dlist"].label_from_instance = lambda dlist: f"{dlist.label} · {dlist.reason}"
        self.fields["registry"].queryset = registries
