from django import forms
from django.utils.translation import gettext_lazy as _

from dispatch.models import Problem
from documents.forms.fields import ReasonField

OUTSIDE = "organ"


class DispatchForm(forms.Form):
    """One row per copy on the shelf: where it goes (another unit's registry, an outside organ, or nowhere).

    A copy something holds (a circulation, a loan, a list) is shown with the reason and offers no choice;
    a choice posted for it anyway (the hold began after the page was drawn) is refused by name.
    """

    reason = ReasonField(initial=_("Dispatched as listed"))

    def __init__(self, *args, copies, registries, held=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.held = held or {}
        copies = list(copies)
        self.registries = {f"r{registry.pk}": registry for registry in registries}
        choices = [("", _("— not sent"))]
        choices += [(key, str(registry)) for key, registry in self.registries.items()]
        choices.append((OUTSIDE, _("An outside organ (name it)")))
        self.rows = []
        for copy in copies:
            if copy.pk in self.held:
                self.rows.append((copy, None, None))
                continue
            to = f"to_{copy.pk}"
            organ = f"organ_{copy.pk}"
            to_label = _("Copy %(n)d goes to") % {"n": copy.number}
            organ_label = _("Outside organ for copy %(n)d") % {"n": copy.number}
            self.fields[to] = forms.ChoiceField(label=to_label, choices=choices, required=False,
                                                widget=forms.Select(attrs={"aria-label": to_label}))
            self.fields[organ] = forms.CharField(label=organ_label, required=False, max_length=200,
                                                 widget=forms.TextInput(attrs={"aria-label": organ_label}))
            self.rows.append((copy, to, organ))
        self.order_fields([name for _copy, to, organ in self.rows if to for name in (to, organ)] + ["reason"])

    def clean(self):
        for copy, to, _organ in self.rows:
            reasons = self.held.get(copy.pk)
            if reasons and self.data.get(f"to_{copy.pk}"):
                self.add_error(None, _("Copy %(n)d cannot be sent: %(reasons)s") % {"n": copy.number,
                                                                                   "reasons": " ".join(reasons)})
        return super().clean()

    def bound_rows(self):
        """(copy, its two fields, why it cannot go): the fields are None for a held copy, the reasons empty for the others."""
        return [(copy, self[to], self[organ], []) if to else (copy, None, None, self.held[copy.pk])
                for copy, to, organ in self.rows]

    def lines(self):
        """[(copy, Registry or organ name)] of the copies given a recipient."""
        lines = []
        for copy, to, organ in self.rows:
            if to is None:
                continue
            choice = self.cleaned_data.get(to)
            if choice == OUTSIDE:
                lines.append((copy, self.cleaned_data.get(organ, "")))
            elif choice:
                lines.append((copy, self.registries[choice]))
        return lines


class ScanForm(forms.Form):
    code = forms.CharField(label=_("Copy code"), max_length=64,
                           help_text=_("Type or scan the code on the copy, e.g. BGS-2026-00017-3."),
                           widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True}))
    reason = ReasonField(initial=_("Received and checked"))


class NotReceivedForm(forms.Form):
    problem = forms.ChoiceField(label=_("What happened"), choices=Problem.choices, widget=forms.RadioSelect)
    circumstances = forms.CharField(label=_("Circumstances"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    reason = ReasonField()


class ReturnedReceiptForm(forms.Form):
    signed_by = forms.CharField(label=_("Signed by"), max_length=200)
    signed_on = forms.DateField(label=_("Signed on"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = ReasonField(initial=_("Received and checked"))


class RecallForm(forms.Form):
    """Which dispatched copies are asked back (each one received, not asked back already), and why."""

    items = forms.MultipleChoiceField(label=_("Copies to recall"), widget=forms.CheckboxSelectMultiple,
                                      error_messages={"required": _("Choose at least one copy to recall.")})
    reason = ReasonField(initial=_("Year-end clean-up: return the copies"))

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.by_key = {str(item.pk): item for item in items}
        self.fields["items"].choices = [
            (key, _("Copy %(n)d · %(recipient)s") % {"n": item.copy.number, "recipient": item.recipient.name})
            for key, item in self.by_key.items()
        ]
        self.fields["items"].initial = list(self.by_key)

    def chosen(self):
        return [self.by_key[key] for key in self.cleaned_data["items"]]


class HandBackForm(forms.Form):
    reason = ReasonField(initial=_("Handed back as asked"))


__all__ = ["DispatchForm", "HandBackForm", "NotReceivedForm", "RecallForm", "ReturnedReceiptForm", "ScanForm"]
