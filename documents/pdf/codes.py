"""Verification codes: short, random, easy to read off a sheet and type back.

Ten characters of Crockford's base32 (no I, L, O, U), 50 random bits, shown
as two groups of five (`7K2QX-M4D9R`). Typing is forgiving: case, spaces and
dashes are ignored, and O/I/L are read as 0/1/1.
"""

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 10
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_code() -> str:
    from documents.models import PrintRecord

    while True:
        code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
        if not PrintRecord.objects.filter(code=code).exists():
            return code


def normalize(typed: str) -> str:
    cleaned = "".join(ch for ch in (typed or "").upper() if ch.isalnum())
    return cleaned.translate(_READ_AS)


def display(code: str) -> str:
    return f"{code[:5]}-{code[5:]}" if len(code) == LENGTH else code
