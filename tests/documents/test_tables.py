"""Tables people expect: sortable headers, totals, page numbers, CSV and XLSX export of what the person sees."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AccessEvent, AccessKind
from documents.levels import Level
from tests.factories import PASSWORD, DocumentFactory

pytestmark = pytest.mark.django_db

LEDGER = reverse("documents:ledger")


def signed_in(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def csv_rows(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def xlsx_rows(response):
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


@pytest.fixture
def titled(office):
    def make(title, **fields):
        return DocumentFactory(registry=office.registry, by=office.clerk, scope_users=[office.reader], title=title, **fields)

    return make


def test_a_title_header_sorts_by_title_and_a_second_click_reverses(client, office, titled):
    for title in ("Beta", "Alpha", "Gamma"):
        titled(title, copies_count=1)
    signed_in(client, office.clerk)

    page = client.get(LEDGER, {"sort": "title"})
    reversed_page = client.get(LEDGER, {"sort": "-title"})

    assert [copy.document.title for copy in page.context["page"].rows] == ["Alpha", "Beta", "Gamma"]
    assert [copy.document.title for copy in reversed_page.context["page"].rows] == ["Gamma", "Beta", "Alpha"]
    header = next(h for h in page.context["headers"] if h.label == "Title")
    assert header.order == "ascending" and "sort=-title" in header.url
    assert 'aria-sort="ascending"' in page.content.decode()


def test_the_ledger_shows_the_total_and_the_page_number(client, office, titled):
    for index in range(18):
        titled(f"Document {index}", copies_count=3)  # 54 copies: two pages of 50
    signed_in(client, office.clerk)

    first = client.get(LEDGER)
    second = client.get(LEDGER, {"after": first.context["page"].next_cursor, "page": 2})

    assert "54 copies" in first.content.decode()
    assert "page 1 of 2" in first.content.decode()
    assert "page 2 of 2" in second.content.decode()
    assert len(second.context["page"].rows) == 4


def test_the_total_counts_only_what_the_filters_keep(client, office, titled):
    titled("Secret one", level=Level.SECRET, copies_count=2)
    titled("Internal one", level=Level.INTERNAL, copies_count=1)
    signed_in(client, office.clerk)

    response = client.get(LEDGER, {"level": Level.INTERNAL})

    assert "1 copy" in response.content.decode()


def test_a_csv_export_holds_only_documents_in_the_readers_scope(client, office, titled):
    titled("Visible to the reader", copies_count=1)
    DocumentFactory(registry=office.registry, by=office.clerk, scope_users=[office.leader], title="Not for the reader")
    signed_in(client, office.reader)

    rows = csv_rows(client.get(LEDGER, {"export": "csv"}))

    titles = [row[2] for row in rows[1:]]
    assert titles == ["Visible to the reader"]
    assert "Not for the reader" not in str(rows)


def test_an_export_applies_the_pages_filters_and_sort(client, office, titled):
    titled("Beta", level=Level.SECRET, copies_count=1)
    titled("Alpha", level=Level.SECRET, copies_count=1)
    titled("Internal", level=Level.INTERNAL, copies_count=1)
    signed_in(client, office.clerk)

    rows = csv_rows(client.get(LEDGER, {"export": "csv", "level": Level.SECRET, "sort": "-title"}))

    assert [row[2] for row in rows[1:]] == ["Beta", "Alpha"]


def test_an_export_is_recorded_in_the_access_log_with_its_filters(client, office, titled):
    titled("Alpha", copies_count=1)
    signed_in(client, office.clerk)

    client.get(LEDGER, {"export": "xlsx", "level": Level.SECRET, "sort": "title", "mode": "documents"})

    event = AccessEvent.objects.get(kind=AccessKind.EXPORT)
    assert event.user == office.clerk
    assert f"level={Level.SECRET}" in event.object_description
    assert "XLSX" in event.object_description and "sort=title" in event.object_description


def test_formulas_in_titles_are_exported_as_text(client, office, titled):
    for title in ("=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)"):
        titled(title, copies_count=1)
    signed_in(client, office.clerk)

    csv_titles = {row[2] for row in csv_rows(client.get(LEDGER, {"export": "csv"}))[1:]}
    xlsx_titles = {row[2] for row in xlsx_rows(client.get(LEDGER, {"export": "xlsx"}))[1:]}

    expected = {"'=HYPERLINK(\"http://x\")", "'+1+1", "'-2+3", "'@SUM(A1)"}
    assert csv_titles == expected
    assert xlsx_titles == expected


def test_an_xlsx_export_opens_with_the_pages_columns(client, office, titled):
    titled("关于加强保密管理的通知", copies_count=2)
    signed_in(client, office.clerk)

    response = client.get(LEDGER, {"export": "xlsx", "mode": "documents"})

    rows = xlsx_rows(response)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert rows[0][:2] == ["Registry number", "Title"]
    assert rows[1][1] == "关于加强保密管理的通知"
    assert rows[1][-1] == 2


def test_an_xlsx_export_beyond_the_bound_is_refused_with_a_message(client, office, titled, monkeypatch):
    from documents import tables

    monkeypatch.setattr(tables, "XLSX_LIMIT", 1)
    titled("Alpha", copies_count=2)
    signed_in(client, office.clerk)

    response = client.get(LEDGER, {"export": "xlsx"}, follow=True)

    assert "export CSV" in response.content.decode()
    assert not AccessEvent.objects.filter(kind=AccessKind.EXPORT).exists()


def test_an_unknown_sort_falls_back_to_newest_first(client, office, titled):
    titled("Alpha", copies_count=1)
    signed_in(client, office.clerk)

    response = client.get(LEDGER, {"sort": "-'; drop table"})

    assert response.status_code == 200
    assert response.context["sort"] == "newest"


def test_the_loans_list_sorts_by_due_date_counts_and_exports(client, office, titled):
    import datetime

    from django.utils import timezone

    from documents.services import borrowing

    today = timezone.localdate()
    for days in (9, 3, 6):
        copy = titled(f"Due in {days}", level=Level.CONFIDENTIAL, copies_count=1).copies.get()
        borrowing.request_loan(
            copy=copy, borrower=office.reader, by=office.reader, purpose="Reading", mode="take_out",
            due_on=today + datetime.timedelta(days=days),
        )
    signed_in(client, office.clerk)

    page = client.get(reverse("documents:loans"), {"sort": "due"})
    rows = csv_rows(client.get(reverse("documents:loans"), {"sort": "-due", "export": "csv"}))

    assert [loan.copy.document.title for loan in page.context["page"].rows] == ["Due in 3", "Due in 6", "Due in 9"]
    assert "3 loans" in page.content.decode()
    assert [row[1] for row in rows[1:]] == ["Due in 9", "Due in 6", "Due in 3"]
    assert AccessEvent.objects.filter(kind=AccessKind.EXPORT, object_description__startswith="Loans (CSV)").exists()


def _report_lost(copy, by):
    from documents.services.loss import report_loss

    return report_loss(copy=copy, by=by, reason="Copy missing", circumstances="Not in the safe.", notified="Leader")


def test_the_incident_list_exports_only_incidents_of_the_clerks_unit(client, office, other_unit, titled):
    ours = titled("Our lost copy", copies_count=1).copies.get()
    theirs = DocumentFactory(
        registry=other_unit.registry, by=other_unit.clerk, title="Their lost copy", copies_count=1
    ).copies.get()
    _report_lost(ours, office.clerk)
    _report_lost(theirs, other_unit.clerk)
    signed_in(client, office.clerk)

    page = client.get(reverse("documents:incidents"))
    rows = csv_rows(client.get(reverse("documents:incidents"), {"export": "csv"}))

    assert "1 incident" in page.content.decode()
    assert [row[1] for row in rows[1:]] == ["Our lost copy"]
    assert "Their lost copy" not in str(rows)
    assert AccessEvent.objects.filter(kind=AccessKind.EXPORT, object_description__startswith="Loss incidents").exists()


def test_the_incident_list_sorts_by_copy_and_reverses(client, office, titled):
    first = titled("First", copies_count=1).copies.get()
    second = titled("Second", copies_count=1).copies.get()
    _report_lost(second, office.clerk)
    _report_lost(first, office.clerk)
    signed_in(client, office.clerk)

    ascending = client.get(reverse("documents:incidents"), {"sort": "copy"}).context["incidents"]
    descending = client.get(reverse("documents:incidents"), {"sort": "-copy"}).context["incidents"]

    assert [incident.copy.document.title for incident in ascending] == ["First", "Second"]
    assert [incident.copy.document.title for incident in descending] == ["Second", "First"]


def test_every_clerk_list_has_sortable_headers_a_total_and_export_links(client, office, titled):
    import datetime

    from django.utils import timezone

    from documents.services import borrowing

    from documents.services.destruction import prepare_destruction_list

    document = titled("Listed", level=Level.CONFIDENTIAL, copies_count=3)
    borrowing.request_loan(
        copy=document.copies.get(number=1), borrower=office.reader, by=office.reader, purpose="Reading",
        mode="take_out", due_on=timezone.localdate() + datetime.timedelta(days=3),
    )
    _report_lost(document.copies.get(number=2), office.clerk)
    prepare_destruction_list(registry=office.registry, copies=[document.copies.get(number=3)], by=office.clerk, reason="Old")
    signed_in(client, office.clerk)
    for name in ("loans", "incidents", "recoveries", "destruction_lists", "inventories"):
        page = client.get(reverse(f"documents:{name}")).content.decode()
        assert 'class="sortable"' in page and 'id="export-csv"' in page and 'id="table-total"' in page, name
    for url in (reverse("carriers:list"), reverse("people:unit", args=[office.unit.pk])):
        page = client.get(url).content.decode()
        assert 'class="sortable"' in page and 'id="export-xlsx"' in page, url


def test_the_personnel_register_exports_the_units_people(client, office):
    signed_in(client, office.clerk)

    rows = xlsx_rows(client.get(reverse("people:unit", args=[office.unit.pk]), {"export": "xlsx"}))

    assert rows[0][0] == "Person"
    assert len(rows) - 1 == 6  # the six people of the office fixture


def test_a_ledger_larger_than_the_count_limit_says_more_than(client, office, titled, monkeypatch):
    from documents import tables

    monkeypatch.setattr(tables, "COUNT_LIMIT", 3)
    titled("Alpha", copies_count=5)
    signed_in(client, office.clerk)

    page = client.get(LEDGER).content.decode()

    assert "more than 3 copies" in page
    assert "page 1 of" not in page and "page 1" in page
