"""The marks the code puts between translated pieces, in the reader's language.

A label and its value, the items of a list: English writes ": " and ", ",
Chinese writes "：" and "、" (docs/glossary.md). The marks are in the
catalogue like any other string, under a context that says what they join.
"""

from django.utils.translation import pgettext


def colon() -> str:
    return pgettext("punctuation between a label and its value", ": ")


def list_comma() -> str:
    return pgettext("punctuation between the items of a list", ", ")


def list_semicolon() -> str:
    return pgettext("punctuation between groups of a list", "; ")


def bracketed(aside) -> str:
    """An aside after a word: ` (reader)` / `（阅文人）`."""
    return pgettext("an aside in brackets after a word", " (%(aside)s)") % {"aside": aside}


def labelled(label, value) -> str:
    """`Status: Lost` / `状态：丢失`."""
    return f"{label}{colon()}{value}"


def listing(items) -> str:
    """`Li Hua, Wang Fang` / `李华、王芳`."""
    return list_comma().join(str(item) for item in items)


__all__ = ["bracketed", "colon", "labelled", "list_comma", "list_semicolon", "listing"]
