"""The printed register of a unit's education and publicity (宣传教育登记), with each event's attendance."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy

from documents.pdf.ledgers import Ledger
from documents.punctuation import bracketed, listing
from people.names import person_name
from registers.models import Attendance
from registers.selectors import register_units, visible_education_events


def _named(line):
    name = person_name(line.person)
    return f"{name}{bracketed(line.certificate)}" if line.certificate else name


def education_rows(user, unit):
    rows = []
    lines = Prefetch("attendances", queryset=Attendance.objects.select_related("person").order_by("pk"))
    for event in visible_education_events(user).filter(unit=unit).order_by("held_on", "pk").prefetch_related(lines):
        attendances = list(event.attendances.all())
        rows.append({
            "level": None,
            "held_on": event.held_on.isoformat(),
            "name": event.name,
            "kind": event.get_kind_display(),
            "organiser": event.organiser,
            "hours": event.hours,
            "present": listing(_named(line) for line in attendances if line.present),
            "absent": listing(person_name(line.person) for line in attendances if not line.present),
            "withdrawn_on": event.withdrawn_on.isoformat() if event.withdrawn_on else "",
        })
    return rows


def education_register_ledger(user, params) -> Ledger:
    unit = get_object_or_404(register_units(user), pk=params["unit"])
    return Ledger.of_rows(
        unit, education_rows(user, unit), kind="education_register", template="registers/pdf/education_register.html",
        name=gettext_lazy("Register of education and publicity"),
    )
