from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from documents.forms.fields import ReasonField
from documents.forms.people_picker import PersonField, point_at
from documents.selectors import eligible_custodians
from registers.forms.common import DATE
from registers.models import CheckResult, Protection


class KeyPartForm(forms.Form):
    """A key part as the register records it; the responsible person is picked among the unit's secret-related people."""

    name = forms.CharField(label=_("Name"), max_length=200,
                           help_text=_("The room or place, e.g. the confidential archive room, the secrecy office."))
    location = forms.CharField(label=_("Location"), max_length=200)
    protections = forms.MultipleChoiceField(label=_("Protections"), choices=Protection.choices, required=False,
                                            widget=forms.CheckboxSelectMultiple)
    responsible = PersonField(label=_("Person responsible"), error_messages={
        "invalid_choice": _("Pick an active person of the unit the list offers."),
        "required": _("Pick the person who answers for the key part."),
    })
    reason = ReasonField()

    def __init__(self, *args, units=None, part=None, **kwargs):
        if part is not None:
            kwargs.setdefault("initial", {"name": part.name, "location": part.location, "protections": part.protections,
                                          "responsible": part.responsible_id})
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"] = forms.ModelChoiceField(queryset=units, label=_("Unit"), empty_label=None)
            self.order_fields(["unit"])
            self.fields["reason"].initial = _("Key part registered")
            point_at(self.fields["responsible"], people=eligible_custodians(*units),
                     search_url=reverse("registers:key_part_people_new"), include="#id_unit")
        else:
            point_at(self.fields["responsible"], people=eligible_custodians(part.unit_id),
                     search_url=reverse("registers:key_part_people", args=[part.pk]))


class KeyPartCheckForm(forms.Form):
    checked_on = forms.DateField(label=_("Checked on"), widget=DATE)
    result = forms.ChoiceField(label=_("Result"), choices=CheckResult.choices, widget=forms.RadioSelect)
    findings = forms.CharField(label=_("Findings"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3}),
                               help_text=_("What was found; required when there were problems."))
    reason = ReasonField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["checked_on"].initial = timezone.localdate()
        self.fields["reason"].initial = _("Protections checked")
