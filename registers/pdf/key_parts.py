"""The printed register of a unit's key parts (要害部位登记)."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy

from documents.pdf.ledgers import Ledger
from people.names import person_name
from registers.models import KeyPartCheck
from registers.selectors import register_units, visible_key_parts


def key_part_rows(user, unit):
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
