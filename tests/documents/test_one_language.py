"""One language per page: what the system writes reads in the reader's language; people by name; banners; plurals."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from documents.levels import Level, marking
from documents.models import Copy, LoanMode
from documents.reasons import PHRASES, shown_reason, system_reason
from documents.services.borrowing import request_loan
from documents.services.editing import update_document
from tests.factories import PASSWORD, DocumentFactory
from tests.pdf_reading import flat, page_texts

pytestmark = pytest.mark.django_db


def signed_in(client, user, language="en"):
    client.logout()
    assert client.login(username=user.username, password=PASSWORD)
    client.cookies["django_language"] = language
    return client


def named(user, first, last=""):
    user.first_name, user.last_name = first, last
    user.save()
    return user


@pytest.fixture
def document(office):
    # Written by an English-speaking clerk: the factory registers with "Registered on receipt".
    return DocumentFactory(
        registry=office.registry, by=office.clerk, level=Level.SECRET, copies_count=1, scope_users=[office.leader]
    )


def history_reasons(page):
    """The reason column of the history table, cell by cell."""
    table = page.split('id="history"', 1)[1].split("</table>", 1)[0]
    return [cell.strip() for cell in re.findall(r"<td>([^<]*)</td></tr>", table)]


# ---------------------------------------------------------------- reasons the system writes


def test_a_reason_an_english_clerk_wrote_reads_in_chinese_on_the_document_page(client, office, document):
    page = signed_in(client, office.leader, "zh-hans").get(reverse("documents:detail", args=[document.pk]))

    reasons = history_reasons(page.content.decode())
    assert "收文时登记" in reasons
    assert "Registered on receipt" not in page.content.decode()


def test_the_same_row_reads_in_english_for_an_english_reader(client, office, document):
    page = signed_in(client, office.leader, "en").get(reverse("documents:detail", args=[document.pk]))

    assert "Registered on receipt" in history_reasons(page.content.decode())


def test_a_history_ledger_printed_in_chinese_shows_the_english_clerks_reason_in_chinese(client, office, document):
    response = signed_in(client, office.inspector, "zh-hans").post(reverse("documents:print_history", args=[document.pk]))

    text = flat("".join(page_texts(response.content)))
    assert "收文时登记" in text
    assert "Registeredonreceipt" not in text


def test_a_reason_with_what_a_person_typed_is_stored_in_english_and_keeps_the_typed_part(office, document):
    copy = document.copies.get()
    with translation.override("zh-hans"):
        request_loan(copy=copy, borrower=office.leader, by=office.leader, purpose="准备年度检查",
                     mode=LoanMode.READING_ROOM, due_on=timezone.localdate())

    stored = Copy.objects.get(pk=copy.pk).loans.get().history.earliest("history_date").history_change_reason
    assert stored == "Loan requested: 准备年度检查"
    assert shown_reason(stored, "zh-hans") == "申请借阅：准备年度检查"


def test_a_suggested_reason_kept_as_offered_in_chinese_is_stored_in_english(client, office):
    from tests.documents.test_pages import form_data

    signed_in(client, office.clerk, "zh-hans").post(reverse("documents:register"), form_data(office, reason="收文时登记"))

    document = office.registry.documents.get()
    assert document.history.get().history_change_reason == "Registered on receipt"


def test_a_reason_a_person_typed_is_shown_as_typed(client, office, document):
    update_document(document=document, by=office.clerk, reason="Recounted: 12 pages, not 10", pages=document.pages + 1)

    page = signed_in(client, office.leader, "zh-hans").get(reverse("documents:detail", args=[document.pk]))

    assert "Recounted: 12 pages, not 10" in history_reasons(page.content.decode())


def test_a_row_a_chinese_clerk_wrote_before_reads_in_english():
    assert shown_reason("申请借阅：准备年度检查", "en") == "Loan requested: 准备年度检查"
    assert shown_reason("收文时登记", "en") == "Registered on receipt"


def test_a_phrase_inside_a_phrase_is_translated_too():
    stored = system_reason("Copy reported lost: %s", system_reason("Not found when the inventory was closed"))

    assert shown_reason(stored, "zh-hans") == "已报告文件丢失：清查结束时未找到"


def test_a_choice_label_in_a_phrase_reads_in_the_readers_language():
    stored = system_reason("Lent (%(mode)s) until %(due)s: %(reason)s", mode=LoanMode.TAKE_OUT.label, due="2026-03-01", reason="x")

    assert stored == "Lent (Take out) until 2026-03-01: x"
    with translation.override("zh-hans"):
        label = str(LoanMode.TAKE_OUT.label)
    assert label in shown_reason(stored, "zh-hans")
    assert "Take out" not in shown_reason(stored, "zh-hans")


def test_a_typed_reason_that_only_looks_like_a_phrase_with_a_choice_is_left_alone():
    # "%(decision)s: %(basis)s" only matches a decision's label before the colon.
    assert shown_reason("Recounted: 12 pages", "zh-hans") == "Recounted: 12 pages"


def test_every_system_phrase_has_a_chinese_translation():
    with translation.override("zh-hans"):
        untranslated = [msgid for msgid in PHRASES if translation.gettext(msgid) == msgid]
    assert untranslated == []


def test_every_suggested_reason_is_a_system_phrase():
    """A form's suggested reason, kept as offered, must be recognised when shown (documents.reasons.PHRASES)."""
    root = Path(settings.BASE_DIR)
    sources = [p for p in root.glob("*/**/*.py") if ".venv" not in p.parts and "tests" not in p.parts]
    templates = [p for p in root.glob("*/**/*.html") if ".venv" not in p.parts]
    suggested = set()
    for path in sources:
        text = path.read_text(encoding="utf-8")
        suggested.update(re.findall(r'ReasonField\([^)]*initial=_\("([^"]+)"\)', text))
        suggested.update(re.findall(r'reason_initial=_\("([^"]+)"\)', text))
    for path in templates:
        suggested.update(re.findall(r"reason[^>]*value=\"\{% translate '([^']+)' %\}\"", path.read_text(encoding="utf-8")))
    assert len(suggested) > 20
    assert sorted(suggested - set(PHRASES)) == []


# ---------------------------------------------------------------- people by name


def test_the_history_names_the_actor_and_the_holder_by_full_name(client, office, document):
    named(office.clerk, "华", "李")
    named(office.reader, "芳", "王")
    from documents.services.copies import move
    from documents.models import CopyStatus

    move(document.copies.get(), to=CopyStatus.OUT, holder=office.reader, by=office.clerk, reason="Handed out for circulation")

    page = signed_in(client, office.leader, "zh-hans").get(reverse("documents:detail", args=[document.pk])).content.decode()
    table = page.split('id="history"', 1)[1].split("</table>", 1)[0]

    assert office.clerk.get_full_name() in table and office.reader.get_full_name() in table
    assert ">clerk<" not in table and "reader" not in table


def test_the_history_ledger_names_people_by_full_name(client, office, document):
    named(office.clerk, "Hua", "Li")

    response = signed_in(client, office.inspector).post(reverse("documents:print_history", args=[document.pk]))

    text = "".join(page_texts(response.content))
    assert "Hua Li" in text
    assert not re.search(r"\bclerk\b", text)


def test_a_person_with_no_full_name_is_named_by_username(client, office, document):
    named(office.clerk, "")

    page = signed_in(client, office.leader).get(reverse("documents:detail", args=[document.pk])).content.decode()

    assert "<td>clerk</td>" in page.split('id="history"', 1)[1]


# ---------------------------------------------------------------- banners


def test_a_chinese_print_carries_a_chinese_banner_only(client, office, document):
    response = signed_in(client, office.inspector, "zh-hans").post(reverse("documents:print_history", args=[document.pk]))

    pages = page_texts(response.content)
    # Top and bottom of every page, and the document's own marking in the title block.
    assert [flat(text).count("机密★20年") for text in pages] == [3] + [2] * (len(pages) - 1)
    for text in pages:
        assert "SECRET" not in text and "years" not in text


def test_an_english_print_carries_an_english_banner_only(client, office, document):
    response = signed_in(client, office.inspector, "en").post(reverse("documents:print_history", args=[document.pk]))

    pages = page_texts(response.content)
    assert [text.count("SECRET ★ 20 years") for text in pages] == [3] + [2] * (len(pages) - 1)
    for text in pages:
        assert "机密" not in text


def test_an_unclassified_chinese_print_says_so_in_chinese_only(client, office):
    internal = DocumentFactory(registry=office.registry, by=office.clerk, level=Level.INTERNAL, copies_count=1)

    response = signed_in(client, office.inspector, "zh-hans").post(reverse("documents:print_history", args=[internal.pk]))

    text = "".join(page_texts(response.content))
    assert flat(text).count("内部·不含涉密事项") == 2
    assert "INTERNAL" not in text and "CLASSIFIED" not in text


# ---------------------------------------------------------------- punctuation and plurals


def test_a_chinese_page_joins_a_label_and_its_value_with_a_full_width_colon(client, office, document):
    update_document(document=document, by=office.clerk, reason="Recounted", pages=document.pages + 1)

    page = signed_in(client, office.leader, "zh-hans").get(reverse("documents:detail", args=[document.pk])).content.decode()
    table = page.split('id="history"', 1)[1].split("</table>", 1)[0]

    assert "</em>：" in table
    assert "</em>: " not in table


def test_a_one_year_period_reads_one_year():
    assert marking(Level.SECRET, 1, "en") == "SECRET ★ 1 year"
    assert marking(Level.SECRET, 2, "en") == "SECRET ★ 2 years"
    assert marking(Level.SECRET, 1, "zh-hans") == "机密★1年"


def test_registering_one_copy_says_one_copy(client, office):
    from tests.documents.test_pages import form_data

    response = signed_in(client, office.clerk).post(reverse("documents:register"), form_data(office, copies_count="1"), follow=True)

    assert "with 1 copy." in response.content.decode()
    assert "1 copies" not in response.content.decode()


def test_registering_three_copies_says_three_copies(client, office):
    from tests.documents.test_pages import form_data

    response = signed_in(client, office.clerk).post(reverse("documents:register"), form_data(office), follow=True)

    assert "with 3 copies." in response.content.decode()


def test_a_decision_row_once_joined_with_a_half_width_colon_in_chinese_reads_in_english():
    assert shown_reason("借阅已批准: 同意", "en") == "Loan approved: 同意"
