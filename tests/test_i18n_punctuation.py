"""Chinese translations follow docs/glossary.md: full-width punctuation in a Chinese sentence.

A half-width `,` `;` `(` `)` never belongs in a Chinese translation, nor a `.`
or `:` that ends a clause; placeholders, URLs, paths, codes and numbers
(`1.5`, `12:30`, `BGS-2026-00017-3`, `django.po`) keep theirs.
"""

import re

from tests.test_i18n import messages

CHINESE = re.compile(r"[\u3400-\u9fff]")
# What keeps its half-width marks: placeholders (%(name)s, %s, {{ name }}), URLs, paths,
# code quoted as it is typed (“Authorization: Bearer <密钥>”) and calls (QuerySet.update()).
EXEMPT = re.compile(
    r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdifr%]|\{\{[^}]*\}\}|https?://\S+|(?<!\w)/[\w./-]+"
    r"|“[A-Za-z][^”]*”|[A-Za-z_][\w.]*\(\)"
)
# `,` `;` `(` `)` anywhere; `.` and `:` unless between two letters or digits (1.5, 12:30, django.po).
HALF_WIDTH = re.compile(r"[,;()]|(?<![A-Za-z0-9])[.:]|[.:](?![A-Za-z0-9])")


def half_width_marks(translation):
    """The half-width marks of a Chinese translation that should be full-width, in order ([] when none)."""
    if not CHINESE.search(translation):
        return []
    return HALF_WIDTH.findall(EXEMPT.sub("", translation))


def test_the_check_finds_a_half_width_comma_in_a_chinese_sentence():
    assert half_width_marks("已登记%(number)s号文件, 共%(count)d份.") == [",", "."]


def test_the_check_leaves_placeholders_numbers_codes_and_paths_alone():
    assert half_width_marks("%(copy)s号文件（BGS-2026-00017-3）于12:30借出1.5天，见/prints/verify/。") == []


def test_the_check_leaves_translations_without_chinese_alone():
    assert half_width_marks("TOTP (RFC 6238)") == []


def test_every_chinese_translation_uses_full_width_punctuation():
    offending = {
        entry["msgid"]: text
        for entry in messages()
        for text in entry["msgstr"]
        if half_width_marks(text)
    }
    assert offending == {}
