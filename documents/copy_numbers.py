"""The sender's copy numbers as a clerk types them: "4, 7, 9-11" (issue 16, item 6).

One parser for the registration page and one check for the service (the
API sends a list), so a duplicate or a bad number gets the same answer
wherever it comes from.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# A copy number as printed on a copy: 份号 run to a few thousand at most.
MAX_COPY_NUMBER = 99999
_RANGE = re.compile(r"^([0-9]+)[-–—~～至到]([0-9]+)$")
_SEPARATORS = re.compile(r"[,，、;；\s]+")


def parse_copy_numbers(text, *, limit) -> list[int]:
    """The numbers in `text`, in the order typed, ranges expanded; ValidationError names the first bad piece."""
    numbers = []
    pieces = [piece for piece in _SEPARATORS.split(_join_ranges(text.strip())) if piece]
    for piece in pieces:
        if len(piece) > 20:
            raise ValidationError(
                _("“%(piece)s” is not a copy number or a range such as 9-11.") % {"piece": piece[:20] + "…"}, code="bad_piece"
            )
        if piece.isascii() and piece.isdigit():
            first = last = int(piece)
        else:
            match = _RANGE.match(piece)
            if match is None:
                raise ValidationError(
                    _("“%(piece)s” is not a copy number or a range such as 9-11.") % {"piece": piece}, code="bad_piece"
                )
            first, last = int(match[1]), int(match[2])
            if first > last:
                raise ValidationError(
                    _("The range %(piece)s runs backwards; write it from the lower number.") % {"piece": piece},
                    code="backwards",
                )
        if last - first + 1 + len(numbers) > limit:
            raise ValidationError(_("At most %(limit)d copies at once.") % {"limit": limit}, code="too_many")
        numbers.extend(range(first, last + 1))
    copy_number_errors(numbers, limit=limit, raise_as=ValidationError)
    return numbers


def _join_ranges(text):
    # "9 - 11" is one range, not three pieces.
    return re.sub(r"\s*([-–—~～至到])\s*", r"\1", text)


def copy_number_errors(numbers, *, limit, raise_as=None):
    """What is wrong with a list of copy numbers: messages, or raised as `raise_as` (a ValidationError)."""
    messages = []
    if not numbers:
        messages.append(_("Give at least one copy number."))
    elif len(numbers) > limit:
        messages.append(_("At most %(limit)d copies at once.") % {"limit": limit})
    bad = [n for n in numbers if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= MAX_COPY_NUMBER]
    if bad:
        messages.append(
            _("A copy number is a whole number from 1 to %(max)d; %(bad)s is not.") % {"max": MAX_COPY_NUMBER, "bad": bad[0]}
        )
    seen, twice = set(), []
    for number in numbers:
        if number in seen and number not in twice:
            twice.append(number)
        seen.add(number)
    if twice:
        messages.append(
            _("Copy number %(numbers)s is given twice; each copy has its own number.")
            % {"numbers": ", ".join(str(n) for n in twice)}
        )
    if messages and raise_as is not None:
        raise raise_as(messages)
    return messages


def format_copy_numbers(numbers) -> str:
    """[4, 7, 9, 10, 11] -> "4, 7, 9-11"."""
    runs = []
    for number in sorted(numbers):
        if runs and number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)
