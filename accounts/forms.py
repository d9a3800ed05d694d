from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Six-digit code from your authenticator"),
        min_length=6,
        max_length=6,
        validators=[RegexValidator(r"^[0-9]{6}$", _("Enter the six digits shown by your authenticator."))],
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


class EnrolmentCodeForm(forms.Form):
    enrolment_code = forms.CharField(
        label=_("Enrolment code from the administrator"),
        max_length=40,
        help_text=_("Your role needs two-factor sign-in. The administrator gives you a one-time code to set it up."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True}),
    )


class OwnTokenForm(forms.Form):
    name = forms.CharField(
        label=_("What will use it"), max_length=100, help_text=_("For example, a script of yours that lists your copies.")
    )
    reason = forms.CharField(label=_("Reason"), max_length=500)


class RevokeOwnTokenForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class StepUpForm(forms.Form):
    """The password (and code) given again before a decision that cannot be undone (accounts.services.reauth)."""

    step_up_password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )
    step_up_code = forms.CharField(
        label=_("Six-digit code from your authenticator"),
        required=False,
        max_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, with_code, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_code:
            del self.fields["step_up_code"]
