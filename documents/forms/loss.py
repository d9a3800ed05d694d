from django import forms
from django.utils.translation import gettext_lazy as _

from documents.services.loss import TEXT_MAX_LENGTH

from .fields import ReasonField


def _text(label, *, required=False, help_text="", rows=3):
    return forms.CharField(
        label=label, required=required, max_length=TEXT_MAX_LENGTH, help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class LossReportForm(forms.Form):
    occurred_at = forms.DateTimeField(
        label=_("Lost at (as far as known)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Leave empty if nobody knows."),
    )
    circumstances = _text(
        _("Circumstances"), required=True, help_text=_("Where and when the copy was last seen; how it was found missing.")
    )
    notified = _text(_("Who was told"), help_text=_("Leaders, secrecy bureau, others informed so far."), rows=2)
    reason = ReasonField(initial=_("Copy reported lost"))


class FollowUpForm(forms.Form):
    action = _text(_("Follow-up action"), required=True, rows=2)
    notified = _text(_("Newly told"), rows=1)
    reason = ReasonField(initial=_("Follow-up recorded"))


class CloseIncidentForm(forms.Form):
    closing_note = _text(_("Conclusion"), required=True, help_text=_("What was found, what was done, who is accountable."))
    reason = ReasonField(initial=_("Incident closed"))
