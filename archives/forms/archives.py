from django import forms
from django.utils.translation import gettext_lazy as _

from archives.models import Consultation, ConsultationKind, Volume
from archives.services.filing import VOLUME_FIELDS
from documents.forms.fields import ReasonField
from documents.forms.people_picker import PersonField, point_at


class VolumeForm(forms.ModelForm):
    registry = forms.ModelChoiceField(queryset=None, label=_("Registry"), empty_label=None)
    reason = ReasonField(initial=_("New archive volume"))

    class Meta:
        model = Volume
        fields = VOLUME_FIELDS

    def __init__(self, *args, registries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registry"].queryset = registries
        self.order_fields(["registry", *VOLUME_FIELDS, "reason"])

    def validate_unique(self):
        # The service checks the volume number, with its message on the field.
        pass


class CopyChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, copy):
        document = copy.document
        return f"{copy.label} · {document.get_level_display()} · {document.title}"


class FileCopiesForm(forms.Form):
    copies = CopyChoiceField(queryset=None, label=_("Copies in the registry"), widget=forms.CheckboxSelectMultiple)
    reason = ReasonField(initial=_("Filed into the archive"))

    def __init__(self, *args, copies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["copies"].queryset = copies


class VolumeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, volume):
        return f"{volume.volume_number} · {volume.title} ({volume.year})"


def _model_field(name, **kwargs):
    return Consultation._meta.get_field(name).formfield(**kwargs)


class ConsultationForm(forms.Form):
    """Who consults which volumes. Which particulars each kind needs is checked by the service."""

    kind = forms.ChoiceField(
        label=_("Who consults"), choices=ConsultationKind.choices, widget=forms.RadioSelect, initial=ConsultationKind.INTERNAL
    )
    person = PersonField(
        required=False,
        label=_("Person"),
        help_text=_("For a person with an account."),
        error_messages={"invalid_choice": _("Pick an active person of your unit the list offers, or record an outside visitor.")},
    )
    visitor_unit = _model_field("visitor_unit")
    letter_issued_by = _model_field("letter_issued_by")
    letter_number = _model_field("letter_number")
    visitor_name = _model_field("visitor_name")
    visitor_identity = _model_field("visitor_identity")
    volumes = VolumeChoiceField(queryset=None, label=_("Volumes"), widget=forms.CheckboxSelectMultiple)
    purpose = _model_field("purpose", widget=forms.TextInput(attrs={"size": 60}))
    reason = ReasonField(initial=_("Consultation requested"))

    def __init__(self, *args, volumes, people, search_url, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["volumes"].queryset = volumes
        point_at(self.fields["person"], people=people, search_url=search_url)


class ReasonForm(forms.Form):
    reason = ReasonField()


class OpenSessionForm(forms.Form):
    volumes = VolumeChoiceField(queryset=None, label=_("Volumes brought to the reading room"), widget=forms.CheckboxSelectMultiple)
    reason = ReasonField(initial=_("Reading-room session"))

    def __init__(self, *args, volumes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["volumes"].queryset = volumes
        self.fields["volumes"].initial = list(volumes)


class LogFilterForm(forms.Form):
    registry = forms.ModelChoiceField(queryset=None, required=False, label=_("Registry"), empty_label=_("All"))
    since = forms.DateField(required=False, label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, label=_("to"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, registries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registry"].queryset = registries
