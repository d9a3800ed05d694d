"""Forms of the annual summary's drafting: one section's prose, marking it final, starting a new version."""

from django import forms
from django.utils.translation import gettext_lazy as _

from documents.forms.fields import ReasonField
from inspections.services.drafting import PROSE_MAX_LENGTH


class SectionProseForm(forms.Form):
    text = forms.CharField(
        label=_("Paragraph"), required=False, max_length=PROSE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Left as drafted, or emptied, the paragraph goes on following the data. The figures are not "
                    "written: they are computed."),
    )
    reason = forms.CharField(
        label=_("Note for the history"), required=False, max_length=500,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_("Recorded with your name; “Draft saved” if you leave it empty."),
    )


class VersionStepForm(forms.Form):
    """Unit, year and version of the summary a step acts on, with the reason the step records."""

    unit = forms.ModelChoiceField(queryset=None, label=_("Unit"), widget=forms.HiddenInput)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, widget=forms.HiddenInput)
    version = forms.IntegerField(label=_("Version"), min_value=1, widget=forms.HiddenInput)
    reason = ReasonField()

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
