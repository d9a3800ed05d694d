import datetime

from django import template
from django.utils.html import format_html, format_html_join
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
    per variable (docs/performance.md).
    """
    return mark_safe("\n".join(_history_row(entry) for entry in history))


def _history_row(entry):
    row = entry["row"]
    changes = format_html_join(
        "", "<div><em>{}</em>: {} → {}</div>", ((field_label(f), _shown(old), _shown(new)) for f, old, new in entry["changes"])
    )
    return format_html(
        "<tr><td>{}</td><td>{}</td><td>{}: {}</td><td>{}</td><td>{}</td></tr>",
        localtime(row.history_date).strftime("%Y-%m-%d %H:%M:%S"),
        row.history_user or "—",
        history_label(entry),
        entry["subject"],
        changes,
        row.history_change_reason or "",
    )


def _shown(value):
    if value is None:
        return "—"
    if isinstance(value, datetime.datetime):
        return localtime(value).strftime("%Y-%m-%d %H:%M")
    return value
