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
