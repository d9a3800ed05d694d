from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from documents.models import DestructionMethod

from .copy_picker import PickCopiesForm
from .fields import ReasonField
from .people_picker import PersonField, point_at


class PrepareDestructionForm(PickCopiesForm):
    reason = ReasonField(label=_("Reason for destruction"), initial=_("No longer needed; kept beyond its use"))


class AddCopiesForm(PickCopiesForm):
    reason = ReasonField(initial=_("Added to the list"))


class ReasonOnlyForm(forms.Form):
    reason = ReasonField()


class RemoveCopiesForm(forms.Form):
    """The ticked copies and/or devices to take off a draft list."""

    copies = forms.ModelMultipleChoiceField(queryset=None, widget=forms.MultipleHiddenInput, required=False)
    devices = forms.ModelMultipleChoiceField(queryset=None, widget=forms.MultipleHiddenInput, required=False)
    reason = ReasonField(initial=_("Taken off the list"))

    def __init__(self, *args, dlist, **kwargs):
        super().__init__(*args, **kwargs)
        from carriers.models import Device
        from documents.models import Copy

        self.fields["copies"].queryset = Copy.objects.filter(destruction_items__list=dlist)
        self.fields["devices"].queryset = Device.objects.filter(destruction_items__list=dlist)

    def clean(self):
        data = super().clean()
        if not data.get("copies") and not data.get("devices"):
            raise forms.ValidationError(_("Tick at least one copy or device."))
        return data


class AddDeviceForm(forms.Form):
    """A classified computer or storage medium of the list's unit, in use and on no open list."""

    device = forms.ModelChoiceField(queryset=None, label=_("Device"))
    reason = ReasonField(initial=_("Scrapped: no longer fit for use"))

    def __init__(self, *args, devices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["device"].queryset = devices
        self.fields["device"].label_from_instance = lambda device: (
            f"{device.asset_number} · {device.get_kind_display()} · {device.serial_number} · {device.get_level_display()}"
        )


class ExecuteDestructionForm(forms.Form):
    executed_on = forms.DateField(
        label=_("Date of destruction"), widget=forms.DateInput(attrs={"type": "date"}), initial=timezone.localdate
    )
    place = forms.CharField(label=_("Place"), max_length=200, help_text=_("The designated place where it was done."))
    method = forms.ChoiceField(label=_("Method"), choices=[("", "—"), *DestructionMethod.choices])
    witness_1 = PersonField(label=_("First witness"))
    witness_1_password = forms.CharField(
        label=_("First witness's password"), required=False, strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        help_text=_("Typed by the witness. Left empty, the witness confirms later from their own inbox."),
    )
    witness_1_code = forms.CharField(
        label=_("First witness's one-time code"), required=False, max_length=6,
        widget=forms.PasswordInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
        help_text=_("Only for a witness who has an authenticator."),
    )
    witness_2 = PersonField(label=_("Second witness"))
    witness_2_password = forms.CharField(
        label=_("Second witness's password"), required=False, strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        help_text=_("Typed by the witness. Left empty, the witness confirms later from their own inbox."),
    )
    witness_2_code = forms.CharField(
        label=_("Second witness's one-time code"), required=False, max_length=6,
        widget=forms.PasswordInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
        help_text=_("Only for a witness who has an authenticator."),
    )
    reason = ReasonField(initial=_("Destroyed as approved"))

    # What the execution service takes; the passwords are checked by the page and become proofs.
    RECORD = ("executed_on", "place", "method", "witness_1", "witness_2", "reason")

    def __init__(self, *args, witnesses, search_url, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("witness_1", "witness_2"):
            point_at(self.fields[name], people=witnesses, search_url=search_url)


class ConfirmWitnessForm(forms.Form):
    """A named witness confirms, in their own session, with their own password (and code)."""

    password = forms.CharField(
        label=_("Your password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    code = forms.CharField(
        label=_("Six-digit code from your authenticator"), required=False, max_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, with_code, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_code:
            del self.fields["code"]
