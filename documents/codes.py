"""Copy codes as people type or scan them: `BGS-2026-00017-3`, with or without zero padding, any case.

One small parser, so the stack page (and any other box that takes a scanned
code) reads codes the same way; the lookup itself is a selector
(`copies_for_codes` in documents/selectors.py) because it is a question of scope.
"""

import re
from typing import NamedTuple

# registry code, year, serial, copy number; the last separator may be "-", "/" or a space.
_CODE = re.compile(r"^\s*([A-Za-z0-9]+)\s*-\s*(\d{4})\s*-\s*(\d{1,9})\s*[-/ ]\s*(\d{1,4})\s*$")


class CopyCode(NamedTuple):
    registry: str
    year: int
    serial: int
    number: int


def parse_copy_code(text) -> CopyCode | None:
    """The parts of a copy code, or None when `text` is not one."""
    match = _CODE.match(text or "")
    if match is None:
        return None
    registry, year, serial, number = match.groups()
    return CopyCode(registry.upper(), int(year), int(serial), int(number))


__all__ = ["CopyCode", "parse_copy_code"]
