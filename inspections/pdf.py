"""The annual confidentiality work summary, printed: the page's figures in the seeds' report shape."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy

from documents.pdf.ledgers import Ledger
from documents.levels import Level
from inspections.versions import changes_of, report_of, version_numbered
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


def _version(unit, year, number):
    version = version_numbered(unit, year, number)
    if version is None:
        raise Http404
    return version


def annual_summary_ledger(user, params) -> Ledger:
    unit = get_object_or_404(units_where(user, *SUMMARY_ROLES), pk=params["unit"])
    year = int(params["year"])
    summary = annual_summary(user, unit, year)
    version = _version(unit, year, params.get("version"))
    report = report_of(version, summary)
    chosen = Level(version.snapshot["marking"]) if version.is_final else summary.marking
    rows = summary_rows(summary, chosen)
    return Ledger.of_rows(
        unit,
        rows,
        kind="annual_summary",
        template="inspections/pdf/annual_summary.html",
        name=gettext_lazy("Annual confidentiality work summary"),
        range=str(year),
        filters={"unit": unit.pk, "year": year},
        extra={"summary": summary, "report": report, "version": version, "marking": chosen,
               "changes": changes_of(version, report)},
    )
