import datetime
import html

from django import template
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

register = template.Library()

HISTORY_TYPES = {"+": _("Created"), "~": _("Changed"), "-": _("Removed")}
SCOPE_TYPES = {"+": _("Added to scope"), "~": _("Scope changed"), "-": _("Removed from scope")}


@register.filter
def level_class(level):
    return f"lvl-{int(level)}" if level is not None else ""


@register.filter
def history_label(entry):
    table = SCOPE_TYPES if entry["kind"] == "scope" else HISTORY_TYPES
    return table.get(entry["type"], entry["type"])


@register.filter
def field_label(model_name_field):
    return model_name_field.replace("_", " ")


@register.simple_tag
def history_rows(history):
    """The history table's rows, written directly: a busy document has hundreds.

    The same cells as a {% for %} over the entries would give (when, who,
    what, changes, reason), at a fraction of the template engine's cost
    per variable (docs/performance.md): labels are translated once per
    table, and every value is escaped as the template would escape it.
    """
    labels = {
        "scope": {key: str(text) for key, text in SCOPE_TYPES.items()},
        "other": {key: str(text) for key, text in HISTORY_TYPES.items()},
    }
    return mark_safe("\n".join(_history_row(entry, labels) for entry in history))


def _history_row(entry, labels):
    row = entry["row"]
    label = labels["scope" if entry["kind"] == "scope" else "other"].get(entry["type"], entry["type"])
    changes = "".join(
        f"<div><em>{_escape(field_label(field))}</em>: {_escape(_shown(old))} → {_escape(_shown(new))}</div>"
        for field, old, new in entry["changes"]
    )
    return (
        f"<tr><td>{localtime(row.history_date).strftime('%Y-%m-%d %H:%M:%S')}</td>"
        f"<td>{_escape(row.history_user or '—')}</td>"
        f"<td>{_escape(label)}: {_escape(entry['subject'])}</td>"
        f"<td>{changes}</td>"
        f"<td>{_escape(row.history_change_reason or '')}</td></tr>"
    )


def _escape(value):
    # The characters Django's escape() replaces, by the standard library's faster html.escape.
    return html.escape(str(value), quote=True)


def _shown(value):
    if value is None:
        return "—"
    if isinstance(value, datetime.datetime):
        return localtime(value).strftime("%Y-%m-%d %H:%M")
    return value
