"""The printed ledgers: for each kind, how to build it for a user from recorded parameters.

A builder takes the user and JSON parameters (what the form chose, what a
PrintRecord records as its filters, what a background job keeps) and returns
a Ledger: its title block, how many rows it will have (to decide whether to
print it now or in the background) and how to load them. Builders check role
and scope, so a background job checks them again when it runs.
"""

import datetime
from dataclasses import dataclass, field
from typing import Callable

from django.shortcuts import get_object_or_404
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _, gettext_lazy

from documents.models import Document, Registry
from documents.pdf import selectors
from documents.pdf import procedure_ledgers
from documents.pdf.renderer import render_pdf
from documents.punctuation import listing
from documents.selectors import visible_documents
from documents.pdf.permissions import check_print_history
from documents.services.errors import NotPermitted, raise_if
from people.roles import Role
from people.selectors import has_role, units_where


@dataclass
class Ledger:
    kind: str
    template: str
    name: str
    unit: str
    range: str
    filters: dict
    unit_ids: list
    count: int
    load_rows: Callable[[], list]
    document: Document | None = None
    extra: dict = field(default_factory=dict)

    @property
    def title(self):
        return " · ".join(part for part in (str(self.name), self.unit, self.range) if part)

    @classmethod
    def of_rows(cls, unit, rows, **fields):
        """A ledger of one unit whose rows are already read (a register, a result, a slip): printed as they are."""
        fields.setdefault("range", "")
        fields.setdefault("filters", {"unit": unit.pk})
        return cls(unit=str(unit), unit_ids=[unit.pk], count=len(rows), load_rows=lambda: rows, **fields)


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def _range_label(params, date_from, date_to):
    if params.get("year"):
        return str(params["year"])
    if date_from and date_to:
        return f"{date_from.isoformat()} – {date_to.isoformat()}"
    if date_from:
        return _("from %(date)s") % {"date": date_from.isoformat()}
    if date_to:
        return _("until %(date)s") % {"date": date_to.isoformat()}
    return _("all dates")


def registration_params(*, registry, year=None, date_from=None, date_to=None):
    """The JSON parameters of a registration ledger; a year stands for 1 January to 31 December."""
    if year:
        date_from, date_to = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return {
        "registry": registry.pk,
        "registry_code": registry.code,
        "year": year,
        "date_from": date_from.isoformat() if date_from else None,
        "date_to": date_to.isoformat() if date_to else None,
    }


def registration_ledger(user, params) -> Ledger:
    registry = get_object_or_404(Registry.objects.select_related("unit"), pk=params["registry"])
    date_from, date_to = _date(params.get("date_from")), _date(params.get("date_to"))
    window = {"registry": registry, "date_from": date_from, "date_to": date_to}
    return Ledger(
        kind="registration",
        template="documents/pdf/registration_ledger.html",
        name=gettext_lazy("Registration ledger"),
        unit=str(registry.unit),
        range=f"{registry.code} · {_range_label(params, date_from, date_to)}",
        filters=params,
        unit_ids=[registry.unit_id],
        count=selectors.registration_copies(user, **window).count(),
        load_rows=lambda: selectors.registration_ledger_rows(user, **window),
        extra={"registry": registry},
    )


def history_ledger(user, params) -> Ledger:
    document = get_object_or_404(visible_documents(user).select_related("registry__unit"), pk=params["document"])
    unit = document.registry.unit
    raise_if(check_print_history(document, user))
    rows = selectors.history_ledger_rows(document)
    return Ledger.of_rows(
        unit,
        rows,
        kind="history",
        template="documents/pdf/history_ledger.html",
        name=gettext_lazy("Document history ledger"),
        range=document.registry_number,
        filters={"document": document.pk, "registry_number": document.registry_number},
        document=document,
        extra={"document": document, "copies": document.copies.select_related("holder").order_by("number")},
    )


def audit_ledger(user, params) -> Ledger:
    units = units_where(user, Role.INSPECTOR)
    if params.get("unit"):
        units = units.filter(pk=params["unit"])
    units = list(units.order_by("name"))
    if not units:
        raise NotPermitted(_("Only an inspector of the unit can print its audit ledger."))
    date_from, date_to = _date(params["date_from"]), _date(params["date_to"])
    scope = selectors.AuditScope(user, units)
    start, end = selectors.audit_period_bounds(date_from, date_to)
    return Ledger(
        kind="audit",
        template="documents/pdf/audit_ledger.html",
        name=gettext_lazy("Audit ledger"),
        unit=listing(units),
        range=_range_label(params, date_from, date_to),
        filters={**params, "unit_ids": scope.unit_ids},
        unit_ids=scope.unit_ids,
        count=selectors.audit_row_count(scope, start, end),
        load_rows=lambda: selectors.audit_ledger_rows(scope, start, end),
    )


def _elsewhere(dotted):
    """A builder kept in its owning app, imported when first used (those modules import Ledger from here)."""

    def build(user, params):
        return import_string(dotted)(user, params)

    return build


LEDGERS = {
    "registration": registration_ledger,
    "history": history_ledger,
    "audit": audit_ledger,
    "circulation_slip": procedure_ledgers.circulation_slip,
    "destruction": procedure_ledgers.destruction,
    "borrowing": procedure_ledgers.borrowing_ledger,
    "copying": procedure_ledgers.copying_ledger,
    "recovery": procedure_ledgers.recovery_ledger,
    "inventory": _elsewhere("documents.pdf.inventory_ledger.inventory_ledger"),
    "annual_summary": _elsewhere("inspections.pdf.annual_summary_ledger"),
    "volume_catalogue": _elsewhere("archives.pdf.volume_catalogue_ledger"),
    "reading_room_log": _elsewhere("archives.pdf.reading_room_ledger"),
    "personnel_register": _elsewhere("people.pdf.personnel_register_ledger"),
    "device_register": _elsewhere("carriers.pdf.device_register_ledger"),
    "dispatch_slip": _elsewhere("dispatch.pdf.dispatch_slip"),
    "rule_register": _elsewhere("registers.pdf.rules.rule_register_ledger"),
    "key_part_register": _elsewhere("registers.pdf.key_parts.key_part_register_ledger"),
    "meeting_register": _elsewhere("registers.pdf.meetings.meeting_register_ledger"),
    "incident_register": _elsewhere("registers.pdf.incidents.incident_register_ledger"),
    "organisation_register": _elsewhere("registers.pdf.organisation.organisation_register_ledger"),
    "education_register": _elsewhere("registers.pdf.education.education_register_ledger"),
    "copy_labels": _elsewhere("documents.pdf.labels.copy_labels"),
    "cover_sheets": _elsewhere("documents.pdf.labels.cover_sheets"),
    "disclosure_register": _elsewhere("registers.pdf.disclosure.disclosure_register_ledger"),
    "provision_register": _elsewhere("registers.pdf.disclosure.provision_register_ledger"),
    "device_check_register": _elsewhere("carriers.pdf.device_check_ledger"),
    "medium_loan_register": _elsewhere("carriers.pdf.medium_loan_ledger"),
    "open_computer_register": _elsewhere("carriers.pdf.open_computer_ledger"),
}


def build_ledger(kind, user, params) -> Ledger:
    return LEDGERS[kind](user, params)


def print_ledger(ledger, *, user, progress=None):
    """Load the rows, render, record. Returns (pdf_bytes, PrintRecord)."""
    if progress:
        progress(0.02, "selecting")
    return render_pdf(
        ledger.template,
        {"ledger": ledger, **ledger.extra},
        printed_by=user,
        kind=ledger.kind,
        filters=ledger.filters,
        rows=ledger.load_rows(),
        title=ledger.title,
        unit_ids=ledger.unit_ids,
        document=ledger.document,
        progress=progress,
    )
