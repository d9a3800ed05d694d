"""Keyset ("cursor") pagination: page 500 costs what page 1 costs.

The cursor is the sort key of the last row shown, so the next page is an
index range scan from there instead of an OFFSET that reads and throws away
every earlier row.
"""

import base64
import json
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist, ValidationError
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
