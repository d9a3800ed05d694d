"""Printed ledgers: what is on the sheets, what is recorded, who may print and verify."""

import hashlib
import socket
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from weasyprint import HTML

from documents.levels import Level
from documents.models import PrintRecord
from printing.models import PrintJob, PrintJobStatus
from documents.pdf.codes import display, normalize
from documents.pdf.fetcher import StaticOnlyFetcher, URLRefused, static_base_url
from documents.services.editing import update_document
from documents.services.recording import stamp
from tests.factories import DocumentFactory, PASSWORD
from tests.pdf_reading import flat, page_texts

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


def signed_in(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def print_registration(client, registry, **period):
    data = {"registry": registry.pk, **(period or {"year": YEAR})}
    response = client.post(reverse("documents:print_registration"), data)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/pdf"
    return response.content


@pytest.fixture
def listener():
    """A TCP server on 127.0.0.1 that counts the connections it receives: nothing must reach it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)
    connections, stop = [], threading.Event()

    def accept():
        while not stop.is_set():
            try:
                conn, _address = server.accept()
            except OSError:
                continue
            connections.append(conn)
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield type("Listener", (), {"port": server.getsockname()[1], "connections": connections})
    stop.set()
    thread.join()
    server.close()


# ------------------------------------------------------------------ registration ledger

def test_registration_ledger_prints_one_row_per_copy_with_its_particulars(client, office):
    document = DocumentFactory(
        registry=office.registry, by=office.clerk, copies_count=3, reference_number="省办 [2026] 12号",
        originating_organ="省委办公厅", title="关于加强保密管理的通知",
    )

    text = flat("".join(page_texts(print_registration(signed_in(client, office.clerk), office.registry))))

    assert text.count(flat(document.registry_number)) == 3
    for number in (1, 2, 3):
        assert f"{number}of3" in text
    assert text.count("关于加强保密管理的通知") == 3
    assert "省办[2026]12号" in text
    assert "省委办公厅" in text
    assert flat("SECRET ★ 20 years") in text
    assert "Intheregistry" in text


def test_print_is_recorded_with_who_what_filter_rows_pages_and_sha256(client, office):
    DocumentFactory(registry=office.registry, by=office.clerk, copies_count=2, level=Level.CONFIDENTIAL)

    pdf = print_registration(signed_in(client, office.clerk), office.registry, date_from="2020-01-01", date_to="2099-12-31")

    record = PrintRecord.objects.get()
    assert record.printed_by == office.clerk
    assert record.kind == "registration"
    assert record.filters["registry"] == office.registry.pk
    assert (record.filters["date_from"], record.filters["date_to"]) == ("2020-01-01", "2099-12-31")
    assert record.row_count == 2
    assert record.highest_level == Level.CONFIDENTIAL
    assert record.sha256 == hashlib.sha256(pdf).hexdigest()
    assert record.pages == len(page_texts(pdf))
    assert record.history.get().history_user == office.clerk


def test_banner_of_the_highest_level_is_at_top_and_bottom_of_every_page(client, office):
    DocumentFactory(registry=office.registry, by=office.clerk, copies_count=60, level=Level.SECRET)
    DocumentFactory(registry=office.registry, by=office.clerk, copies_count=1, level=Level.TOP_SECRET)

    pages = page_texts(print_registration(signed_in(client, office.clerk), office.registry))

    assert len(pages) >= 3
    # The banner at top and bottom of every page; the top secret row itself is on the last page.
    assert [flat(text).count(flat("TOP SECRET ★ 30 years")) for text in pages] == [2] * (len(pages) - 1) + [3]
    for text in pages:
        assert "机密" not in text and "绝密" not in text


def test_every_page_is_numbered_n_of_total(client, office):
    DocumentFactory(registry=office.registry, by=office.clerk, copies_count=60)

    pages = page_texts(print_registration(signed_in(client, office.clerk), office.registry))

    assert len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        assert f"{number} / {len(pages)}" in text


def test_table_header_repeats_on_every_page(client, office):
    DocumentFactory(registry=office.registry, by=office.clerk, copies_count=60)

    pages = page_texts(print_registration(signed_in(client, office.clerk), office.registry))

    for text in pages:
        assert "Registry number" in text and "Originating organ" in text and "Holder" in text


def test_rows_are_never_split_across_pages(client, office):
    # Long titles make tall rows; a row split by a page break would put its end on the next page.
    for number in range(30):
        DocumentFactory(
            registry=office.registry, by=office.clerk, copies_count=1,
            title=f"BEGIN{number:02d}X " + "关于保密管理工作的长标题 " * 18 + f" END{number:02d}X",
        )

    pages = [flat(text) for text in page_texts(print_registration(signed_in(client, office.clerk), office.registry))]

    assert len(pages) >= 2
    for number in range(30):
        [page] = [text for text in pages if f"BEGIN{number:02d}X" in text]
        assert f"END{number:02d}X" in page


def test_footer_names_the_printer_the_time_and_the_code_on_every_page(client, office):
    office.clerk.first_name, office.clerk.last_name = "Ming", "李"
    office.clerk.save()
    DocumentFactory(registry=office.registry, by=office.clerk, copies_count=60)

    pages = page_texts(print_registration(signed_in(client, office.clerk), office.registry))

    record = PrintRecord.objects.get()
    printed_at = timezone.localtime(record.printed_at).strftime("%Y-%m-%d %H:%M:%S")
    for text in pages:
        assert "Printed by Ming 李" in text
        assert printed_at in text
        assert record.display_code in text


def test_ledger_with_only_internal_material_says_so_on_every_page(client, office):
    DocumentFactory(registry=office.registry, by=office.clerk, copies_count=40, level=Level.INTERNAL)

    pdf = print_registration(signed_in(client, office.clerk), office.registry)

    for text in page_texts(pdf):
        assert flat(text).count(flat("INTERNAL · NO CLASSIFIED MATERIAL")) == 2
        assert "内部" not in text
    assert "no classified material (internal only)" in page_texts(pdf)[0]
    assert PrintRecord.objects.get().highest_level == Level.INTERNAL


def test_chinese_text_is_extracted_intact(client, office):
    DocumentFactory(
        registry=office.registry, by=office.clerk, copies_count=1,
        title="涉密计算机及移动存储介质清查结果", originating_organ="国家保密局", remarks="",
    )
    client.cookies["django_language"] = "zh-hans"

    text = flat("".join(page_texts(print_registration(signed_in(client, office.clerk), office.registry))))

    assert "涉密计算机及移动存储介质清查结果" in text
    assert "国家保密局" in text
    assert "机密★20年" in text
    assert "SECRET" not in text


def test_only_rows_in_the_readers_scope_are_printed(client, office):
    DocumentFactory(registry=office.registry, by=office.clerk, title="在范围内的文件", scope_users=[office.reader])
    DocumentFactory(registry=office.registry, by=office.clerk, title="范围外的文件", level=Level.TOP_SECRET)

    text = flat("".join(page_texts(print_registration(signed_in(client, office.reader), office.registry))))

    assert "在范围内的文件" in text
    assert "范围外的文件" not in text
    assert "绝密" not in text
    assert PrintRecord.objects.get().row_count == 3


def test_person_outside_every_scope_gets_an_empty_ledger_not_an_error(client, office):
    DocumentFactory(registry=office.registry, by=office.clerk, title="不应出现的标题", level=Level.TOP_SECRET)

    pdf = print_registration(signed_in(client, office.reader), office.registry)

    text = "".join(page_texts(pdf))
    assert "不应出现的标题" not in text
    assert "No copy in this registry and period is within your knowledge scope." in text
    assert "NO CLASSIFIED MATERIAL" in text
    assert PrintRecord.objects.get().row_count == 0


def test_period_limits_the_rows(client, office):
    DocumentFactory(registry=office.registry, by=office.clerk, title="今年登记的文件")

    pdf = print_registration(signed_in(client, office.clerk), office.registry, year=YEAR - 1)

    assert "今年登记的文件" not in flat("".join(page_texts(pdf)))


def test_hostile_title_is_printed_as_text_and_fetches_nothing(client, office, listener):
    hostile = (
        f'<img src="http://127.0.0.1:{listener.port}/x"><link rel="stylesheet" href="http://127.0.0.1:{listener.port}/s.css">'
        f"</td></tr></table><h1>INJECTED</h1><style>@import url(http://127.0.0.1:{listener.port}/i.css);</style>"
    )
    DocumentFactory(registry=office.registry, by=office.clerk, title=hostile, copies_count=2)
    DocumentFactory(registry=office.registry, by=office.clerk, title="之后的文件", copies_count=1)

    text = flat("".join(page_texts(print_registration(signed_in(client, office.clerk), office.registry))))

    assert flat(f'<img src="http://127.0.0.1:{listener.port}/x">') in text
    assert text.count("之后的文件") == 1
    assert "Endofledger:3rows" in text
    assert listener.connections == []


def test_a_name_in_the_footer_cannot_break_out_of_the_page_style(client, office, listener):
    office.clerk.first_name = f'"; }} }} </style><img src="http://127.0.0.1:{listener.port}/n"><style>'
    office.clerk.last_name = ""
    office.clerk.save()
    DocumentFactory(registry=office.registry, by=office.clerk)

    pages = page_texts(print_registration(signed_in(client, office.clerk), office.registry))

    assert all("1 / 1" in text or f" / {len(pages)}" in text for text in pages)
    assert "</style>" in pages[0]
    assert listener.connections == []


def test_fetcher_refuses_every_url_but_our_static_files(listener):
    fetcher = StaticOnlyFetcher()
    html = (
        f'<link rel="stylesheet" href="http://127.0.0.1:{listener.port}/a.css">'
        f"<style>@import url(http://127.0.0.1:{listener.port}/b.css); p {{ background: url(file:///etc/passwd) }}</style>"
        f'<p>x</p><img src="http://127.0.0.1:{listener.port}/c.png"><img src="data:image/png;base64,iVBORw0KGgo=">'
        '<img src="../../../../etc/passwd"><link rel="stylesheet" href="css/print.css">'
    )

    HTML(string=html, base_url=static_base_url(), url_fetcher=fetcher).write_pdf()

    assert listener.connections == []
    assert any("127.0.0.1" in url for url in fetcher.refused)
    assert any(url.startswith("data:") for url in fetcher.refused)
    assert any("passwd" in url for url in fetcher.refused)
    assert not any(url.endswith("css/print.css") for url in fetcher.refused)
    with pytest.raises(URLRefused):
        fetcher.fetch(static_base_url() + "../manage.py")
    assert fetcher.fetch(static_base_url() + "css/print.css").read().startswith(b"/*")


# ------------------------------------------------------------------ the ledger page and the form

def test_ledger_page_print_link_carries_the_current_filter(client, office):
    signed_in(client, office.clerk)
    ledger = client.get(reverse("documents:ledger"), {"unit": office.unit.pk, "registered_from": "2026-02-01"})
    assert f'{reverse("documents:print_registration")}?unit={office.unit.pk}' in ledger.content.decode().replace("&amp;", "&")

    form = client.get(reverse("documents:print_registration"), {"unit": office.unit.pk, "registered_from": "2026-02-01"})

    page = form.content.decode()
    assert f'<option value="{office.registry.pk}" selected>' in page
    assert 'value="2026-02-01"' in page


def test_registration_print_needs_a_year_or_a_date_range(client, office):
    response = signed_in(client, office.clerk).post(reverse("documents:print_registration"), {"registry": office.registry.pk})

    assert "Choose a year or a date range." in response.content.decode()
    assert not PrintRecord.objects.exists()


# ------------------------------------------------------------------ document history ledger

def test_history_ledger_lists_every_change_of_the_document_and_its_copies_oldest_first(client, office):
    document = DocumentFactory(registry=office.registry, by=office.clerk, pages=12, copies_count=2)
    update_document(document=document, by=office.clerk, reason="Recounted the pages", pages=13)

    response = signed_in(client, office.inspector).post(reverse("documents:print_history", args=[document.pk]))

    assert response["Content-Type"] == "application/pdf"
    text = flat("".join(page_texts(response.content)))
    assert text.index("Registeredonreceipt") < text.index("Recountedthepages")
    assert "pages:12→13" in text
    assert flat(f"{document.registry_number} / 2") in text
    record = PrintRecord.objects.get()
    assert (record.kind, record.document, record.row_count) == ("history", document, 4)


def test_history_ledger_carries_the_highest_level_the_document_ever_had(client, office):
    document = DocumentFactory(registry=office.registry, by=office.clerk, level=Level.SECRET)
    document.level = Level.CONFIDENTIAL
    stamp(document, by=office.leader, reason="Downgraded by the leader's decision").save()

    response = signed_in(client, office.clerk).post(reverse("documents:print_history", args=[document.pk]))

    for text in page_texts(response.content):
        assert text.count("SECRET ★ 20 years") == 2


def test_history_ledger_is_refused_to_a_reader_in_scope(client, office):
    document = DocumentFactory(registry=office.registry, by=office.clerk, scope_users=[office.reader])

    response = signed_in(client, office.reader).post(reverse("documents:print_history", args=[document.pk]), follow=True)

    assert "Only a secrecy clerk or an inspector" in response.content.decode()
    assert not PrintRecord.objects.exists()


def test_history_ledger_of_a_document_out_of_scope_is_not_found(client, office, other_unit):
    document = DocumentFactory(registry=office.registry, by=office.clerk)

    response = signed_in(client, other_unit.clerk).post(reverse("documents:print_history", args=[document.pk]))

    assert response.status_code == 404
    assert not PrintRecord.objects.exists()


def test_document_page_offers_the_print_to_clerks_and_lists_earlier_prints(client, office):
    document = DocumentFactory(registry=office.registry, by=office.clerk, scope_users=[office.reader])
    signed_in(client, office.clerk).post(reverse("documents:print_history", args=[document.pk]))

    page = client.get(reverse("documents:detail", args=[document.pk])).content.decode()
    assert reverse("documents:print_history", args=[document.pk]) in page
    assert PrintRecord.objects.get().display_code in page

    signed_in(client, office.reader)
    assert reverse("documents:print_history", args=[document.pk]) not in client.get(
        reverse("documents:detail", args=[document.pk])
    ).content.decode()


# ------------------------------------------------------------------ audit ledger

def audit(client, **data):
    today = timezone.localdate().isoformat()
    return client.post(reverse("documents:print_audit"), {"date_from": today, "date_to": today, **data})


def test_audit_ledger_lists_every_change_in_the_inspected_units_in_time_order(client, office, other_unit):
    document = DocumentFactory(registry=office.registry, by=office.clerk, title="审计期间登记的文件", copies_count=1)
    update_document(document=document, by=office.clerk, reason="Title corrected", title="更正后的标题")
    DocumentFactory(registry=other_unit.registry, by=other_unit.clerk, title="别的单位的文件", level=Level.TOP_SECRET)

    response = audit(signed_in(client, office.inspector))

    text = flat("".join(page_texts(response.content)))
    assert "别的单位的文件" not in text and "绝密" not in text
    assert text.index(flat(f"Document {document.registry_number}: Created")) < text.index("Titlecorrected")
    assert flat(f"Copy {document.registry_number} / 1: Created") in text
    assert "title:审计期间登记的文件→更正后的标题" in text
    assert flat("Role Secrecy clerk") in text  # memberships of the unit are changes too
    record = PrintRecord.objects.get()
    assert record.kind == "audit" and record.unit_ids == [office.unit.pk]
    assert record.highest_level == Level.SECRET


def test_audit_ledger_outside_the_period_is_empty(client, office):
    DocumentFactory(registry=office.registry, by=office.clerk, title="期间之外")

    response = audit(signed_in(client, office.inspector), date_from="2001-01-01", date_to="2001-12-31")

    text = "".join(page_texts(response.content))
    assert "No change in these units during this period." in text
    assert PrintRecord.objects.get().row_count == 0


def test_audit_ledger_page_is_not_found_for_anyone_but_inspectors(client, office):
    signed_in(client, office.clerk)

    assert client.get(reverse("documents:print_audit")).status_code == 404
    assert audit(client).status_code == 404


# ------------------------------------------------------------------ verification

def test_inspector_enters_a_code_and_sees_what_was_printed(client, office):
    DocumentFactory(registry=office.registry, by=office.clerk, copies_count=2)
    print_registration(signed_in(client, office.clerk), office.registry)
    record = PrintRecord.objects.get()

    typed = display(record.code).lower().replace("-", " ")
    page = signed_in(client, office.inspector).get(reverse("documents:print_verify"), {"code": typed}).content.decode()

    assert record.title in page
    assert record.sha256 in page
    assert office.clerk.username in page
    assert "<dd>2</dd>" in page


def test_uploaded_pdf_is_compared_with_the_recorded_sha256(client, office):
    DocumentFactory(registry=office.registry, by=office.clerk)
    pdf = print_registration(signed_in(client, office.clerk), office.registry)
    code = PrintRecord.objects.get().code
    signed_in(client, office.inspector)
    url = reverse("documents:print_verify") + f"?code={code}"

    same = client.post(url, {"pdf": SimpleUploadedFile("ledger.pdf", pdf, "application/pdf")}).content.decode()
    altered = client.post(url, {"pdf": SimpleUploadedFile("ledger.pdf", pdf + b"%", "application/pdf")}).content.decode()

    assert "This file is exactly the PDF the registry produced" in same
    assert "No match." in altered


def test_prints_of_units_the_inspector_does_not_inspect_are_not_shown(client, office, other_unit):
    DocumentFactory(registry=other_unit.registry, by=other_unit.clerk)
    print_registration(signed_in(client, other_unit.clerk), other_unit.registry)
    code = PrintRecord.objects.get().code

    page = signed_in(client, office.inspector).get(reverse("documents:print_verify"), {"code": code}).content.decode()

    assert "No print with this code was found" in page
    assert other_unit.registry.code not in page


def test_verification_page_is_not_found_for_anyone_but_inspectors(client, office):
    assert signed_in(client, office.clerk).get(reverse("documents:print_verify")).status_code == 404


def test_typed_codes_forgive_case_dashes_and_look_alike_letters():
    assert normalize("7k2qx-m4d9r") == "7K2QXM4D9R"
    assert normalize("ab0o1-il xyz") == "AB001" + "11XYZ"


# ------------------------------------------------------------------ background prints

def test_job_page_refreshes_itself_until_the_print_is_done(client, office):
    job = PrintJob.objects.create(requested_by=office.clerk, kind="registration", title="Registration ledger", params={})
    signed_in(client, office.clerk)

    assert '<meta http-equiv="refresh" content="2">' in client.get(reverse("printing:job", args=[job.pk])).content.decode()
    PrintJob.objects.filter(pk=job.pk).update(status=PrintJobStatus.FAILED, error="It failed.")
    page = client.get(reverse("printing:job", args=[job.pk])).content.decode()
    assert 'http-equiv="refresh"' not in page and "It failed." in page


def test_job_page_and_download_are_only_for_the_requester(client, office):
    job = PrintJob.objects.create(requested_by=office.clerk, kind="registration", title="Registration ledger", params={})
    signed_in(client, office.inspector)

    assert client.get(reverse("printing:job", args=[job.pk])).status_code == 404
    assert client.get(reverse("printing:download", args=[job.pk])).status_code == 404
