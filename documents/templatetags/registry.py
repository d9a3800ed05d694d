import datetime
import html

from django import template
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from documents import punctuation
from documents.reasons import shown_reason
from people.names import person_name

register = template.Library()

HISTORY_TYPES = {"+": _("Created"), "~": _("Changed"), "-": _("Removed")}
SCOPE_TYPES = {"+": _("Added to scope"), "~": _("Scope changed"), "-": _("Removed from scope")}


@register.filter
def level_class(level):
    return f"lvl-{int(level)}" if level is not None else ""


@register.filter
def reason(text):
    """`{{ row.history_change_reason|reason }}`: a reason the system wrote, in the reader's language (documents.reasons)."""
    return shown_reason(text)


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
    colon = _escape(punctuation.colon())
    return mark_safe("\n".join(_history_row(entry, labels, colon) for entry in history))


def _history_row(entry, labels, colon):
    row = entry["row"]
    label = labels["scope" if entry["kind"] == "scope" else "other"].get(entry["type"], entry["type"])
    changes = "".join(
        f"<div><em>{_escape(field_label(field))}</em>{colon}{_escape(_shown(old))} → {_escape(_shown(new))}</div>"
        for field, old, new in entry["changes"]
    )
    return (
        f"<tr><td>{localtime(row.history_date).strftime('%Y-%m-%d %H:%M:%S')}</td>"
        f"<td>{_escape(person_name(row.history_user))}</td>"
        f"<td>{_escape(label)}{colon}{_escape(entry['subject'])}</td>"
        f"<td>{changes}</td>"
        f"<td>{_escape(shown_reason(row.history_change_reason))}</td></tr>"
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
