"""The printed register of a unit's incidents (泄密事件登记), each with its two deadlines as they stand."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy

from documents.pdf.ledgers import Ledger
from people.names import person_name
from registers.selectors import register_units, visible_incidents
from registers.services.incidents import bureau_clock, result_clock


def _moment(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def incident_rows(user, unit):
    now, today = timezone.now(), timezone.localdate()
    rows = []
    for incident in visible_incidents(user).filter(unit=unit).order_by("discovered_at", "pk"):
        rows.append({
            "level": None,
            "kind": incident.get_kind_display() + (f" · {incident.copy.label}" if incident.copy_id else ""),
            "discovered_at": _moment(incident.discovered_at),
            "circumstances": incident.circumstances,
            "bureau_reported_at": _moment(incident.bureau_reported_at),
            "bureau": bureau_clock(incident, now),
            "result_on": incident.result_on.isoformat() if incident.result_on else "",
            "result": incident.result,
            "result_clock": result_clock(incident, today),
            "held_responsible": incident.held_responsible,
            "status": incident.get_status_display(),
            "closed_by": person_name(incident.closed_by) if incident.closed_by_id else "",
        })
    return rows


def incident_register_ledger(user, params) -> Ledger:
    unit = get_object_or_404(register_units(user), pk=params["unit"])
    return Ledger.of_rows(
        unit, incident_rows(user, unit), kind="incident_register", template="registers/pdf/incident_register.html",
        name=gettext_lazy("Register of incidents"),
    )
