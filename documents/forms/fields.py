"""Form pieces shared by the document forms."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from documents.reasons import PHRASES
from documents.services.errors import InvalidInput, LifecycleError
from people.models import Unit


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


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        full = user.get_full_name()
        return f"{full} ({user.get_username()})" if full else user.get_username()


def people_field(label, required=False):
    users = get_user_model().objects.filter(is_active=True).order_by("username")
    return PersonChoiceField(queryset=users, required=required, label=label, widget=forms.SelectMultiple(attrs={"size": 6}))


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
