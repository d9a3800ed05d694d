"""History rows as the pages show them: who, when, what changed and why.

Shared by the apps whose pages list their own history (archives, personnel);
a change of a choice field shows its label, a change of a link shows the
linked person or object, a time shows local time.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from people.names import person_name


def history_entries(rows, subject):
    """`rows`: one model's history rows, oldest first. Each entry: row, kind, what, subject, type, changes."""
    previous = {}
    out = []
    for row in rows:
        changes = []
        before = previous.get(row.id)
        if before is not None and row.history_type == "~":
            changes = [readable_change(row, change) for change in row.diff_against(before).changes]
        meta = row.instance_type._meta
        out.append(
            {
                "row": row,
                "kind": meta.model_name,
                "what": meta.verbose_name,
                "subject": subject(row),
                "type": row.history_type,
                "changes": changes,
            }
        )
        previous[row.id] = row
    return out


def readable_change(row, change):
    field = row.instance_type._meta.get_field(change.field)
    return (str(field.verbose_name), _readable(field, change.old), _readable(field, change.new))


def readable_value(field, value):
    """A value as a page shows it: a choice's label, a local time (links are named by the caller)."""
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return value


def _readable(field, value):
    if value is None:
        return None
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if field.is_relation:
        linked = field.related_model._default_manager.filter(pk=value).first()
        if linked is None:
            return value
        return person_name(linked) if isinstance(linked, get_user_model()) else str(linked)
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return value


def newest_first(entries):
    return sorted(entries, key=lambda entry: (entry["row"].history_date, entry["row"].history_id), reverse=True)
