"""How a service writes a change into history: with its actor and its reason."""

import unicodedata

from documents.services.errors import MissingReason

# Characters that draw nothing although Unicode does not class them as format
# characters: the Hangul fillers, the blank Braille pattern, the combining
# grapheme joiner and the variation selectors (all "default ignorable" or blank).
_BLANK = frozenset(
    [0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x2800, 0x3164, 0xFFA0]
    + list(range(0x180B, 0x1810))
    + list(range(0xFE00, 0xFE10))
    + list(range(0xE0100, 0xE01F0))
)
# Control, format (zero-width, BOM, bidi controls U+202A-E and U+2066-9, tags),
# unassigned, and every kind of space or separator.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cn", "Zs", "Zl", "Zp"})


def _invisible(char) -> bool:
    return char.isspace() or unicodedata.category(char) in _INVISIBLE_CATEGORIES or ord(char) in _BLANK


def visible_text(value) -> str:
    """`value` without invisible characters at either end; "" when nothing in it can be seen.

    A reason made of a zero-width space, a byte-order mark or a bidi control is
    no reason: it would pass `str.strip()` and leave an empty line in history.
    """
    text = str(value or "")
    start, end = 0, len(text)
    while start < end and _invisible(text[start]):
        start += 1
    while end > start and _invisible(text[end - 1]):
        end -= 1
    return text[start:end]


def require_reason(reason, *, field="reason", message=None) -> str:
    """The reason (or basis, or reference) the rules require, trimmed; refused when it has no visible character.

    Every service that needs words from a person asks for them here, so a
    blank, zero-width or bidi-only input is refused the same way everywhere.
    `field` names the input in the error (a form shows it there, the API in `errors`).
    """
    reason = visible_text(reason)
    if not reason:
        raise MissingReason(message, field=field)
    return reason


def stamp(obj, *, by, reason):
    """Mark `obj` so the history row its next save or delete writes names the actor and the reason."""
    obj._history_user = by
    obj._change_reason = reason
    return obj
