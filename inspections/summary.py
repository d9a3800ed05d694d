"""The annual confidentiality work summary of a unit, drafted from the data.

The summary is the unit's, not the reader's: every figure is computed over
the whole unit, so the leader who signs it and the inspector who checks it
print the same figures. What entitles someone to it is a clerk's, leader's
or inspector's role in that unit (`SUMMARY_ROLES`, checked by the views and
the print builder). It names copies by number, never a document's title.
`figure_rows` gives the rows behind any figure for its own page.
"""

from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from documents.levels import Level
from documents.models import (
    ACCOUNTED,
    DISCREPANCIES,
    Circulation,
    Copy,
    Direction,
    DestructionStatus,
    Document,
    Incident,
    Inventory,
    InventoryStatus,
    ItemResult,
    Loan,
)
from inspections.claims import claims, overdue_loans
from inspections.models import AnnualSummary, InspectionKind, RectificationStatus, SelfInspection
from people.roles import Role

SUMMARY_ROLES = (Role.CLERK, Role.LEADER, Role.INSPECTOR)


def _documents(user, unit, year):
    return Document.objects.filter(registry__unit=unit, created_at__year=year)


def _copies(user, unit):
    return Copy.objects.filter(document__registry__unit=unit)


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
        lambda u, unit, y: Circulation.objects.filter(copy__document__registry__unit=unit, proposed_at__year=y),
    ),
    "loans": (
        _("Loans and consultations"),
        "loans",
        lambda u, unit, y: Loan.objects.filter(
            copy__document__registry__unit=unit, handed_out_at__year=y
        ),
    ),
    "loans_late": (
        _("Loans returned late or still overdue"),
        "loans",
        lambda u, unit, y: overdue_loans(unit, y),
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
        lambda u, unit, y: Incident.objects.filter(copy__document__registry__unit=unit, reported_at__year=y),
    ),
    "open_incidents": (
        _("Loss incidents still open"),
        "incidents",
        lambda u, unit, y: Incident.objects.filter(copy__document__registry__unit=unit, status="open"),
    ),
}


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
    claims: list = field(default_factory=list)
    marking: object = None
    marking_reason: str = ""


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
    for inventory in Inventory.objects.select_related("registry", "signed_off_by").filter(registry__unit=unit, closed_at__year=year).exclude(
        status=InventoryStatus.OPEN
    ):
        results = dict(inventory.items.values_list("result").annotate(n=Count("pk")).values_list("result", "n"))
        devices = dict(inventory.device_items.values_list("result").annotate(n=Count("pk")).values_list("result", "n"))
        summary.inventories.append(
            {
                "inventory": inventory,
                "total": sum(results.values()),
                "seen": sum(results.get(result, 0) for result in ACCOUNTED),
                "discrepancies": sum(n for result, n in results.items() if result in DISCREPANCIES),
                "devices": sum(devices.values()),
                "devices_missing": devices.get(ItemResult.MISSING, 0),
            }
        )
    # The annual one: special inspections are the office's own business through the year.
    summary.self_inspection = SelfInspection.objects.filter(unit=unit, year=year, kind=InspectionKind.ANNUAL).first()
    if summary.self_inspection is not None:
        rectifications = summary.self_inspection.rectifications.all()
        summary.rectifications = {
            "open": rectifications.filter(status=RectificationStatus.OPEN).count(),
            "overdue": rectifications.filter(status=RectificationStatus.OPEN, deadline__lt=timezone.localdate()).count(),
            "done": rectifications.filter(status=RectificationStatus.DONE).count(),
        }
    summary.training = training_summary(unit, year)
    summary.claims = claims(unit, year)
    chosen = AnnualSummary.objects.filter(unit=unit, year=year).first()
    summary.marking = Level(chosen.level) if chosen else Level.INTERNAL
    summary.marking_reason = chosen.level_reason if chosen else ""
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


__all__ = ["FIGURES", "SUMMARY_ROLES", "annual_summary", "figure_rows"]
