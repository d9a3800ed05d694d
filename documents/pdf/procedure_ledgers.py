"""Builders of the procedure prints (registered in documents.pdf.ledgers.LEDGERS).

- circulation_slip: one circulation's whole round (传阅单);
- destruction: a destruction list (销毁清单), titled "destruction list" until it
  is executed and "destruction certificate" after;
- borrowing, copying, recovery: the registry's ledgers of those procedures for a
  year or a date range, for the registry's secrecy clerks and inspectors.

Each checks role and scope like the builders in ledgers.py, so a background
job checks them again when it runs.
"""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _, gettext_lazy

from documents.models import Registry
from documents.pdf import procedure_selectors as rows_of
from documents.selectors import visible_circulations, visible_destruction_lists
from documents.pdf.permissions import check_print_circulation_slip, check_print_destruction, check_print_procedure_ledger
from documents.services.errors import raise_if


def _ledgers():
    # ledgers.py imports this module to register the builders; importing it
    # here at call time (not at import time) keeps either import order working.
    from documents.pdf import ledgers

    return ledgers


# ---------------------------------------------------------------- circulation slip

def circulation_slip(user, params):
    circulation = get_object_or_404(
        visible_circulations(user).select_related("copy__document__registry__unit"), pk=params["circulation"]
    )
    unit = circulation.copy.document.registry.unit
    raise_if(check_print_circulation_slip(circulation, user))
    round_, rows = rows_of.circulation_slip_rows(circulation)
    return _ledgers().Ledger.of_rows(
        unit,
        rows,
        kind="circulation_slip",
        template="documents/pdf/circulation_slip.html",
        name=gettext_lazy("Circulation slip"),
        range=f"{round_.copy.label} · {round_.circulation.get_status_display()}",
        filters={"circulation": circulation.pk, "copy": round_.copy.label},
        document=round_.document,
        extra={"round": round_, "document": round_.document, "circulation": round_.circulation},
    )


# ---------------------------------------------------------------- destruction list / certificate

def destruction(user, params):
    dlist = get_object_or_404(visible_destruction_lists(user), pk=params["destruction_list"])
    unit = dlist.registry.unit
    raise_if(check_print_destruction(dlist, user))
    certificate, rows = rows_of.destruction_rows(dlist)
    final = certificate["is_final"]
    return _ledgers().Ledger.of_rows(
        unit,
        rows,
        kind="destruction",
        template="documents/pdf/destruction_certificate.html",
        name=gettext_lazy("Destruction certificate") if final else gettext_lazy("Destruction list"),
        range=dlist.label if final else f"{dlist.label} · {dlist.get_status_display()}",
        filters={"destruction_list": dlist.pk, "label": dlist.label, "status": dlist.status},
        extra={"certificate": certificate, "dlist": dlist},
    )


# ---------------------------------------------------------------- borrowing, copy and recovery ledgers

PROCEDURE_LEDGERS = {
    # kind: (name, template, count query, rows)
    "borrowing": (
        gettext_lazy("Borrowing ledger"), "documents/pdf/borrowing_ledger.html",
        rows_of.borrowing_loans, rows_of.borrowing_ledger_rows,
    ),
    "copying": (
        gettext_lazy("Copy ledger"), "documents/pdf/copying_ledger.html",
        rows_of.copying_requests, rows_of.copying_ledger_rows,
    ),
    "recovery": (
        gettext_lazy("Recovery ledger"), "documents/pdf/recovery_ledger.html",
        rows_of.recovery_items, rows_of.recovery_ledger_rows,
    ),
}


def _procedure_ledger(kind):
    name, template, counted, load = PROCEDURE_LEDGERS[kind]

    def build(user, params):
        base = _ledgers()
        registry = get_object_or_404(Registry.objects.select_related("unit"), pk=params["registry"])
        raise_if(check_print_procedure_ledger(registry, user, name=name))
        date_from, date_to = base._date(params.get("date_from")), base._date(params.get("date_to"))
        window = {"registry": registry, "date_from": date_from, "date_to": date_to}
        return base.Ledger(
            kind=kind,
            template=template,
            name=name,
            unit=str(registry.unit),
            range=f"{registry.code} · {base._range_label(params, date_from, date_to)}",
            filters=params,
            unit_ids=[registry.unit_id],
            count=counted(user, **window).count(),
            load_rows=lambda: load(user, **window),
            extra={"registry": registry},
        )

    build.__name__ = f"{kind}_ledger"
    return build


borrowing_ledger = _procedure_ledger("borrowing")
copying_ledger = _procedure_ledger("copying")
recovery_ledger = _procedure_ledger("recovery")
