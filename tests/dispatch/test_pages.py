"""Dispatch and receipt through the pages, as the clerks see them."""

import pytest
from django.urls import reverse

from dispatch.models import DispatchItem, ItemStatus
from dispatch.services import dispatch_copies
from documents.models import CopyStatus, Document, Incident
from tests.dispatch.conftest import copy_of
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def signed_in(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def sent(office, notice, lines):
    return dispatch_copies(document=notice, lines=lines, by=office.clerk, reason="For action")


def test_the_clerk_dispatches_from_the_dispatch_page(client, office, other_unit, notice):
    signed_in(client, office.clerk)
    one, four = copy_of(notice, 1), copy_of(notice, 4)

    response = client.post(reverse("dispatch:new", args=[notice.pk]), {
        f"to_{one.pk}": f"r{other_unit.registry.pk}", f"to_{four.pk}": "organ", f"organ_{four.pk}": "Provincial Audit Bureau",
        "reason": "For action",
    }, follow=True)

    page = response.content.decode()
    assert "2 copies are in transit under BGS-FF-" in page
    assert "Provincial Audit Bureau" in page and "Finance Division" in page
    assert (copy_of(notice, 1).status, copy_of(notice, 4).status) == (CopyStatus.IN_TRANSIT, CopyStatus.IN_TRANSIT)


def test_the_document_page_shows_each_copys_holder_unit_and_state(client, office, other_unit, notice):
    sent(office, notice, [(copy_of(notice, 1), other_unit.registry)])

    page = signed_in(client, office.clerk).get(reverse("documents:detail", args=[notice.pk])).content.decode()

    assert 'id="dispatched-1"' in page
    row = page[page.index('id="dispatched-1"'):]
    row = row[:row.index("</tr>")]
    assert "Finance Division" in row and "In transit" in row


def _circulating(office, notice, number):
    from documents.services.circulation import approve_circulation, propose_circulation

    copy = copy_of(notice, number)
    circulation = propose_circulation(copy=copy, readers=[office.leader], by=office.clerk, reason="Read")
    approve_circulation(circulation=circulation, by=office.leader, reason="Approved")
    return copy


def test_a_copy_under_circulation_is_shown_with_why_and_offers_no_destination(client, office, other_unit, notice):
    two = _circulating(office, notice, 2)

    page = signed_in(client, office.clerk).get(reverse("dispatch:new", args=[notice.pk])).content.decode()

    row = page[page.index('id="copy-2"'):]
    row = row[:row.index("</tr>")]
    assert "Cannot be sent now:" in row and "has a circulation under way" in row
    assert f'name="to_{two.pk}"' not in page
    assert f'name="to_{copy_of(notice, 1).pk}"' in page


def test_dispatching_a_copy_held_since_the_page_was_drawn_says_which_and_sends_nothing(client, office, other_unit, notice):
    one = copy_of(notice, 1)
    two = _circulating(office, notice, 2)

    page = signed_in(client, office.clerk).post(reverse("dispatch:new", args=[notice.pk]), {
        f"to_{one.pk}": f"r{other_unit.registry.pk}", f"to_{two.pk}": f"r{other_unit.registry.pk}", "reason": "For action",
    }).content.decode()

    assert "Copy 2 cannot be sent:" in page and "has a circulation under way" in page
    assert not DispatchItem.objects.exists()
    assert copy_of(notice, 1).status == CopyStatus.IN_REGISTRY


def test_a_copy_in_transit_is_not_reported_lost_by_the_issuer(client, office, other_unit, notice):
    from documents.services.loss import check_report_loss

    sent(office, notice, [(copy_of(notice, 1), other_unit.registry)])
    copy = copy_of(notice, 1)

    refusal = check_report_loss(copy, office.clerk)
    page = signed_in(client, office.clerk).get(reverse("documents:detail", args=[notice.pk])).content.decode()

    assert refusal is not None and "recipient reports it not received" in refusal.message
    assert reverse("documents:loss_report", args=[copy.pk]) not in page


def test_the_recipient_sees_the_copy_coming_in_on_the_inbox_and_confirms_it(client, office, other_unit, notice):
    sent(office, notice, [(copy_of(notice, 1), other_unit.registry)])
    signed_in(client, other_unit.clerk)

    home = client.get("/").content.decode()
    assert "Copies coming in" in home and copy_of(notice, 1).label in home
    item = DispatchItem.objects.get()
    page = client.post(reverse("dispatch:receive", args=[item.pk]), {"reason": "Received and checked", "next": "/"},
                       follow=True).content.decode()

    incoming = Document.objects.get(registry=other_unit.registry)
    assert f"registered as {incoming.registry_number}, copy 1" in page


def test_the_recipient_confirms_by_scanning_the_code(client, office, other_unit, notice):
    sent(office, notice, [(copy_of(notice, 3), other_unit.registry)])

    page = signed_in(client, other_unit.clerk).post(reverse("dispatch:incoming"), {
        "code": f" bgs-{notice.year}-{notice.serial}-3 ", "reason": "Received and checked",
    }, follow=True).content.decode()

    assert "received and registered as CWC-" in page
    assert DispatchItem.objects.get().status == ItemStatus.RECEIVED


def test_scanning_a_copy_not_sent_to_you_is_refused_clearly(client, office, other_unit, third_unit, notice):
    sent(office, notice, [(copy_of(notice, 3), third_unit.registry)])

    page = signed_in(client, other_unit.clerk).post(reverse("dispatch:incoming"), {
        "code": copy_of(notice, 3).label, "reason": "Received and checked",
    }).content.decode()

    assert "is on its way to a registry you keep" in page
    assert DispatchItem.objects.get().status == ItemStatus.IN_TRANSIT


def test_receiving_by_id_a_copy_not_sent_to_you_is_404(client, office, other_unit, third_unit, notice):
    sent(office, notice, [(copy_of(notice, 3), third_unit.registry)])
    item = DispatchItem.objects.get()

    client = signed_in(client, other_unit.clerk)
    assert client.post(reverse("dispatch:receive", args=[item.pk]), {"reason": "Received"}).status_code == 404
    assert client.get(reverse("dispatch:not_received", args=[item.pk])).status_code == 404
    assert DispatchItem.objects.get().status == ItemStatus.IN_TRANSIT


def test_the_recipient_reports_a_copy_not_received(client, office, other_unit, notice):
    sent(office, notice, [(copy_of(notice, 2), other_unit.registry)])
    item = DispatchItem.objects.get()

    page = signed_in(client, other_unit.clerk).post(reverse("dispatch:not_received", args=[item.pk]), {
        "problem": "missing", "circumstances": "The envelope was empty.", "reason": "Not in the envelope",
    }, follow=True).content.decode()

    assert "reported not received" in page
    assert Incident.objects.get().copy == copy_of(notice, 2)


def test_the_issuer_records_an_outside_organs_returned_receipt(client, office, notice):
    dispatch = sent(office, notice, [(copy_of(notice, 4), "Provincial Audit Bureau")])
    recipient = dispatch.recipients.get()
    client = signed_in(client, office.clerk)
    assert "Record the returned receipt" in client.get(reverse("dispatch:detail", args=[dispatch.pk])).content.decode()

    page = client.post(reverse("dispatch:record_receipt", args=[recipient.pk]), {
        f"r{recipient.pk}-signed_by": "王芳", f"r{recipient.pk}-signed_on": "2026-03-02",
        f"r{recipient.pk}-reason": "Receipt came back",
    }, follow=True).content.decode()

    assert "Receipt signed by 王芳 on 2026-03-02" in page
    assert copy_of(notice, 4).status == CopyStatus.DELIVERED


def test_the_recipient_cannot_open_the_dispatch_list(client, office, other_unit, notice):
    dispatch = sent(office, notice, [(copy_of(notice, 1), other_unit.registry)])

    assert signed_in(client, other_unit.clerk).get(reverse("dispatch:detail", args=[dispatch.pk])).status_code == 404


def test_the_incoming_document_page_says_where_it_came_from(client, office, other_unit, notice):
    from dispatch.services import receive_copy

    sent(office, notice, [(copy_of(notice, 1), other_unit.registry)])
    item = receive_copy(item=DispatchItem.objects.get(), by=other_unit.clerk, reason="Received")

    page = signed_in(client, other_unit.clerk).get(
        reverse("documents:detail", args=[item.received_copy.document_id])
    ).content.decode()

    assert f"Received from General Office: their {notice.registry_number}" in page


def test_the_dispatch_list_prints_with_a_receipt_slip_per_recipient(client, office, other_unit, notice):
    from documents.models import PrintRecord
    from tests.pdf_reading import flat, page_texts

    dispatch = sent(office, notice, [(copy_of(notice, 1), other_unit.registry), (copy_of(notice, 4), "Provincial Audit Bureau")])

    response = signed_in(client, office.clerk).post(reverse("dispatch:print", args=[dispatch.pk]))

    assert response["Content-Type"] == "application/pdf"
    pages = [flat(text) for text in page_texts(response.content)]
    assert len(pages) == 3
    assert "Receiptslip:FinanceDivision" in pages[1] and "Receiptslip:ProvincialAuditBureau" in pages[2]
    assert all("SECRET" in page for page in pages)
    assert PrintRecord.objects.get().kind == "dispatch_slip"


def test_the_recipient_cannot_print_the_issuers_dispatch_list(client, office, other_unit, notice):
    dispatch = sent(office, notice, [(copy_of(notice, 1), other_unit.registry)])

    assert signed_in(client, other_unit.clerk).post(reverse("dispatch:print", args=[dispatch.pk])).status_code == 404
