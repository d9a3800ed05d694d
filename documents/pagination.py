"""Keyset ("cursor") pagination: page 500 costs what page 1 costs.

The cursor is the sort key of the last row shown, so the next page is an
index range scan from there instead of an OFFSET that reads and throws away
every earlier row.
"""

import base64
import json
from dataclasses import dataclass

from django.db.models import Q


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


def _after(keys, values, *, forward):
    """Rows strictly after `values` in the order `keys` (each "field" or "-field")."""
    condition = Q(pk__in=[])
    equal = Q()
    for key, value in zip(keys, values):
        field = key.lstrip("-")
        descending = key.startswith("-") == forward
        lookup = "lt" if descending else "gt"
        condition |= equal & Q(**{f"{field}__{lookup}": value})
        equal &= Q(**{field: value})
    return condition


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
        values = _decode(before, len(keys))
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
    values = _decode(after, len(keys)) if after else None
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
