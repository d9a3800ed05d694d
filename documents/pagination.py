"""Keyset ("cursor") pagination: page 500 costs what page 1 costs.

The cursor is the sort key of the last row shown, so the next page is an
index range scan from there instead of an OFFSET that reads and throws away
every earlier row.
"""

import base64
import json
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import F, Q
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThanOrEqual, TupleLessThanOrEqual


def _encode(values):
    return base64.urlsafe_b64encode(json.dumps(values, default=str).encode()).decode()


def _decode(cursor, size):
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor.encode()).decode())
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(values, list) or len(values) != size:
        return None
    return values


def decode_cursor(queryset, keys, cursor):
    """The cursor's values as the sort fields' own types, or None if it is not a cursor we made.

    A cursor comes back from the browser: anything in it is checked against
    its field (type, range, no NUL characters) before it reaches SQL.
    """
    values = _decode(cursor, len(keys)) if cursor else None
    if values is None:
        return None
    cleaned = []
    for key, value in zip(keys, values):
        field = _field(queryset.model, key.lstrip("-"))
        if field is None or isinstance(value, (dict, list)):
            return None
        try:
            value = field.to_python(value)
            field.run_validators(value)
        except (ValidationError, TypeError, ValueError):
            return None
        if value is None or (isinstance(value, str) and "\x00" in value):
            return None
        cleaned.append(value)
    return cleaned


def _field(model, path):
    field = None
    for part in path.split("__"):
        if model is None:
            return None
        try:
            field = model._meta.pk if part == "pk" else model._meta.get_field(part)
        except FieldDoesNotExist:
            return None
        model = field.related_model
    return field.target_field if field.is_relation else field


def _after(keys, values, *, forward, inclusive=False):
    """Rows after `values` in the order `keys` (each "field" or "-field"); with `inclusive`, that row too."""
    condition = Q(pk__in=[])
    equal = Q()
    for key, value in zip(keys, values):
        field = key.lstrip("-")
        descending = key.startswith("-") == forward
        lookup = "lt" if descending else "gt"
        condition |= equal & Q(**{f"{field}__{lookup}": value})
        equal &= Q(**{field: value})
    if inclusive:
        condition |= equal
    # The bound is AND-ed at the top, where the planner can use it to seek.
    return _start_bound(keys, values, forward=forward) & condition


def _start_bound(keys, values, *, forward):
    """A redundant row comparison the database can start an index scan from.

    The OR-chain above is exact but no index can seek with it: PostgreSQL
    would read every earlier row and discard it, so page 500 would cost 500
    pages. The leading keys that share one direction, compared as a row
    (`(year, serial) <= (2026, 120)`), are a range an index on them seeks to.
    """
    lead = [keys[0]]
    for key in keys[1:]:
        if key.startswith("-") != keys[0].startswith("-"):
            break
        lead.append(key)
    if len(lead) < 2:
        field = lead[0].lstrip("-")
        lookup = "lte" if lead[0].startswith("-") == forward else "gte"
        return Q(**{f"{field}__{lookup}": values[0]})
    fields = Tuple(*[F(key.lstrip("-")) for key in lead])
    bound = TupleLessThanOrEqual if lead[0].startswith("-") == forward else TupleGreaterThanOrEqual
    return Q(bound(fields, tuple(values[: len(lead)])))


def _flip(key):
    return key[1:] if key.startswith("-") else f"-{key}"


@dataclass
class KeysetPage:
    rows: list
    next_cursor: str | None
    previous_cursor: str | None


def paginate(queryset, *, keys, after=None, before=None, size=50):
    """`keys` must end with a unique field (the pk) so the order is total."""
    if before:
        values = decode_cursor(queryset, keys, before)
        qs = queryset.order_by(*[_flip(k) for k in keys])
        if values is not None:
            qs = qs.filter(_after(keys, values, forward=False))
        rows = list(qs[: size + 1])
        has_more_before = len(rows) > size
        rows = list(reversed(rows[:size]))
        return KeysetPage(
            rows=rows,
            next_cursor=_cursor(rows[-1], keys) if rows else None,
            previous_cursor=_cursor(rows[0], keys) if rows and has_more_before else None,
        )
    values = decode_cursor(queryset, keys, after) if after else None
    qs = queryset.order_by(*keys)
    if values is not None:
        qs = qs.filter(_after(keys, values, forward=True))
    rows = list(qs[: size + 1])
    has_more = len(rows) > size
    rows = rows[:size]
    return KeysetPage(
        rows=rows,
        next_cursor=_cursor(rows[-1], keys) if rows and has_more else None,
        previous_cursor=_cursor(rows[0], keys) if rows and values is not None else None,
    )


def _cursor(row, keys):
    values = []
    for key in keys:
        value = row
        for part in key.lstrip("-").split("__"):
            value = getattr(value, part)
        values.append(value.pk if hasattr(value, "pk") else value)
    return _encode(values)


def paginate_by_parent(parents, *, rows_of, everything, keys, parent_keys, after=None, before=None, size=50):
    """Keyset pagination of rows sorted by their parent first, e.g. copies by document.

    `keys` starts with the parent's sort keys (`parent_keys` names the same
    keys on the parent, ending with its pk). `everything()` gives the
    queryset of all rows; `parents` holds every parent with at least one row
    in it, and `rows_of(ids)` gives the rows of those parents that it holds. A page of `size` rows comes from
    the next `size + 2` parents, so the parents (narrow, indexed) are paged
    first and only their rows are read and sorted, instead of every row in
    scope. Should `parents` hold parents without rows, the page could come
    out short: that is checked, and the page is then built from `everything()`.
    """
    cursor = before or after
    forward = not before
    limit = size + 2
    values = decode_cursor(everything(), keys, cursor) if cursor else None
    ordered = parents.order_by(*(parent_keys if forward else [_flip(k) for k in parent_keys]))
    if values is not None:
        # The parent of the cursor's row may have rows left: start at it, not after it.
        ordered = ordered.filter(_after(parent_keys, values[: len(parent_keys)], forward=forward, inclusive=True))
    ids = list(ordered.values_list("pk", flat=True)[:limit])
    page = paginate(rows_of(ids), keys=keys, after=after, before=before, size=size)
    complete = len(ids) < limit or (page.next_cursor if forward else page.previous_cursor)
    if complete:
        return page
    return paginate(everything(), keys=keys, after=after, before=before, size=size)
