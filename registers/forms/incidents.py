from django import forms
from django.utils.translation import gettext_lazy as _

from documents.forms.fields import ReasonField
from registers.forms.common import DATE
from registers.services.incidents import OPENED_HERE, TEXT_MAX_LENGTH

MOMENT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _text(label, *, required=False, help_text="", rows=3):
    return forms.CharField(label=label, required=required, max_length=TEXT_MAX_LENGTH, help_text=help_text,
                           widget=forms.Textarea(attrs={"rows": rows}))


class IncidentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[(kind.value, kind.label) for kind in OPENED_HERE])
    discovered_at = forms.DateTimeField(label=_("Discovered at"), widget=MOMENT,
                                        help_text=_("The report to the secrecy bureau is due 24 hours after."))
    occurred_at = forms.DateTimeField(label=_("Happened at (as far as known)"), widget=MOMENT, required=False)
    circumstances = _text(_("What happened"), required=True,
                          help_text=_("Where, what secrets or which device, how it was found."))
    notified = _text(_("Who was told"), rows=2)
    reason = ReasonField(initial=_("Incident entered in the register"))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = forms.ModelChoiceField(queryset=units, label=_("Unit"), empty_label=None)
        self.order_fields(["unit", "kind"])


class BureauReportForm(forms.Form):
    reported_at = forms.DateTimeField(label=_("Reported to the secrecy bureau at"), widget=MOMENT)
    report = forms.CharField(label=_("To whom and how"), max_length=500,
                             help_text=_("The bureau's office, the person spoken to, the reference of the report."))
    reason = ReasonField(initial=_("Reported to the secrecy bureau"))


class ResultForm(forms.Form):
    concluded_on = forms.DateField(label=_("Investigation concluded on"), widget=DATE)
    result = _text(_("Result of the investigation"), required=True)
    held_responsible = _text(_("Held responsible"), rows=2,
                             help_text=_("Who was held responsible, and how (criticism, sanction, transfer)."))
    reason = ReasonField(initial=_("Result of the investigation recorded"))
