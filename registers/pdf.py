"""The printed registers of secrecy work of a unit: its rules (保密制度登记) and its key parts (要害部位登记)."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy

from documents.pdf.ledgers import Ledger
from people.names import person_name
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


def key_part_rows(user, unit):
    from registers.models import KeyPartCheck
    from registers.selectors import visible_key_parts

    rows = []
    for part in visible_key_parts(user).filter(unit=unit).order_by("name", "pk"):
        last = KeyPartCheck.objects.filter(part=part).order_by("-checked_on", "-pk").first()
        rows.append({
            "level": None,
            "name": part.name,
            "location": part.location,
            "protections": part.protections_text(),
            "responsible": person_name(part.responsible),
            "last_checked": last.checked_on.isoformat() if last else "",
            "result": last.get_result_display() if last else "",
            "withdrawn_on": part.withdrawn_on.isoformat() if part.withdrawn_on else "",
        })
    return rows


def key_part_register_ledger(user, params) -> Ledger:
    unit = get_object_or_404(register_units(user), pk=params["unit"])
    return Ledger.of_rows(
        unit, key_part_rows(user, unit), kind="key_part_register", template="registers/pdf/key_part_register.html",
        name=gettext_lazy("Register of key parts"),
    )
