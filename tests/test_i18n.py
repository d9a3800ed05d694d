"""The interface in Simplified Chinese: the committed catalogue is complete, keeps its placeholders, and is used.

The catalogue checks read locale/zh_Hans/LC_MESSAGES/django.po as committed; after adding strings,
refresh it with makemessages, translate, then compilemessages (see README, "Languages").
"""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from documents.levels import Level
from tests.factories import PASSWORD, DocumentFactory

CATALOGUE = Path(settings.LOCALE_PATHS[0]) / "zh_Hans" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOGUE.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdifr%]")


def read_catalogue(path=CATALOGUE):
    """A tiny .po reader: one dict per entry with msgctxt, msgid, msgid_plural, msgstr (a list) and flags."""
    entries, entry, field = [], None, None

    def finish():
        if entry is not None and "msgid" in entry:
            entries.append(entry)

    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or (line.startswith("#") and not line.startswith("#,")):
            continue
        if line.startswith("#,"):
            finish()
            entry, field = {"flags": {flag.strip() for flag in line[2:].split(",")}, "msgstr": []}, None
            continue
        if line.startswith('"'):
            text = ast.literal_eval(line)
            if field == "msgstr":
                entry["msgstr"][-1] += text
            else:
                entry[field] += text
            continue
        keyword, _, rest = line.partition(" ")
        text = ast.literal_eval(rest)
        if keyword in ("msgctxt", "msgid") and (entry is None or "msgid" in entry):
            finish()
            entry = {"flags": set(), "msgstr": []}
        if keyword.startswith("msgstr"):
            entry["msgstr"].append(text)
            field = "msgstr"
        else:
            entry[keyword] = text
            field = keyword
    finish()
    return entries


def messages():
    return [entry for entry in read_catalogue() if entry["msgid"]]


def header():
    return next(entry for entry in read_catalogue() if entry["msgid"] == "")


def label(entry):
    return f"{entry.get('msgctxt', '')}|{entry['msgid']}"


def test_the_reader_understands_contexts_plurals_and_continued_lines(tmp_path):
    po = tmp_path / "sample.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=1; plural=0;\\n"\n\n'
        '#, python-format\nmsgid "%(n)s copy"\nmsgid_plural "%(n)s copies"\nmsgstr[0] "%(n)s份"\n\n'
        'msgctxt "kind"\nmsgid "Copy"\nmsgstr ""\n"复"\n"制"\n',
        encoding="utf-8",
    )

    first, plural, with_context = read_catalogue(po)

    assert first["msgstr"] == ["Plural-Forms: nplurals=1; plural=0;\n"]
    assert plural["msgid_plural"] == "%(n)s copies" and plural["msgstr"] == ["%(n)s份"]
    assert "python-format" in plural["flags"]
    assert with_context["msgctxt"] == "kind" and with_context["msgstr"] == ["复制"]


def test_the_catalogue_is_chinese_with_one_plural_form():
    assert "Plural-Forms: nplurals=1; plural=0;" in header()["msgstr"][0]
    assert "Language: zh_Hans" in header()["msgstr"][0]
    assert len(messages()) > 1000


def test_every_message_in_the_catalogue_is_translated():
    untranslated = [label(entry) for entry in messages() if not entry["msgstr"] or not all(entry["msgstr"])]

    assert untranslated == []


def test_no_translation_is_left_fuzzy():
    assert [label(entry) for entry in read_catalogue() if "fuzzy" in entry["flags"]] == []


def test_every_translation_keeps_the_placeholders_of_its_message():
    broken = []
    for entry in messages():
        wanted = sorted(PLACEHOLDER.findall(entry.get("msgid_plural") or entry["msgid"]))
        for translation in entry["msgstr"]:
            if sorted(PLACEHOLDER.findall(translation)) != wanted:
                broken.append(f"{label(entry)} -> {translation}")

    assert broken == []


def test_the_compiled_catalogue_matches_the_committed_one():
    with COMPILED.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog
    stale = []
    for entry in messages():
        key = f"{entry['msgctxt']}\x04{entry['msgid']}" if "msgctxt" in entry else entry["msgid"]
        if "msgid_plural" in entry:
            key = (key, 0)
        if compiled.get(key) != entry["msgstr"][0]:
            stale.append(label(entry))

    assert stale == [], "run `manage.py compilemessages` and commit django.mo"


@pytest.fixture
def chinese_clerk(client, office):
    client.login(username="clerk", password=PASSWORD)
    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert response.status_code == 302
    return client


@pytest.mark.django_db
def test_the_home_page_speaks_chinese_after_switching(chinese_clerk):
    page = chinese_clerk.get(reverse("home")).content.decode()

    assert '<html lang="zh-hans">' in page
    assert "登记台账" in page
    assert "涉密文件登记管理系统" in page
    assert "Sign out" not in page and "退出登录" in page


@pytest.mark.django_db
def test_the_ledger_shows_chinese_labels_and_the_chinese_marking(chinese_clerk, office):
    DocumentFactory(registry=office.registry, by=office.clerk, level=Level.SECRET, scope_users=[office.clerk])

    page = chinese_clerk.get(reverse("documents:ledger")).content.decode()

    assert "登记台账" in page
    assert "密级" in page
    assert "登记号" in page
    assert "机密★20年" in page
    assert "SECRET ★ 20 years" not in page


@pytest.mark.django_db
def test_a_form_error_is_shown_in_chinese(chinese_clerk, office):
    data = {
        "registry": office.registry.pk,
        "direction": "incoming",
        "title": "关于保密工作的通知",
        "originating_organ": "省委办公厅",
        "reference_number": "省委办〔2026〕3号",
        "level": str(Level.CONFIDENTIAL.value),
        "secrecy_period_years": "25",
        "date_classified": "2026-03-01",
        "pages": "10",
        "attachments": "0",
        "copies_count": "3",
        "urgency": "normal",
        "medium": "paper",
        "scope_users": [office.leader.pk],
        "reason": "收文时登记",
    }

    response = chinese_clerk.post(reverse("documents:register"), data)

    assert response.status_code == 200
    assert "该密级的保密期限依法最长为10年。" in response.content.decode()


@pytest.mark.django_db
def test_switching_back_to_english(chinese_clerk):
    chinese_clerk.post("/i18n/setlang/", {"language": "en", "next": "/"})

    page = chinese_clerk.get(reverse("home")).content.decode()

    assert "Ledger" in page and "登记台账" not in page
