from django import forms
from django.utils.translation import gettext_lazy as _

from .copy_picker import PickCopiesForm
from .fields import ReasonField


class RecoveryForm(PickCopiesForm):
    issuing_organ = forms.CharField(label=_("Returned to (issuing organ)"), max_length=200)
    receipt_reference = forms.CharField(
        label=_("Receipt reference"), max_length=100, help_text=_("The reference on the issuer's signed receipt.")
    )
    reason = ReasonField(initial=_("Annual clean-up: no longer needed"))
