"""What every list a clerk uses has: sortable headers, a total, the page number, CSV and XLSX export.

A list declares its columns once (label, the sorts its header toggles, the
value exported); `TableState` reads the sort and page from the query string,
`headers()` gives the header cells `_table_header.html` draws, and
`export_response()` writes the same rows, filters and order to a file. The
rows always come from the caller, who starts from a selector: nothing here
widens what a person sees.

Sorts are named (`"title"`), and `"-title"` is the same sort reversed: every
key flipped, so it stays a total order and the keyset cursor still works.
"""

import csv
import datetime
import tempfile
from dataclasses import dataclass
from typing import Callable

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from audit.models import AccessKind
from audit.services.access import record_access
from people.names import person_name

# A count is exact up to this many rows; above it the page says "more than".
# Counting is then bounded by this many index entries, whatever the ledger's size.
COUNT_LIMIT = 10_000
# An XLSX file is built in memory-light write-only mode but still in one
# piece before it is sent (about 2,000 rows a second measured, docs/performance.md);
# above this many rows the export is refused and CSV (streamed) offered.
XLSX_LIMIT = 20_000
EXPORT_FORMATS = ("csv", "xlsx")
# A cell starting with one of these is a formula to a spreadsheet (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


@dataclass(frozen=True)
class Column:
    """One column: its header, the sort its header turns on (ascending first), and its exported value.

    `ascending`/`descending` name sorts of the list; a column without them
    has a plain header. `value(row)` is what the export writes.
    """

    label: str
    value: Callable
    ascending: str | None = None
    descending: str | None = None
    descending_first: bool = False

    @property
    def sortable(self):
        return bool(self.ascending and self.descending)


def person(user):
    """A person as exported: full name, else username (people.names)."""
    return person_name(user) if user else ""


def flip(key):
    return key[1:] if key.startswith("-") else f"-{key}"


def resolve_sort(value, sorts, default):
    """The sort named in the query string as (name, order keys); an unknown name is the default.

    `sorts` maps a name to its keys (each ending with a unique field);
    "-name" is that sort reversed.
    """
    value = value or ""
    if value in sorts:
        return value, list(sorts[value])
    if value.startswith("-") and value[1:] in sorts:
        return value, [flip(key) for key in sorts[value[1:]]]
    if value == default:
        raise ValueError(f"the default sort {default!r} is not one of the list's sorts")
    return resolve_sort(default, sorts, default)


@dataclass
class Header:
    label: str
    url: str | None = None
    order: str | None = None  # "ascending" / "descending" when the list is sorted by it (aria-sort)


def headers(columns, *, sort, query):
    """The header cells: a link that sorts by the column, and again reverses it; the current one marked.

    `query` is the current query string without sort and paging, so a click
    keeps the filters and starts at the first page.
    """
    cells = []
    for column in columns:
        if not column.sortable:
            cells.append(Header(column.label))
            continue
        if sort == column.ascending:
            order, target = "ascending", column.descending
        elif sort == column.descending:
            order, target = "descending", column.ascending
        else:
            order, target = None, column.descending if column.descending_first else column.ascending
        params = query.copy()
        params["sort"] = target
        cells.append(Header(column.label, url=f"?{params.urlencode()}", order=order))
    return cells


def plain_query(params, *drop):
    """The query string (a QueryDict) without paging, export (and `drop`), as a mutable copy."""
    query = params.copy()
    for key in ("after", "before", "page", "export", *drop):
        query.pop(key, None)
    return query


def bounded_count(queryset, limit=None):
    """(count, exact): the rows counted up to `limit`, so a large ledger costs `limit` index entries at most."""
    limit = COUNT_LIMIT if limit is None else limit
    count = queryset.order_by()[: limit + 1].count()
    return (count, True) if count <= limit else (limit, False)


def page_number(params):
    try:
        number = int(params.get("page") or 1)
    except (TypeError, ValueError):
        return 1
    return max(1, min(number, 1_000_000))


@dataclass
class Totals:
    """The line under a table: "123 copies · page 2 of 3"."""

    count: int
    exact: bool
    number: int
    size: int
    paged: bool = True  # a list shown whole (list_table) has no page number

    @property
    def pages(self):
        return max(1, -(-self.count // self.size))

    def rows_text(self, noun):
        """`noun(count)` says the count in words ("12 copies", through ngettext)."""
        if self.exact:
            return noun(self.count)
        return _("more than %(rows)s") % {"rows": noun(self.count)}

    @property
    def page_text(self):
        if self.exact:
            return _("page %(number)s of %(pages)s") % {"number": self.number, "pages": self.pages}
        return _("page %(number)s") % {"number": self.number}


def pager_links(page, *, query, number):
    """First / previous / next links of a keyset page, carrying the page number along with the cursor."""
    links = {}
    if number > 1 or query.get("after") or query.get("before"):
        links["first"] = f"?{query.urlencode()}" if query else "?"
    if page.previous_cursor:
        params = query.copy()
        params["before"] = page.previous_cursor
        params["page"] = max(1, number - 1)
        links["previous"] = f"?{params.urlencode()}"
    if page.next_cursor:
        params = query.copy()
        params["after"] = page.next_cursor
        params["page"] = number + 1
        links["next"] = f"?{params.urlencode()}"
    return links


def export_links(query):
    links = {}
    for fmt in EXPORT_FORMATS:
        params = query.copy()
        params["export"] = fmt
        links[fmt] = f"?{params.urlencode()}"
    return links


def rows_noun(count):
    return ngettext("%(count)s row", "%(count)s rows", count) % {"count": count}


def table_context(columns, *, sort, params, page=None, totals=None, noun=rows_noun):
    """Everything `_table_header.html` and `_table_footer.html` need."""
    query = plain_query(params)
    sorting = query.copy()
    sorting.pop("sort", None)
    context = {
        "headers": headers(columns, sort=sort, query=sorting),
        "export": export_links(query),
        "totals": totals,
        "total_text": totals.rows_text(noun) if totals else "",
    }
    if page is not None and totals is not None:
        context["pager"] = pager_links(page, query=query, number=totals.number)
    return context


# --- export ------------------------------------------------------------------


def neutralise(value):
    """A cell as text a spreadsheet shows and never runs: formulas get a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, (int, float, datetime.date)):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return f"'{text}"
    return text


def describe_filters(params, *, ignore=("sort",)):
    """The filters of an export in the access log: "level=3, status=out" (what was asked, not what was found)."""
    query = plain_query(params)
    parts = [f"{key}={value}" for key, values in sorted(query.lists()) if key not in ignore for value in values if value]
    return ", ".join(parts) or _("no filters")


def export_response(request, *, fmt, name, what, columns, rows, params):
    """The rows as a CSV (streamed) or XLSX (at most XLSX_LIMIT rows) download, recorded in the access log.

    `rows` is the caller's queryset (in scope, filtered, ordered) or list;
    `what` names the list in the log ("Registration ledger, copies").
    Returns None when XLSX is asked for more rows than XLSX_LIMIT (the
    caller says so on the page).
    """
    if fmt == "xlsx":
        total = rows[: XLSX_LIMIT + 1].count() if hasattr(rows, "count") and not isinstance(rows, list) else len(rows)
        if total > XLSX_LIMIT:
            return None
    sort = params.get("sort") or ""
    description = f"{what} ({fmt.upper()}); {describe_filters(params)}; sort={sort or '-'}"
    record_access(request, AccessKind.EXPORT, description)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    filename = f"{name}-{stamp}.{fmt}"
    iterate = rows.iterator(chunk_size=2000) if hasattr(rows, "iterator") else iter(rows)
    if fmt == "csv":
        response = StreamingHttpResponse(_csv_lines(columns, iterate), content_type="text/csv; charset=utf-8")
    else:
        return _xlsx(columns, iterate, filename)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class _Echo:
    def write(self, value):
        return value


def _csv_text(value):
    value = neutralise(value)
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _csv_lines(columns, rows):
    writer = csv.writer(_Echo())
    # A byte-order mark: Excel reads the file as UTF-8 (Chinese titles) only with it.
    yield "\ufeff" + writer.writerow([str(column.label) for column in columns])
    for row in rows:
        yield writer.writerow([_csv_text(column.value(row)) for column in columns])


def _xlsx(columns, rows, filename):
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append([str(column.label) for column in columns])
    for row in rows:
        # openpyxl writes a string starting with "=" as a formula; neutralise() has
        # already put an apostrophe before it, so every text cell stays text.
        sheet.append([_xlsx_value(column.value(row)) for column in columns])
    handle = tempfile.TemporaryFile()
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _xlsx_value(value):
    value = neutralise(value)
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)  # XLSX has no time zones
    return value


def too_many_for_xlsx():
    return _("More than %(limit)s rows: narrow the filters, or export CSV, which has no limit.") % {"limit": XLSX_LIMIT}



@dataclass
class ListTable:
    """A short list's rows (at most `limit`, sorted) and its header context, or the export's response."""

    rows: list
    context: dict
    response: object = None


def list_table(request, queryset, *, columns, sorts, default, name, what, noun=rows_noun, limit=200):
    """A list of at most `limit` rows (no paging) with sortable headers, a total and export.

    `queryset` is what this person may see (from a selector), already
    filtered; it is sorted here. The export holds every row of it, not only
    the first `limit`. When XLSX is refused as too large, `response` is a
    redirect back with the message.
    """
    from django.contrib import messages
    from django.shortcuts import redirect

    sort, keys = resolve_sort(request.GET.get("sort"), sorts, default)
    ordered = queryset.order_by(*keys)
    fmt = request.GET.get("export")
    if fmt in EXPORT_FORMATS:
        response = export_response(
            request, fmt=fmt, name=name, what=what, columns=columns, rows=ordered, params=request.GET
        )
        if response is None:
            messages.error(request, too_many_for_xlsx())
            response = redirect(f"{request.path}?{plain_query(request.GET).urlencode()}")
        return ListTable(rows=[], context={}, response=response)
    rows = list(ordered[:limit])
    count, exact = (len(rows), True) if len(rows) < limit else bounded_count(queryset)
    totals = Totals(count=count, exact=exact, number=1, size=max(limit, count), paged=False)
    context = table_context(columns, sort=sort, params=request.GET, totals=totals, noun=noun)
    context["shown_limit"] = limit if count > limit else None
    return ListTable(rows=rows, context=context)


def by_status(rows, groups):
    """A list page's sections: [(status, label, the rows in that status)] in the order of `groups` [(status, label)]."""
    return [(status, label, [row for row in rows if row.status == status]) for status, label in groups]
