"""The annual confidentiality work summary, printed: the page's figures in the seeds' report shape."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy

from documents.pdf.ledgers import Ledger
from inspections.report import build_report
from inspections.summary import SUMMARY_ROLES, annual_summary
from people.selectors import units_where


def summary_rows(summary, marking):
    """One row per figure, each under the marking the office chose: a count of top-secret documents is not
    the content of one, so the banner follows that choice, not the highest level counted."""
    level = marking.value
    rows = [
        {"level": level, "section": "by_level", "label": row["level"].label,
         "cells": row["cells"], "count": row["total"]}
        for row in summary.by_level
    ]
    rows += [
        {"level": level, "section": "figure", "key": key, "label": figure["label"], "count": figure["count"]}
        for key, figure in summary.figures.items()
    ]
    return rows


def annual_summary_ledger(user, params) -> Ledger:
    unit = get_object_or_404(units_where(user, *SUMMARY_ROLES), pk=params["unit"])
    year = int(params["year"])
    summary = annual_summary(user, unit, year)
    rows = summary_rows(summary, summary.marking)
    return Ledger.of_rows(
        unit,
        rows,
        kind="annual_summary",
        template="inspections/pdf/annual_summary.html",
        name=gettext_lazy("Annual confidentiality work summary"),
        range=str(year),
        filters={"unit": unit.pk, "year": year},
        extra={"summary": summary, "report": build_report(unit, year, summary)},
    )
