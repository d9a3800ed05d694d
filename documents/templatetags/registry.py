from django import template
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
