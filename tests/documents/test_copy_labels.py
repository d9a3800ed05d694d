"""Copy labels and cover sheets: what is on the sheet, that the symbols scan back to the copy, who may print, what is recorded."""

import io
import shutil
import subprocess

import pytest
from django.urls import reverse

from documents.models import PrintRecord
from documents.services.loss import report_loss
from tests.factories import PASSWORD, DocumentFactory
from tests.pdf_reading import flat, page_texts

pytestmark = pytest.mark.django_db


def signed_in(client, user):
    client.logout()
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def document(office):
    return DocumentFactory(
        registry=office.registry, by=office.clerk, title="关于加强保密管理的通知", copies_count=3,
        scope_users=[office.reader],
    )


def print_labels(client, what="labels", follow=False, **data):
    return client.post(reverse("documents:print_copy_labels"), {"what": what, **data}, follow=follow)


def pdf_of(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    return response.content


def scanned(pdf, page=1):
    """What a scanner reads off the page: every QR code and barcode, decoded from the page as printed (300 dpi)."""
    zxingcpp = pytest.importorskip("zxingcpp", reason="zxing-cpp decodes the printed symbols (dev dependency)")
    from PIL import Image

    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (poppler-utils) renders the page to scan")
    png = subprocess.run(
        ["pdftoppm", "-r", "300", "-png", "-f", str(page), "-l", str(page), "-singlefile", "-"],
        input=pdf, capture_output=True, check=True,
    ).stdout
    return sorted((result.format.name, result.text) for result in zxingcpp.read_barcodes(Image.open(io.BytesIO(png))))


def test_labels_for_every_copy_the_registry_keeps(client, office, document):
    pdf = pdf_of(print_labels(signed_in(client, office.clerk), document=document.pk))

    (text,) = page_texts(pdf)
    for copy in document.copies.all():
        assert copy.label in text
        assert f"Copy No. {copy.number}" in text
    assert text.count(document.registry_number) >= 6  # each label's number and code
    assert flat("SECRET ★ 20 years") in flat(text)


def test_each_label_scans_back_to_its_copy_as_qr_code_and_code_128(client, office, document):
    pdf = pdf_of(print_labels(signed_in(client, office.clerk), document=document.pk))

    codes = [copy.label for copy in document.copies.order_by("number")]
    assert scanned(pdf) == sorted([("Code128", code) for code in codes] + [("QRCode", code) for code in codes])


def test_a_scanned_label_typed_into_the_find_box_opens_the_copy(client, office, document):
    pdf = pdf_of(print_labels(signed_in(client, office.clerk), copies=[document.copies.get(number=2).pk]))
    (qr,) = {text for kind, text in scanned(pdf) if kind == "QRCode"}

    # A scanner is a keyboard: it types the code into the top bar's box and presses Enter.
    response = client.get(reverse("documents:find"), {"code": qr})

    assert response.status_code == 302
    assert response["Location"] == reverse("documents:detail", args=[document.pk]) + "#copies-2"


def test_the_scanned_code_is_what_the_inventory_reads(client, office, document):
    from documents.codes import parse_copy_code

    pdf = pdf_of(print_labels(signed_in(client, office.clerk), copies=[document.copies.get(number=3).pk]))
    (qr,) = {text for kind, text in scanned(pdf) if kind == "QRCode"}

    code = parse_copy_code(qr)
    assert (code.registry, code.year, code.serial, code.number) == ("BGS", document.year, document.serial, 3)


def test_only_the_ticked_copies_are_labelled(client, office, document):
    copy = document.copies.get(number=2)

    pdf = pdf_of(print_labels(signed_in(client, office.clerk), copies=[copy.pk]))

    (text,) = page_texts(pdf)
    assert copy.label in text
    assert document.copies.get(number=1).label not in text


def test_twenty_five_labels_take_two_sheets(client, office):
    many = DocumentFactory(registry=office.registry, by=office.clerk, copies_count=25)

    pages = page_texts(pdf_of(print_labels(signed_in(client, office.clerk), document=many.pk)))

    assert len(pages) == 2
    assert "Copy No. 24" in pages[0] and "Copy No. 25" in pages[1]
    assert "1 / 2" in pages[0] and "2 / 2" in pages[1]


def test_the_print_is_recorded_with_the_codes_it_labelled(client, office, document):
    pdf = pdf_of(print_labels(signed_in(client, office.clerk), document=document.pk))

    record = PrintRecord.objects.get(kind="copy_labels")
    assert record.printed_by == office.clerk
    assert record.document == document
    assert record.row_count == 3
    assert record.filters["labels"] == [copy.label for copy in document.copies.order_by("number")]
    assert record.display_code in page_texts(pdf)[0]


def test_a_cover_sheet_per_copy_marked_top_and_bottom_with_a_return_line(client, office, document):
    pages = page_texts(pdf_of(print_labels(signed_in(client, office.clerk), what="covers", document=document.pk)))

    assert len(pages) == 3
    for number, page in enumerate(pages, start=1):
        assert flat(page).count(flat("SECRET ★ 20 years")) >= 3  # top, bottom, and the particulars
        assert "关于加强保密管理的通知" in page
        assert f"{document.registry_number}-{number:03d}" in page
        assert flat("Return to: the secrecy clerk of General Office") in flat(page)
    assert PrintRecord.objects.get().kind == "cover_sheets"


def test_a_cover_sheet_scans_back_to_its_copy(client, office, document):
    pdf = pdf_of(print_labels(signed_in(client, office.clerk), what="covers", copies=[document.copies.get(number=1).pk]))

    code = document.copies.get(number=1).label
    assert scanned(pdf) == [("Code128", code), ("QRCode", code)]


def test_a_lost_copy_gets_no_label_and_the_clerk_is_told_why(client, office, document):
    lost = document.copies.get(number=3)
    report_loss(copy=lost, by=office.clerk, reason="Not found at the inventory", circumstances="Missing from cabinet 2")
    signed_in(client, office.clerk)

    response = print_labels(client, copies=[lost.pk], next=reverse("documents:detail", args=[document.pk]), follow=True)
    assert "labels are printed only for copies the registry keeps" in response.content.decode()
    assert PrintRecord.objects.count() == 0

    (text,) = page_texts(pdf_of(print_labels(client, document=document.pk)))
    assert lost.label not in text and document.copies.get(number=1).label in text


def test_a_reader_may_not_print_labels(client, office, document):
    response = print_labels(signed_in(client, office.reader), copies=[document.copies.get(number=1).pk], follow=True)

    assert "Only a secrecy clerk of General Office can print labels" in response.content.decode()
    assert PrintRecord.objects.count() == 0


def test_a_copy_out_of_scope_is_not_found(client, office, other_unit, document):
    theirs = DocumentFactory(registry=other_unit.registry, by=other_unit.clerk, copies_count=1)
    signed_in(client, office.clerk)

    assert print_labels(client, copies=[theirs.copies.get().pk]).status_code == 404
    assert print_labels(client, copies=[document.copies.get(number=1).pk, theirs.copies.get().pk]).status_code == 404
    assert print_labels(client, document=theirs.pk).status_code == 404
    assert PrintRecord.objects.count() == 0


def test_nonsense_is_a_message_not_an_error(client, office, document):
    signed_in(client, office.clerk)

    for data in ({"copies": ["x"]}, {"copies": ["99999999999"]}, {}, {"what": "poster", "document": document.pk}):
        response = client.post(reverse("documents:print_copy_labels"), {"what": "labels", **data})
        assert response.status_code == 302
    assert PrintRecord.objects.count() == 0


def test_the_document_page_offers_labels_to_the_clerk_only(client, office, document):
    url = reverse("documents:detail", args=[document.pk])

    page = signed_in(client, office.clerk).get(url).content.decode()
    assert 'id="print-labels"' in page and 'id="print-covers"' in page
    assert page.count('form="copy-labels" name="copies"') == 3

    page = signed_in(client, office.reader).get(url).content.decode()
    assert 'id="print-labels"' not in page and 'name="copies"' not in page


def test_the_ledger_offers_labels_for_ticked_copies(client, office, document):
    report_loss(copy=document.copies.get(number=3), by=office.clerk, reason="Not found", circumstances="Missing")

    page = signed_in(client, office.clerk).get(reverse("documents:ledger")).content.decode()
    assert 'id="ledger-print-labels"' in page
    assert page.count('form="ledger-labels" name="copies"') == 2  # not the lost copy

    page = signed_in(client, office.reader).get(reverse("documents:ledger")).content.decode()
    assert 'id="ledger-print-labels"' not in page
