from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from carriers.models import CheckPoint, Device, OpenNetwork
from carriers.models.check import FOUND
from inspections.models import DeviceCheckResult
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


class PeriodicCheckForm(forms.Form):
    """A periodic check: the points found wanting are ticked; every point left unticked was found sound."""

    checked_on = forms.DateField(label=_("Checked on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    failed = forms.MultipleChoiceField(
        label=_("What the check found wrong"), choices=[(point.value, FOUND[point]) for point in CheckPoint], required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick each point the check found wrong; a point left unticked was found sound."),
    )
    result = forms.ChoiceField(label=_("Result"), choices=DeviceCheckResult.choices, widget=forms.RadioSelect)
    findings = forms.CharField(label=_("Findings"), max_length=1000, required=False,
                               widget=forms.Textarea(attrs={"rows": 3}),
                               help_text=_("What was found; required when something was wrong."))
    reason = ReasonField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["checked_on"].initial = timezone.localdate()
        self.fields["reason"].initial = _("Periodic check")


class LendForm(forms.Form):
    borrower = PersonField(label=_("Lent to"), error_messages={
        "invalid_choice": _("Pick an active person of the medium's unit the list offers."),
        "required": _("Pick the person the medium is lent to."),
    })
    lent_on = forms.DateField(label=_("Lent on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    due_on = forms.DateField(label=_("Due back on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    reason = ReasonField()

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lent_on"].initial = timezone.localdate()
        self.fields["reason"].initial = _("Medium lent")
        point_at(self.fields["borrower"], people=eligible_custodians(device.unit_id),
                 search_url=reverse("carriers:people_custodians", args=[device.pk]))


class ReturnForm(forms.Form):
    returned_on = forms.DateField(label=_("Returned on"),
                                  widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    complete = forms.TypedChoiceField(
        label=_("Returned complete"), choices=[("yes", _("Yes")), ("no", _("No"))], widget=forms.RadioSelect,
        coerce=lambda value: value == "yes",
    )
    note = forms.CharField(label=_("Note"), max_length=1000, required=False,
                           help_text=_("Required when it did not come back complete."))
    reason = ReasonField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["returned_on"].initial = timezone.localdate()
        self.fields["reason"].initial = _("Medium returned")


class EraseForm(forms.Form):
    reason = ReasonField(label=_("Why it was erased"), help_text=_("E.g. no longer needed on the medium."))


class OpenComputerForm(forms.Form):
    asset_number = forms.CharField(label=_("Asset number"), max_length=40)
    user = PersonField(label=_("User"), error_messages={
        "invalid_choice": _("Pick an active person of the unit the list offers."),
        "required": _("Pick the person who uses the computer."),
    })
    location = forms.CharField(label=_("Location"), max_length=200)
    network = forms.ChoiceField(label=_("Network"), choices=OpenNetwork.choices)
    network_name = forms.CharField(label=_("Network name"), max_length=200, required=False,
                                   help_text=_("E.g. the office network's name or the Internet line's provider."))
    reason = ReasonField()

    def __init__(self, *args, units=None, computer=None, **kwargs):
        from carriers.open_computers import unit_people

        if computer is not None:
            kwargs.setdefault("initial", {name: getattr(computer, name) for name in
                                          ("asset_number", "location", "network", "network_name")}
                              | {"user": computer.user_id})
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"] = forms.ModelChoiceField(queryset=units, label=_("Unit"), empty_label=None)
            self.order_fields(["unit"])
            self.fields["reason"].initial = _("Registered in the register of non-classified computers")
            point_at(self.fields["user"], people=unit_people(*units), search_url=reverse("carriers:open_people_new"),
                     include="#id_unit")
        else:
            point_at(self.fields["user"], people=unit_people(computer.unit_id),
                     search_url=reverse("carriers:open_people", args=[computer.pk]))
