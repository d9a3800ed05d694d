from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from carriers.models import Device
from documents.forms.fields import ReasonField


def _people():
    return get_user_model().objects.filter(is_active=True).order_by("username")


class DeviceForm(forms.ModelForm):
    unit = forms.ModelChoiceField(queryset=None, label=_("Unit"), empty_label=None)
    reason = ReasonField(initial=_("Registered in the device register"))

    class Meta:
        model = Device
        fields = ["kind", "asset_number", "model_name", "serial_number", "level", "custodian", "location", "network"]

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["custodian"].queryset = _people()
        self.order_fields(["unit"])

    def validate_unique(self):
        # The service validates, with the message by field.
        pass


class CustodianForm(forms.Form):
    custodian = forms.ModelChoiceField(queryset=_people(), label=_("New custodian"))
    reason = ReasonField(initial=_("Handed over to a new custodian"))


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
