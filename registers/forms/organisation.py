"""The forms of the register of organisation and responsibility; the service checks the dates and the people."""

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from documents.forms.fields import ReasonField
from documents.forms.people_picker import PersonField, point_at
from registers.forms.common import DATE
from registers.models import Position
from registers.services.organisation import group_people

PICK_ERRORS = {"invalid_choice": _("Pick an active person of the unit the list offers.")}


def _unit_field(form, units, reason):
    form.fields["unit"] = forms.ModelChoiceField(queryset=units, label=_("Unit"), empty_label=None)
    form.order_fields(["unit"])
    form.fields["reason"].initial = reason


def _picker(field, *, units=None, unit=None):
    """The type-ahead over the people of the unit picked on the form (`units`), or of one `unit`."""
    url = reverse("registers:organisation_people")
    if units is not None:
        point_at(field, people=group_people(*units), search_url=url, include="#id_unit")
    else:
        point_at(field, people=group_people(unit), search_url=f"{url}?unit={unit.pk}")


class MembershipForm(forms.Form):
    position = forms.ChoiceField(label=_("Place in the group"), choices=Position.choices)
    person = PersonField(label=_("Person"), error_messages={**PICK_ERRORS, "required": _("Pick the person appointed.")})
    appointed_on = forms.DateField(label=_("Appointed on"), widget=DATE)
    reason = ReasonField()

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        _unit_field(self, units, _("Appointed by the unit's decision"))
        _picker(self.fields["person"], units=units)


class LeavingForm(forms.Form):
    left_on = forms.DateField(label=_("Left on"), widget=DATE)
    reason = ReasonField(help_text=_("Why, e.g. transferred, retired, or changed to another place in the group."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["left_on"].initial = timezone.localdate()


class LetterForm(forms.Form):
    party = forms.CharField(label=_("Signed with (department or unit)"), max_length=200, required=False,
                            help_text=_("A department or a secret-related unit; or leave empty and pick the person."))
    person = PersonField(label=_("Signed with (person)"), required=False, error_messages=PICK_ERRORS)
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE)
    valid_from = forms.DateField(label=_("In force from"), widget=DATE)
    valid_until = forms.DateField(label=_("In force until"), widget=DATE)
    reason = ReasonField()

    def __init__(self, *args, units=None, letter=None, **kwargs):
        if letter is not None:
            kwargs.setdefault("initial", {"party": letter.party, "person": letter.person_id, "signed_on": letter.signed_on,
                                          "valid_from": letter.valid_from, "valid_until": letter.valid_until})
        super().__init__(*args, **kwargs)
        if units is not None:
            _unit_field(self, units, _("Responsibility letter signed"))
            _picker(self.fields["person"], units=units)
        else:
            _picker(self.fields["person"], unit=letter.unit)


class PlanForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=200)
    adopted_on = forms.DateField(label=_("Adopted on"), widget=DATE)
    reason = ReasonField()

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        _unit_field(self, units, _("Work plan adopted"))
        self.fields["year"].initial = timezone.localdate().year


class TaskForm(forms.Form):
    task = forms.CharField(label=_("Task"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    office = forms.CharField(label=_("Office"), max_length=200, help_text=_("The office that carries the task out."))
    responsible = PersonField(label=_("Person responsible"), error_messages={
        **PICK_ERRORS, "required": _("Pick the person who answers for the task.")})
    due_on = forms.DateField(label=_("Due on"), widget=DATE)
    reason = ReasonField()

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].initial = _("Task of the work plan")
        _picker(self.fields["responsible"], unit=plan.unit)


class DoneForm(forms.Form):
    done_on = forms.DateField(label=_("Done on"), widget=DATE)
    reason = ReasonField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["done_on"].initial = timezone.localdate()
        self.fields["reason"].initial = _("Task done")
