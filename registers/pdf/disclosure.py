"""The printed registers of a unit's disclosure review (信息公开保密审查登记) and of data given outside (对外提供登记)."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _, gettext_lazy

from documents.pdf.ledgers import Ledger
from documents.punctuation import bracketed, colon
from people.names import person_name
from registers.selectors import register_units, visible_provisions, visible_publications


def _iso(value):
    return value.isoformat() if value else ""


def publication_rows(user, unit):
    rows = []
    for item in visible_publications(user).filter(unit=unit).order_by("registered_on", "pk"):
        decision = item.get_decision_display() if item.decision else ""
        rows.append({
            "level": None,
            "title": item.title,
            "channel": item.get_channel_display(),
            "submitted_by": item.submitted_by,
            "reviewer": person_name(item.reviewer),
            "decision": f"{decision}{colon()}{item.changes}" if item.changes else decision,
            "decided_on": _iso(item.decided_on),
            "released_on": _iso(item.released_on),
            "withdrawn_on": _iso(item.withdrawn_on),
        })
    return rows


def provision_rows(user, unit):
    return [
        {
            "level": None,
            "recipient": item.recipient,
            "letter_number": item.letter_number,
            "purpose": item.purpose,
            "description": item.description + (bracketed(item.copies_text()) if item.copies else ""),
            "sealed": _("Yes") if item.sealed else _("No"),
            "approved_by": person_name(item.approved_by),
            "provided_on": item.provided_on.isoformat(),
            "withdrawn_on": _iso(item.withdrawn_on),
        }
        for item in visible_provisions(user).filter(unit=unit).order_by("provided_on", "pk")
    ]


def disclosure_register_ledger(user, params) -> Ledger:
    unit = get_object_or_404(register_units(user), pk=params["unit"])
    return Ledger.of_rows(unit, publication_rows(user, unit), kind="disclosure_register",
                          template="registers/pdf/disclosure_register.html",
                          name=gettext_lazy("Register of disclosure review"))


def provision_register_ledger(user, params) -> Ledger:
    unit = get_object_or_404(register_units(user), pk=params["unit"])
    return Ledger.of_rows(unit, provision_rows(user, unit), kind="provision_register",
                          template="registers/pdf/provision_register.html",
                          name=gettext_lazy("Register of data given outside"))
