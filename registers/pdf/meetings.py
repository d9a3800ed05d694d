"""The printed register of a unit's meetings (会议登记): secrecy work meetings and secret-related meetings."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _, gettext_lazy

from documents.pdf.ledgers import Ledger
from documents.punctuation import listing
from people.names import person_name
from registers.selectors import register_units, visible_meetings
from registers.services.meetings import materials


def meeting_rows(user, unit):
    rows = []
    meetings = visible_meetings(user).filter(unit=unit).prefetch_related("attendees__person").order_by("held_on", "pk")
    for meeting in meetings:
        people = [person_name(row.person) for row in meeting.attendees.all()]
        copies = ""
        if meeting.is_secret:
            handed = [material for material in materials(meeting) if material.entry and material.entry.handed_out_at]
            out = [material.label for material in handed if material.is_out]
            copies = _("%(handed)d handed out, %(back)d back") % {
                "handed": len(handed), "back": sum(1 for material in handed if material.is_back)}
            if out:
                copies += _("; still out: %(copies)s") % {"copies": listing(out)}
        rows.append({
            "level": None,
            "held_on": meeting.held_on.isoformat(),
            "kind": meeting.get_kind_display(),
            "name": meeting.name,
            "chaired_by": meeting.chaired_by,
            "attendees": listing([*people, *([meeting.guests] if meeting.guests else [])]),
            "topics": meeting.topics,
            "decisions": meeting.decisions,
            "copies": copies,
            "withdrawn_on": meeting.withdrawn_on.isoformat() if meeting.withdrawn_on else "",
        })
    return rows


def meeting_register_ledger(user, params) -> Ledger:
    unit = get_object_or_404(register_units(user), pk=params["unit"])
    return Ledger.of_rows(
        unit, meeting_rows(user, unit), kind="meeting_register", template="registers/pdf/meeting_register.html",
        name=gettext_lazy("Register of meetings"),
    )
