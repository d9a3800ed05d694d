"""What a clerk types or a scanner sends for a document or a copy: one parser for every box that takes a code.

A registry number is `<registry code>-<year>-<serial>` (`BGS-2026-00017`,
documents/services/numbering.py); a copy's code is the registry number and
the copy number (`Copy.label`: `BGS-2026-00017-003`). People and scanners
vary it: zero padding or none (`BGS-2026-17-3`), any case, spaces around,
a slash or a space before the copy number, full-width characters from a
Chinese input method. All of these read the same.
"""

import re
import unicodedata
from typing import NamedTuple

_CODE = re.compile(
    r"^(?P<registry>[\w-]+?)-(?P<year>\d{4})-(?P<serial>\d{1,9})(?:\s*[-/ ]\s*(?P<copy>\d{1,6}))?$",
    # Full-width forms are folded to ASCII first (NFKC); other scripts' digits are not a code.
    re.ASCII,
)
# Long enough for any real code; a pasted paragraph is not a code.
MAX_LENGTH = 64


class Code(NamedTuple):
    registry: str  # upper case, as registry codes are written
    year: int
    serial: int
    copy: int | None  # None: the code names the document, not one of its copies

    def document_filter(self, path=""):
        """Keyword arguments selecting the document (from a Copy: path="document__"); the registry code in any case."""
        return {
            f"{path}registry__code__iexact": self.registry,
            f"{path}year": self.year,
            f"{path}serial": self.serial,
        }


def parse_code(text) -> Code | None:
    """The document or copy `text` names, or None when it is not shaped like a code at all."""
    if not isinstance(text, str) or len(text) > MAX_LENGTH:
        return None
    # NFKC folds full-width digits, letters and hyphens (Ｂ, ２, －) into ASCII.
    match = _CODE.match(unicodedata.normalize("NFKC", text).strip())
    if not match:
        return None
    copy = match["copy"]
    return Code(
        registry=match["registry"].upper(),
        year=int(match["year"]),
        serial=int(match["serial"]),
        copy=int(copy) if copy is not None else None,
    )


class CopyCode(NamedTuple):
    registry: str
    year: int
    serial: int
    number: int


def parse_copy_code(text) -> CopyCode | None:
    """A copy's code only (a registry number alone is None): what a box that takes copies reads (the scanned stack)."""
    code = parse_code(text)
    if code is None or code.copy is None:
        return None
    return CopyCode(code.registry, code.year, code.serial, code.copy)


__all__ = ["Code", "CopyCode", "parse_code", "parse_copy_code"]
