"""The sentences of the annual summary that assert something, each a rule over the data of one unit and year.

A claim ("no copy was lost", "according to procedure") is printed only when
every one of its conditions holds; where one fails, the summary says what
happened instead and lists the rows behind it. Every condition is read over
the whole unit (the summary is the unit's, whoever prints it) and lists its
rows by copy number only: titles never appear in the summary.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _, ngettext

from documents.models import DISCREPANCIES, Incident, IncidentStatus, InventoryItem, InventoryStatus, Loan, LoanStatus
from documents.models.copy import CopyStatus
from inspections.models import Rectification, RectificationStatus
from people.names import person_name

# The checklist area whose rectification items are about handling documents (migration 0002 names it).
DOCUMENT_HANDLING_AREA = "Document handling"


@dataclass
class Failure:
    """A condition that does not hold: what happened, and the rows that show it."""

    key: str
    sentence: str
    rows: list = field(default_factory=list)


@dataclass
class Claim:
    key: str
    sentence: str
    failures: list = field(default_factory=list)

    @property
    def holds(self):
        return not self.failures


def _year_end(year):
    return min(timezone.localdate(), datetime.date(year, 12, 31))


def loss_incidents(unit, year):
    return (
        Incident.objects.filter(copy__document__registry__unit=unit, reported_at__year=year)
        .select_related("copy__document")
        .order_by("reported_at", "pk")
    )


def unresolved_discrepancies(unit, year):
    """Discrepancies of the latest closed inventory of each registry of the unit this year, except copies
    since reported lost (a loss incident then speaks for them). A copy found later is seen by a later
    inventory, which then is the latest."""
    items = InventoryItem.objects.filter(
        inventory__registry__unit=unit,
        inventory__closed_at__year=year,
        inventory__status__in=(InventoryStatus.CLOSED, InventoryStatus.SIGNED_OFF),
    )
    latest = []
    for registry_id in items.values_list("inventory__registry", flat=True).distinct():
        inventory_id = (
            items.filter(inventory__registry=registry_id).order_by("-inventory__closed_at", "-inventory").values_list(
                "inventory", flat=True
            ).first()
        )
        latest.append(inventory_id)
    return (
        InventoryItem.objects.filter(inventory__in=latest, result__in=DISCREPANCIES)
        .exclude(copy__status=CopyStatus.LOST)
        .select_related("copy__document", "inventory__registry")
        .order_by("copy__document__year", "copy__document__serial", "copy__number")
    )


def copies_missing(unit, year):
    """Copies of the unit the ledger says are lost and still searched for (their incident open), whatever
    year they were reported in: an open loss of last year is still a copy missing this year."""
    return (
        Incident.objects.filter(copy__document__registry__unit=unit, copy__status=CopyStatus.LOST, status=IncidentStatus.OPEN)
        .exclude(reported_at__year=year)
        .select_related("copy__document")
        .order_by("reported_at", "pk")
    )


def overdue_loans(unit, year):
    """Loans handed out this year and returned after their due date, or still out past it."""
    return (
        Loan.objects.filter(copy__document__registry__unit=unit, handed_out_at__year=year)
        .filter(
            Q(status=LoanStatus.RETURNED, returned_at__date__gt=F("due_on"))
            | Q(status=LoanStatus.OUT, due_on__lt=_year_end(year))
        )
        .select_related("copy__document", "borrower")
        .order_by("handed_out_at", "pk")
    )


def open_handling_rectifications(unit, year):
    return (
        Rectification.objects.filter(
            self_inspection__unit=unit,
            self_inspection__year__lte=year,
            status=RectificationStatus.OPEN,
            item__area__name__startswith=DOCUMENT_HANDLING_AREA,
        )
        .select_related("owner")
        .order_by("deadline", "pk")
    )




def _incident_row(incident):
    return _("%(copy)s, reported %(date)s (%(status)s)") % {
        "copy": incident.copy, "date": timezone.localtime(incident.reported_at).date().isoformat(),
        "status": incident.get_status_display(),
    }


def _discrepancy_row(item):
    return _("%(copy)s: %(result)s (inventory of %(registry)s closed %(date)s)") % {
        "copy": item.copy, "result": item.get_result_display(), "registry": item.inventory.registry.code,
        "date": timezone.localtime(item.inventory.closed_at).date().isoformat(),
    }


def _loan_row(loan):
    if loan.status == LoanStatus.RETURNED:
        return _("%(copy)s, lent to %(borrower)s, due %(due)s, returned %(returned)s") % {
            "copy": loan.copy, "borrower": person_name(loan.borrower), "due": loan.due_on.isoformat(),
            "returned": timezone.localtime(loan.returned_at).date().isoformat(),
        }
    return _("%(copy)s, lent to %(borrower)s, due %(due)s, not returned") % {
        "copy": loan.copy, "borrower": person_name(loan.borrower), "due": loan.due_on.isoformat(),
    }


def _rectification_row(item):
    return _("%(problem)s (owner %(owner)s, deadline %(deadline)s)") % {
        "problem": item.problem, "owner": person_name(item.owner), "deadline": item.deadline.isoformat(),
    }


def _failure(key, rows, sentence, describe):
    """`sentence(n)` says what happened to n rows (an ngettext call, so the count reads right in each language)."""
    rows = list(rows)
    if not rows:
        return None
    return Failure(key=key, sentence=sentence(len(rows)) % {"n": len(rows)}, rows=[describe(row) for row in rows])


def no_copy_lost(unit, year) -> Claim:
    failures = [
        _failure("loss_incident", loss_incidents(unit, year),
                 lambda n: ngettext("%(n)d loss incident was reported this year:", "%(n)d loss incidents were reported this year:", n),
                 _incident_row),
        _failure("inventory_discrepancy", unresolved_discrepancies(unit, year),
                 lambda n: ngettext("The year’s inventories left %(n)d discrepancy unresolved:", "The year’s inventories left %(n)d discrepancies unresolved:", n),
                 _discrepancy_row),
        _failure("copy_missing", copies_missing(unit, year),
                 lambda n: ngettext("%(n)d copy lost in an earlier year is still missing:",
                 "%(n)d copies lost in earlier years are still missing:", n), _incident_row),
    ]
    return Claim(key="no_copy_lost", sentence=str(_("No copy was lost.")), failures=[f for f in failures if f])


def according_to_procedure(unit, year) -> Claim:
    failures = [
        _failure("overdue_loan", overdue_loans(unit, year),
                 lambda n: ngettext("%(n)d loan was not returned by its due date:", "%(n)d loans were not returned by their due date:", n),
                 _loan_row),
        _failure("open_rectification", open_handling_rectifications(unit, year),
                 lambda n: ngettext("%(n)d rectification item on document handling is still open:",
                 "%(n)d rectification items on document handling are still open:", n), _rectification_row),
    ]
    return Claim(
        key="according_to_procedure",
        sentence=str(_("Documents were registered, kept, circulated, borrowed, returned, copied and destroyed "
                       "according to the procedures.")),
        failures=[f for f in failures if f],
    )


def all_trained(unit, year) -> Claim:
    from people.selectors import training_summary

    untrained = training_summary(unit, year).untrained
    failures = [
        _failure("untrained", untrained,
                 lambda n: ngettext("%(n)d person of the unit had no confidentiality training this year:",
                 "%(n)d people of the unit had no confidentiality training this year:", n), person_name),
    ]
    return Claim(key="all_trained", sentence=str(_("Everyone in the unit was trained in confidentiality this year.")),
                 failures=[f for f in failures if f])


# Every kind of incident but a breach of procedure (违规) may have let secrets out.
NOT_LEAKS = ("procedure",)


def _register_incident_row(incident):
    return _("%(kind)s, discovered %(date)s (%(status)s)") % {
        "kind": incident.get_kind_display() + (f" · {incident.copy.label}" if incident.copy_id else ""),
        "date": timezone.localtime(incident.discovered_at).date().isoformat(), "status": incident.get_status_display(),
    }


def no_leak(unit, year) -> Claim:
    """No incident that may have let secrets out was discovered in the year, and none of an earlier year is open."""
    leaks = Incident.objects.filter(unit=unit).exclude(kind__in=NOT_LEAKS).select_related("copy").order_by(
        "discovered_at", "pk")
    failures = [
        _failure("leak_incident", leaks.filter(discovered_at__year=year),
                 lambda n: ngettext("%(n)d incident that may have let secrets out was discovered this year:",
                                    "%(n)d incidents that may have let secrets out were discovered this year:", n),
                 _register_incident_row),
        _failure("leak_open", leaks.filter(discovered_at__year__lt=year, status=IncidentStatus.OPEN),
                 lambda n: ngettext("%(n)d incident of an earlier year is still open:",
                                    "%(n)d incidents of earlier years are still open:", n), _register_incident_row),
    ]
    return Claim(key="no_leak", sentence=str(_("No leak occurred.")), failures=[f for f in failures if f])


# In the order the summary states them.
CLAIMS = (according_to_procedure, no_copy_lost, all_trained, no_leak)


def claims(unit, year) -> list[Claim]:
    return [claim(unit, year) for claim in CLAIMS]
