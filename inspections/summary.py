"""The annual confidentiality work summary of a unit, drafted from the data.

Each figure is a queryset that starts from what the reader may see
(documents.selectors), so a figure never counts a row the reader could not
open; `figure_rows` gives the rows behind any figure for its own page.
"""

from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from documents.levels import Level
from documents.models import ACCOUNTED, DISCREPANCIES, Direction, DestructionStatus, InventoryStatus, LoanStatus
from documents.selectors import (
    visible_circulations,
    visible_copies,
    visible_documents,
    visible_incidents,
    visible_inventories,
    visible_loans,
)
from inspections.models import RectificationStatus, SelfInspection


def _documents(user, unit, year):
    return visible_documents(user).filter(registry__unit=unit, created_at__year=year)


def _copies(user, unit):
    return visible_copies(user).filter(document__registry__unit=unit)


# key: (label, kind of rows, queryset builder)
FIGURES = {
    "registered": (_("Documents registered"), "documents", lambda u, unit, y: _documents(u, unit, y)),
    "copies_registered": (
        _("Copies registered"),
        "copies",
        lambda u, unit, y: _copies(u, unit).filter(document__created_at__year=y, source_copy__isnull=True),
    ),
    "circulations": (
        _("Circulations"),
        "circulations",
        lambda u, unit, y: visible_circulations(u).filter(copy__document__registry__unit=unit, proposed_at__year=y),
    ),
    "loans": (
        _("Loans and consultations"),
        "loans",
        lambda u, unit, y: visible_loans(u).filter(
            copy__document__registry__unit=unit, handed_out_at__year=y
        ),
    ),
    "loans_late": (
        _("Loans returned late or still overdue"),
        "loans",
        lambda u, unit, y: visible_loans(u).filter(copy__document__registry__unit=unit, handed_out_at__year=y).filter(
            _late_loans()
        ),
    ),
    "copies_made": (
        _("Copies made (copying and excerpting)"),
        "copies",
        lambda u, unit, y: _copies(u, unit).filter(source_copy__isnull=False, reproduction_request__executed_at__year=y),
    ),
    "recovered": (
        _("Copies returned to the issuer"),
        "copies",
        lambda u, unit, y: _copies(u, unit).filter(recovery_items__recovery__recovered_at__year=y),
    ),
    "destroyed": (
        _("Copies destroyed"),
        "copies",
        lambda u, unit, y: _copies(u, unit).filter(
            destruction_items__list__status=DestructionStatus.EXECUTED, destruction_items__list__executed_on__year=y
        ),
    ),
    "lost": (
        _("Copies lost (incidents reported)"),
        "incidents",
        lambda u, unit, y: visible_incidents(u).filter(copy__document__registry__unit=unit, reported_at__year=y),
    ),
    "open_incidents": (
        _("Loss incidents still open"),
        "incidents",
        lambda u, unit, y: visible_incidents(u).filter(copy__document__registry__unit=unit, status="open"),
    ),
}


def _late_loans():
    today = timezone.localdate()
    return Q(status=LoanStatus.RETURNED, returned_at__date__gt=F("due_on")) | Q(status=LoanStatus.OUT, due_on__lt=today)


@dataclass
class Summary:
    unit: object
    year: int
    figures: dict = field(default_factory=dict)
    by_level: list = field(default_factory=list)
    inventories: list = field(default_factory=list)
    self_inspection: object = None
    rectifications: dict = field(default_factory=dict)
    training: object = None


def annual_summary(user, unit, year) -> Summary:
    from people.selectors import training_summary

    summary = Summary(unit=unit, year=year)
    for key, (label, kind, build) in FIGURES.items():
        summary.figures[key] = {"label": label, "count": build(user, unit, year).count(), "kind": kind}
    counts = {
        (row["level"], row["direction"]): row["n"]
        for row in _documents(user, unit, year).values("level", "direction").annotate(n=Count("pk"))
    }
    for level in sorted(Level, reverse=True):
        row = {"level": level, "cells": [(direction, counts.get((level.value, direction.value), 0)) for direction in Direction]}
        row["total"] = sum(n for _direction, n in row["cells"])
        summary.by_level.append(row)
    for inventory in visible_inventories(user).filter(registry__unit=unit, closed_at__year=year).exclude(
        status=InventoryStatus.OPEN
    ):
        results = dict(inventory.items.values_list("result").annotate(n=Count("pk")).values_list("result", "n"))
        summary.inventories.append(
            {
                "inventory": inventory,
                "total": sum(results.values()),
                "seen": sum(results.get(result, 0) for result in ACCOUNTED),
                "discrepancies": sum(n for result, n in results.items() if result in DISCREPANCIES),
            }
        )
    summary.self_inspection = SelfInspection.objects.filter(unit=unit, year=year).first()
    if summary.self_inspection is not None:
        rectifications = summary.self_inspection.rectifications.all()
        summary.rectifications = {
            "open": rectifications.filter(status=RectificationStatus.OPEN).count(),
            "overdue": rectifications.filter(status=RectificationStatus.OPEN, deadline__lt=timezone.localdate()).count(),
            "done": rectifications.filter(status=RectificationStatus.DONE).count(),
        }
    summary.training = training_summary(unit, year)
    return summary


def figure_rows(user, unit, year, key):
    label, kind, build = FIGURES[key]
    queryset = build(user, unit, year)
    if kind in ("documents",):
        queryset = queryset.select_related("registry").order_by("year", "serial")
    elif kind == "copies":
        queryset = queryset.select_related("document", "holder").order_by("document__year", "document__serial", "number").distinct()
    elif kind == "circulations":
        queryset = queryset.select_related("copy__document", "proposed_by", "decided_by").order_by("proposed_at")
    elif kind == "loans":
        queryset = queryset.select_related("copy__document", "borrower").order_by("handed_out_at")
    elif kind == "incidents":
        queryset = queryset.select_related("copy__document", "reported_by").order_by("reported_at")
    return label, kind, queryset


__all__ = ["FIGURES", "annual_summary", "figure_rows"]
