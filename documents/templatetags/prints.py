from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def css_string(value):
    """`value` as a quoted CSS string for `content:` in a <style> element.

    Everything but ASCII letters and digits becomes a six-digit hex escape,
    so no user-supplied text (a name in the footer) can close the string, the
    rule or the <style> element. Spaces are escaped too: CSS swallows one
    whitespace after a hex escape.
    """
    escaped = "".join(ch if ch.isascii() and ch.isalnum() else f"\\{ord(ch):06X}" for ch in str(value))
    # Safe by construction: only ASCII letters, digits and hex escapes are left.
    return mark_safe(f'"{escaped}"')  # nosec B703 B308


@register.filter
def in_sheets(rows, per_sheet):
    """`rows` cut into sheets of `per_sheet`, each item with its place (row, column) on a sheet of three columns."""
    per_sheet = int(per_sheet)
    rows = list(rows)
    return [
        [{"row": index // 3, "column": index % 3, "item": item} for index, item in enumerate(rows[start : start + per_sheet])]
        for start in range(0, len(rows), per_sheet)
    ]
