"""The form of the procedure ledgers: which ledger (borrowing, copy, recovery), which registry, which period."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from documents.forms.prints import DATE, RegistrationPrintForm
from documents.models import Registry
from people.roles import Role
from people.selectors import units_where

LEDGER_KINDS = [
    ("borrowing", _("Borrowing ledger (借阅登记)")),
    ("copying", _("Copy ledger: copying and excerpting (复制/摘抄登记)")),
    ("recovery", _("Recovery ledger: copies returned to their issuer (清退登记)")),
]


def office_registries(user):
    """The registries of the units where the user is a secrecy clerk or an inspector."""
    return (
        Registry.objects.filter(unit__in=units_where(user, Role.CLERK, Role.INSPECTOR))
        .select_related("unit")
        .order_by("code")
    )


class ProcedureLedgerForm(RegistrationPrintForm):
    """A ledger kind on top of the registration ledger's registry and year-or-range choice."""

    kind = forms.ChoiceField(label=_("Ledger"), choices=LEDGER_KINDS)
    date_from = forms.DateField(label=_("From"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("Until (inclusive)"), required=False, widget=DATE)

    field_order = ["kind", "registry", "year", "date_from", "date_to"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        registries = office_registries(user)
        self.fields["registry"].queryset = registries
        if not self.is_bound:
            self.fields["year"].initial = timezone.localdate().year
            self.fields["registry"].initial = registries.first()
