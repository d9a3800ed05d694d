from django import forms
from django.utils.translation import gettext_lazy as _

from documents.levels import MAX_PERIOD_YEARS, Level
from documents.models import DecisionKind

from .fields import ReasonField

PERIOD_WINDOWS = (30, 90, 180, 365)
DEFAULT_WINDOW = 90


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Decision"), choices=[("", "—"), *DecisionKind.choices])
    new_level = forms.TypedChoiceField(
        label=_("New level"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—"), *[(v, l) for v, l in Level.choices if v != Level.INTERNAL]],
        help_text=_("Only when changing the level."),
    )
    new_period_years = forms.IntegerField(
        label=_("New secrecy period (years)"),
        required=False,
        min_value=1,
        max_value=max(MAX_PERIOD_YEARS.values()),
        help_text=_("Counted from the date classified. When changing the level, empty means the new level's default."),
    )
    basis = ReasonField(
        label=_("Basis"), max_length=1000, help_text=_("The regulation, instruction or meeting the decision rests on.")
    )

    def clean(self):
        data = super().clean()
        if data.get("kind") == DecisionKind.EXTEND and not data.get("new_period_years"):
            self.add_error("new_period_years", _("Give the new, longer period."))
        if data.get("kind") == DecisionKind.CHANGE_LEVEL and not data.get("new_level"):
            self.add_error("new_level", _("Choose the new level."))
        return data
