"""Versions of the annual summary, read side: the report a version shows, and what a new version changed.

A draft is the report computed now with the office's prose over the drafted
paragraphs. A final version is the report as it read when a leader marked it
final (`SummaryVersion.snapshot`), so it no longer follows the data. A version
started from a final one lists what differs from it, section by section: the
paragraph as it was and as it is, and each figure whose value moved.
"""

from dataclasses import dataclass, field
from types import SimpleNamespace

from django.utils.translation import get_language

from inspections.models import SummaryVersion
from inspections.report import Figure, Report, Section, build_report


def current_version(unit, year) -> SummaryVersion:
    """The latest version of the unit's summary of `year`; an unsaved first draft when none is saved yet."""
    latest = SummaryVersion.objects.filter(unit=unit, year=year).order_by("-number").first()
    return latest or SummaryVersion(unit=unit, year=year, number=1, prose={})


def version_numbered(unit, year, number) -> SummaryVersion | None:
    """Version `number` of the unit's summary (the current one when `number` is empty); None if there is none."""
    current = current_version(unit, year)
    if number in (None, "") or str(number) == str(current.number):
        return current
    if not str(number).isdigit():
        return None
    return SummaryVersion.objects.filter(unit=unit, year=year, number=int(number)).first()


def versions(unit, year):
    return SummaryVersion.objects.filter(unit=unit, year=year).select_related("finalised_by").order_by("number")


def report_of(version, summary) -> Report:
    """The report `version` shows: the frozen one if final, else computed now with the office's prose."""
    if version.is_final:
        return report_from_snapshot(version.unit, version.year, version.snapshot)
    return build_report(version.unit, version.year, summary, prose=version.prose)


def snapshot_of(report, summary) -> dict:
    """The report as plain data, kept when the version is marked final."""
    return {
        "language": get_language(),
        "marking": int(summary.marking),
        "leaders": list(report.leaders),
        "prepared_by": list(report.prepared_by),
        "separator": report.separator,
        "sections": [
            {
                "key": section.key, "number": section.number, "title": str(section.title),
                "recorded": section.recorded, "edited": section.edited, "paragraph": str(section.paragraph),
                "figures": [{"label": str(figure.label), "value": str(figure.value), "rows": figure.rows,
                             "params": {k: str(v) for k, v in figure.params.items()}, "counts_rows": figure.counts_rows,
                             "href": figure.href} for figure in section.figures],
                "rows": [str(row) for row in section.rows],
                "claims": [{"key": claim.key, "holds": claim.holds, "sentence": str(claim.sentence),
                            "failures": [{"key": failure.key, "sentence": str(failure.sentence),
                                          "rows": [str(row) for row in failure.rows]} for failure in claim.failures]}
                           for claim in section.claims],
            }
            for section in report.sections
        ],
    }


def report_from_snapshot(unit, year, snapshot) -> Report:
    sections = []
    for kept in snapshot["sections"]:
        sections.append(Section(
            key=kept["key"], title=kept["title"], number=kept["number"], recorded=kept["recorded"],
            edited=kept["edited"], paragraph=kept["paragraph"], drafted=kept["paragraph"], rows=kept["rows"],
            figures=[Figure(**figure) for figure in kept["figures"]],
            claims=[SimpleNamespace(key=claim["key"], holds=claim["holds"], sentence=claim["sentence"],
                                    failures=[SimpleNamespace(**failure) for failure in claim["failures"]])
                    for claim in kept["claims"]],
        ))
    return Report(unit=unit, year=year, sections=sections, leaders=snapshot["leaders"],
                  prepared_by=snapshot["prepared_by"], separator=snapshot["separator"])


@dataclass
class Change:
    section: str  # number and title
    what: str  # the figure's label, or "" for the paragraph
    before: str
    after: str


@dataclass
class Changes:
    from_number: int
    note: str
    items: list = field(default_factory=list)


def changes_of(version, report) -> Changes | None:
    """What `version` changes from the final version it was started from; None for a first version."""
    if version.based_on_id is None:
        return None
    if version.is_final and "changes" in (version.snapshot or {}):
        kept = version.snapshot["changes"]
        return Changes(from_number=kept["from_number"], note=kept["note"],
                       items=[Change(**item) for item in kept["items"]])
    earlier = version.based_on.snapshot
    before = {kept["key"]: kept for kept in earlier["sections"]}
    # A drafted paragraph is written in the language it was drafted in: across languages only the office's own
    # text is compared. Figures are matched by the rows they count, not by their (translated) label.
    same_language = earlier.get("language") == get_language()
    changes = Changes(from_number=version.based_on.number, note=version.changes_note)
    for section in report.sections:
        old = before.get(section.key)
        heading = f"{section.number}{section.title}"
        if old is None:
            changes.items.append(Change(section=heading, what="", before="—", after=str(section.paragraph)))
            continue
        compared = same_language or old["edited"] or section.edited
        if compared and old["paragraph"] != str(section.paragraph):
            changes.items.append(Change(section=heading, what="", before=old["paragraph"], after=str(section.paragraph)))
        old_figures = {_figure_key(figure): figure["value"] for figure in old["figures"]}
        for figure in section.figures:
            was = old_figures.get(_figure_key(vars(figure)), "—")
            if was != str(figure.value):
                changes.items.append(Change(section=heading, what=str(figure.label), before=was, after=str(figure.value)))
    return changes


def _figure_key(figure: dict) -> str:
    if figure.get("rows"):
        return figure["rows"] + "?" + "&".join(f"{k}={v}" for k, v in sorted(figure.get("params", {}).items()))
    return str(figure["label"])


def changes_as_data(changes) -> dict:
    return {"from_number": changes.from_number, "note": changes.note,
            "items": [vars(item) for item in changes.items]}
