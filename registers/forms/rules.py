from django import forms
from django.utils.translation import gettext_lazy as _

from documents.forms.fields import ReasonField
from registers.forms.common import DATE
from registers.models import Rule


class RuleForm(forms.ModelForm):
    """A rule as the register records it; the service checks the dates and the name (one message per field)."""

    reason = ReasonField()

    class Meta:
        model = Rule
        fields = ["name", "scope", "adopted_on", "revised_on", "approved_by", "kept_at"]
        widgets = {"adopted_on": DATE, "revised_on": DATE}
        help_texts = {
            "scope": _("Whom or what the rule binds, e.g. all staff, the secrecy office, classified computers."),
            "approved_by": _("The leader or the meeting that adopted it."),
            "kept_at": _("Where the signed text is kept (file, cabinet), or its document number."),
        }

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"] = forms.ModelChoiceField(queryset=units, label=_("Unit"), empty_label=None)
            self.order_fields(["unit"])
        if self.instance.pk is None:
            self.fields["reason"].initial = _("Rule adopted and entered in the register")

    def validate_unique(self):
        # The service validates, with the message by field.
        pass
