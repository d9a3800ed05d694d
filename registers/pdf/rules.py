"""The printed register of a unit's secrecy rules (保密制度登记)."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy

from documents.pdf.ledgers import Ledger
from registers.selectors import register_units, visible_rules


def rule_rows(user, unit):
    return [
        {
            "level": None,
            "name": rule.name,
            "scope": rule.scope,
            "adopted_on": rule.adopted_on.isoformat(),
            "revised_on": rule.revised_on.isoformat() if rule.revised_on else "",
            "approved_by": rule.approved_by,
            "kept_at": rule.kept_at,
            "withdrawn_on": rule.withdrawn_on.isoformat() if rule.withdrawn_on else "",
        }
        for rule in visible_rules(user).filter(unit=unit).order_by("adopted_on", "pk")
    ]


def rule_register_ledger(user, params) -> Ledger:
    # Anyone who does not read the unit's registers is told there is no such unit.
    unit = get_object_or_404(register_units(user), pk=params["unit"])
    return Ledger.of_rows(
        unit, rule_rows(user, unit), kind="rule_register", template="registers/pdf/rule_register.html",
        name=gettext_lazy("Register of secrecy rules"),
    )
