from django import forms
from django.utils.translation import gettext_lazy as _

from documents.forms.fields import ReasonField
from people.models import Departure, Person

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonForm(forms.Form):
    post_level = Person._meta.get_field("post_level").formfield()
    commitment_signed_on = Person._meta.get_field("commitment_signed_on").formfield(widget=DATE)
    reason = ReasonField(initial=_("Personnel record updated"))


class DepartureForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Departure._meta.get_field("kind").choices, widget=forms.RadioSelect)
    started_on = Departure._meta.get_field("started_on").formfield(widget=DATE)
    ends_on = Departure._meta.get_field("ends_on").formfield(
        widget=DATE,
        help_text=_("At least 2 years for a core post, 1 year for an important post, 6 months for a general post."),
    )
    reason = ReasonField()


class CompleteDepartureForm(forms.Form):
    reason = ReasonField(initial=_("Everything handed back"))
