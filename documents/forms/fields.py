"""Form pieces shared by the document forms."""

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from documents.reasons import PHRASES
from documents.services.errors import InvalidInput, LifecycleError
from people.models import Unit

from .people_picker import PeopleField


class ReasonField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Reason"))
        kwargs.setdefault("max_length", 500)
        kwargs.setdefault("help_text", _("Recorded in the history with your name."))
        kwargs.setdefault("widget", forms.TextInput(attrs={"autocomplete": "off"}))
        super().__init__(required=True, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        # The suggested reason kept as offered is the system's phrase: stored in
        # English and shown in each reader's language (documents.reasons).
        if self.initial and value == str(self.initial):
            with translation.override("en"):
                phrase = str(self.initial)
            if phrase in PHRASES:
                return phrase
        return value


# A registration names a few dozen people; more than this is a unit's worth, given to the unit.
SCOPE_PEOPLE_MAX = 200


def people_field(label, required=False):
    """People of a knowledge scope, by type-ahead: the form points it at who is eligible (`point_at`)."""
    return PeopleField(
        label=label,
        required=required,
        ordered=False,
        max_count=SCOPE_PEOPLE_MAX,
        error_messages={
            "invalid_choice": _(
                "Someone picked cannot be named in this scope; pick only people the list offers, or give their unit access."
            ),
            "too_many": _("At most %(limit)d people at once; give their unit access instead."),
        },
    )


def units_field(label, required=False):
    return forms.ModelMultipleChoiceField(
        queryset=Unit.objects.order_by("name"), required=required, label=label, widget=forms.SelectMultiple(attrs={"size": 4})
    )


def show_domain_error(form, error: LifecycleError):
    """Put a service's refusal on the form: next to its field when it names one."""
    if isinstance(error, InvalidInput):
        for field, messages in error.errors.items():
            target = field if field in form.fields else None
            for message in messages:
                form.add_error(target, message)
        return
    form.add_error(error.field if error.field in form.fields else None, str(error.message))
