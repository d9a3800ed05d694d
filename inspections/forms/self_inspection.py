import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from documents.forms.fields import ReasonField
from documents.levels import Level


class StartForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=None, label=_("Unit"), empty_label=None)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
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
    owner = forms.ModelChoiceField(
        queryset=get_user_model().objects.filter(is_active=True).order_by("username"), label=_("Owner of the rectification items")
    )
    deadline = forms.DateField(label=_("Deadline"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = ReasonField(initial=_("Self-inspection completed"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deadline"].initial = timezone.localdate() + datetime.timedelta(days=90)


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
