import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from documents.forms.fields import ReasonField
from documents.forms.people_picker import PersonField, point_at
from documents.levels import Level
from inspections.models import DeviceCheckResult, InspectionKind


class StartForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=None, label=_("Unit"), empty_label=None)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=_("Kind"), choices=InspectionKind.choices, initial=InspectionKind.ANNUAL)
    subject = forms.CharField(
        label=_("Subject"), max_length=200, required=False,
        help_text=_("For a special inspection: what it checks (e.g. storage media after a loss)."),
    )
    reason = ReasonField(initial=_("Annual self-inspection"))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["year"].initial = timezone.localdate().year


class ScoreSheetForm(forms.Form):
    """One score, remarks and evidence field per checklist item."""

    reason = ReasonField(initial=_("Self-inspection scoring"))

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            self.fields[f"score_{row.pk}"] = forms.DecimalField(
                required=False, min_value=0, max_value=row.item.max_score, decimal_places=1, initial=row.score,
                label=row.item.text, widget=forms.NumberInput(attrs={"step": "0.5", "class": "score"}),
            )
            self.fields[f"remarks_{row.pk}"] = forms.CharField(required=False, max_length=1000, initial=row.remarks)
            self.fields[f"evidence_{row.pk}"] = forms.CharField(required=False, max_length=1000, initial=row.evidence)

    def scores(self):
        data = self.cleaned_data
        return {row.pk: (data[f"score_{row.pk}"], data[f"remarks_{row.pk}"], data[f"evidence_{row.pk}"]) for row in self.rows}


class CompleteForm(forms.Form):
    owner = PersonField(label=_("Owner of the rectification items"),
                        help_text=_("Every item starts with this owner and deadline; give each its own afterwards."))
    deadline = forms.DateField(label=_("Deadline"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = ReasonField(initial=_("Self-inspection completed"))

    def __init__(self, *args, people, search_url, **kwargs):
        super().__init__(*args, **kwargs)
        point_at(self.fields["owner"], people=people, search_url=search_url)
        self.fields["deadline"].initial = timezone.localdate() + datetime.timedelta(days=90)


class AssignRectificationForm(forms.Form):
    """One rectification item's owner (a person of the unit, by type-ahead) and deadline."""

    owner = PersonField(label=_("Owner"))
    deadline = forms.DateField(label=_("Deadline"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = ReasonField(initial=_("Owner and deadline of the rectification item"))

    def __init__(self, *args, people, search_url, **kwargs):
        super().__init__(*args, **kwargs)
        point_at(self.fields["owner"], people=people, search_url=search_url)


class DeviceCheckForm(forms.Form):
    device = forms.ModelChoiceField(queryset=None, label=_("Device"))
    result = forms.ChoiceField(label=_("Result"), choices=DeviceCheckResult.choices)
    note = forms.CharField(label=_("What was found"), max_length=500, required=False)
    reason = ReasonField(initial=_("Device checked during the self-inspection"))

    def __init__(self, *args, devices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["device"].queryset = devices


class CloseRectificationForm(forms.Form):
    outcome = forms.CharField(label=_("What was done"), max_length=1000)


class SummaryForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=None, label=_("Unit"), empty_label=None)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["year"].initial = timezone.localdate().year


class MarkingForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)
    year = forms.IntegerField(min_value=2000, max_value=2100, widget=forms.HiddenInput)
    level = forms.TypedChoiceField(label=_("Marking"), choices=Level.choices, coerce=int)
    reason = forms.CharField(label=_("Reason"), max_length=500)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
