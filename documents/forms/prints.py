"""Forms of the printed ledgers: which registry and period, which units and period, which code."""

import datetime

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from documents.models import Registry
from documents.pdf.codes import LENGTH, normalize
from documents.pdf.ledgers import registration_params
from documents.selectors import visible_documents
from people.roles import Role
from people.selectors import units_where

DATE = forms.DateInput(attrs={"type": "date"})
MAX_UPLOAD_BYTES = 200 * 1024 * 1024


def printable_registries(user):
    """The registries of the user's units and those holding a document they may see."""
    return (
        Registry.objects.filter(Q(unit__memberships__user=user) | Q(pk__in=visible_documents(user).values("registry_id")))
        .select_related("unit")
        .distinct()
        .order_by("code")
    )


class RegistrationPrintForm(forms.Form):
    registry = forms.ModelChoiceField(queryset=Registry.objects.none(), label=_("Registry"), empty_label=None)
    year = forms.IntegerField(
        label=_("Year"), required=False, min_value=1949, max_value=2999,
        help_text=_("Either a year or a date range."),
    )
    date_from = forms.DateField(label=_("Registered from"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("Registered until"), required=False, widget=DATE)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registry"].queryset = printable_registries(user)

    def clean(self):
        data = super().clean()
        year, date_from, date_to = data.get("year"), data.get("date_from"), data.get("date_to")
        if year and (date_from or date_to):
            raise forms.ValidationError(_("Choose either a year or a date range, not both."))
        if not year and not (date_from or date_to):
            raise forms.ValidationError(_("Choose a year or a date range."))
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", _("The range ends before it starts."))
        return data

    def params(self):
        data = self.cleaned_data
        return registration_params(
            registry=data["registry"], year=data.get("year"), date_from=data.get("date_from"), date_to=data.get("date_to")
        )


class AuditPrintForm(forms.Form):
    unit = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Unit"), empty_label=_("Every unit you inspect")
    )
    date_from = forms.DateField(label=_("From"), widget=DATE)
    date_to = forms.DateField(label=_("Until (inclusive)"), widget=DATE)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_where(user, Role.INSPECTOR).order_by("name")
        today = timezone.localdate()
        self.fields["date_from"].initial = today.replace(month=1, day=1)
        self.fields["date_to"].initial = today

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The period ends before it starts."))
        return data

    def params(self):
        data = self.cleaned_data
        return {
            "unit": data["unit"].pk if data.get("unit") else None,
            "date_from": data["date_from"].isoformat(),
            "date_to": data["date_to"].isoformat(),
        }


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"), max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True, "placeholder": "XXXXX-XXXXX"}),
        help_text=_("As printed in the footer of every page."),
    )

    def clean_code(self):
        code = normalize(self.cleaned_data["code"])
        if len(code) != LENGTH:
            raise forms.ValidationError(_("A verification code has %(n)d letters and digits.") % {"n": LENGTH})
        return code


class CompareForm(forms.Form):
    pdf = forms.FileField(label=_("The PDF file"), help_text=_("Its SHA-256 is compared with the one recorded."))

    def clean_pdf(self):
        upload = self.cleaned_data["pdf"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("This file is larger than any ledger the registry prints."))
        return upload


def initial_from_ledger_filter(query, registries):
    """Pre-fill the print form from the ledger page's filter (unit, registered from/to)."""
    initial = {}
    unit = query.get("unit")
    registry = query.get("registry")
    if registry and registry.isdigit():
        initial["registry"] = registries.filter(pk=registry).first()
    elif unit and unit.isdigit():
        initial["registry"] = registries.filter(unit_id=unit).first()
    for source, target in (("registered_from", "date_from"), ("registered_to", "date_to")):
        try:
            initial[target] = datetime.date.fromisoformat(query.get(source, ""))
        except ValueError:
            pass
    if "date_from" not in initial and "date_to" not in initial:
        initial["year"] = timezone.localdate().year
    return initial
