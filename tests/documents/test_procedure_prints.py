"""Procedure prints: circulation slip, destruction list and certificate, borrowing, copy and recovery ledgers."""

import datetime
import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone

from carriers import services as carriers
from documents.levels import Level
from documents.models import PrintRecord
from documents.services import circulation as circulating
from documents.services import destruction
from documents.services.borrowing import approve_loan, hand_out_loan, request_loan, return_loan
from documents.services.copying import approve_reproduction, execute_reproduction, reject_reproduction, request_reproduction
from documents.services.recording import stamp
from documents.services.recovery import recover_copies
from people.roles import Role
from tests.documents.test_prints import listener, signed_in  # noqa: F401  (listener is a fixture)
from tests.factories import DocumentFactory, member, proved
from tests.pdf_reading import flat, page_texts

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


def name(user):
    return user.get_full_name() or user.get_username()


def as_pdf(response):
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/pdf"
    return response.content


def text_of(pdf):
    return flat("".join(page_texts(pdf)))


# ------------------------------------------------------------------ circulation slip

def completed_round(office, **fields):
    fields.setdefault("scope_users", [office.leader, office.reader, office.reader2])
    document = DocumentFactory(registry=office.registry, by=office.clerk, copies_count=1, **fields)
    circulation = circulating.propose_circulation(
        copy=document.copies.get(), readers=[office.reader, office.reader2], by=office.clerk, reason="For reading"
    )
    circulating.approve_circulation(circulation=circulation, by=office.leader, reason="Agreed, read by Friday")
    for reader, comment in ((office.reader, "已阅，同意。"), (office.reader2, "")):
        circulating.hand_out(circulation=circulation, by=office.clerk, reason="Handed out")
        circulating.mark_read(circulation=circulation, by=reader, reason="Read", comment=comment)
        circulating.take_back(circulation=circulation, by=office.clerk, reason="Taken back")
    circulation.refresh_from_db()
    return circulation


def print_slip(client, circulation):
    return client.post(reverse("documents:print_circulation_slip", args=[circulation.pk]))


def test_circulation_slip_prints_every_reader_with_hand_out_and_return_times_and_the_people(client, office):
    for reader, first_name in ((office.reader, "甲读者"), (office.reader2, "乙读者")):
        reader.first_name = first_name
        reader.save()
    circulation = completed_round(office)
    entries = list(circulation.entries.order_by("position"))

    text = text_of(as_pdf(print_slip(signed_in(client, office.clerk), circulation)))

    assert "Circulationslip" in text
    assert flat(circulation.copy.label) in text
    assert flat(f"{name(office.leader)}") in text and "Agreed,readbyFriday" in text
    for entry in entries:
        assert flat(name(entry.reader)) in text
        assert flat(timezone.localtime(entry.handed_out_at).strftime("%Y-%m-%d %H:%M")) in text
        assert flat(timezone.localtime(entry.returned_at).strftime("%Y-%m-%d %H:%M")) in text
    assert "已阅，同意。" in text
    assert "Reader'ssignature" in text and "Clerk'ssignature" in text
    assert text.index(flat(name(office.reader))) < text.index(flat(name(office.reader2)))


def test_circulation_slip_is_recorded_with_its_document_code_and_sha256(client, office):
    circulation = completed_round(office, level=Level.CONFIDENTIAL)

    pdf = as_pdf(print_slip(signed_in(client, office.clerk), circulation))

    record = PrintRecord.objects.get()
    assert (record.kind, record.printed_by, record.document) == ("circulation_slip", office.clerk, circulation.copy.document)
    assert record.filters["circulation"] == circulation.pk
    assert (record.row_count, record.highest_level) == (2, Level.CONFIDENTIAL)
    assert record.sha256 == hashlib.sha256(pdf).hexdigest()
    for number, text in enumerate(page_texts(pdf), start=1):
        assert text.count("CONFIDENTIAL ★ 10 years") >= 2
        assert "秘密" not in text
        assert record.display_code in text
        assert f"{number} / {record.pages}" in text


def test_the_leader_who_approved_the_list_and_the_inspector_may_print_the_slip(client, office):
    circulation = completed_round(office)

    as_pdf(print_slip(signed_in(client, office.leader), circulation))
    as_pdf(print_slip(signed_in(client, office.inspector), circulation))

    assert set(PrintRecord.objects.values_list("printed_by__username", flat=True)) == {"leader", "inspector"}


def test_a_reader_on_the_list_is_told_who_prints_the_slip(client, office):
    circulation = completed_round(office)

    response = print_slip(signed_in(client, office.reader), circulation)

    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "or the leader who decided the list, can print its circulation slip" in page
    assert not PrintRecord.objects.exists()


def test_another_leader_in_scope_who_did_not_decide_is_refused_the_slip(client, office):
    other_leader = member(office.unit, Role.LEADER, username="leader_b")
    circulation = completed_round(office, scope_users=[office.leader, other_leader, office.reader, office.reader2])

    response = print_slip(signed_in(client, other_leader), circulation)

    assert response.status_code == 302
    assert "or the leader who decided the list" in client.get(response["Location"]).content.decode()
    assert not PrintRecord.objects.exists()


def test_circulation_slip_out_of_scope_is_not_found(client, office, other_unit):
    circulation = completed_round(office)

    assert print_slip(signed_in(client, other_unit.clerk), circulation).status_code == 404
    assert not PrintRecord.objects.exists()


def test_circulation_slip_keeps_a_chinese_title_intact(client, office):
    circulation = completed_round(office, title="关于年度保密检查工作的通知")
    client.cookies["django_language"] = "zh-hans"

    text = text_of(as_pdf(print_slip(signed_in(client, office.clerk), circulation)))

    assert "关于年度保密检查工作的通知" in text
    assert "机密★20年" in text
    assert "SECRET" not in text


def test_circulation_slip_prints_a_hostile_title_as_text_and_fetches_nothing(client, office, listener):
    hostile = f'<img src="http://127.0.0.1:{listener.port}/x"><style>@import url(http://127.0.0.1:{listener.port}/i.css);</style>'
    circulation = completed_round(office, title=hostile)

    text = text_of(as_pdf(print_slip(signed_in(client, office.clerk), circulation)))

    assert flat(f'<img src="http://127.0.0.1:{listener.port}/x">') in text
    assert listener.connections == []


def test_circulation_page_offers_the_slip_to_the_clerk_not_to_a_reader(client, office):
    circulation = completed_round(office)
    url = reverse("documents:circulation_detail", args=[circulation.pk])
    button = reverse("documents:print_circulation_slip", args=[circulation.pk])

    assert button in signed_in(client, office.clerk).get(url).content.decode()
    assert button not in signed_in(client, office.reader).get(url).content.decode()


# ------------------------------------------------------------------ destruction list and certificate

def to_destroy(office, **fields):
    return DocumentFactory(registry=office.registry, by=office.clerk, scope_users=[office.leader], **fields)


def destruction_list(office, copies, devices=()):
    return destruction.prepare_destruction_list(
        registry=office.registry, copies=copies, devices=list(devices), by=office.clerk, reason="Kept beyond its use"
    )


def executed(office, dlist):
    destruction.submit_destruction_list(dlist=dlist, by=office.clerk, reason="Complete")
    destruction.approve_destruction_list(dlist=dlist, by=office.leader, reason="Agreed at the office meeting", proof=proved(office.leader))
    return destruction.execute_destruction_list(
        dlist=dlist, by=office.clerk, executed_on=timezone.localdate(), place="Shredding room B-104",
        method="shredding", witness_1=office.inspector, witness_2=office.reader2, reason="Destroyed as approved", witness_proofs=[proved(office.inspector), proved(office.reader2)],
    )


def test_the_certificate_of_a_list_awaiting_a_witness_says_who_has_not_confirmed(client, office):
    document = to_destroy(office, copies_count=1, title="待销毁的文件", pages=3)
    dlist = destruction_list(office, list(document.copies.all()))
    destruction.submit_destruction_list(dlist=dlist, by=office.clerk, reason="Complete")
    destruction.approve_destruction_list(dlist=dlist, by=office.leader, reason="Agreed", proof=proved(office.leader))
    destruction.execute_destruction_list(
        dlist=dlist, by=office.clerk, executed_on=timezone.localdate(), place="Shredding room B-104",
        method="shredding", witness_1=office.inspector, witness_2=office.reader2, reason="Destroyed as approved",
        witness_proofs=[proved(office.inspector)],
    )

    text = text_of(as_pdf(print_destruction(signed_in(client, office.clerk), dlist)))

    assert "notbeencarriedout" in text
    assert f"Witness1{flat(name(office.inspector))}Confirmedwithownpasswordat" in text
    assert f"Witness2{flat(name(office.reader2))}NotconfirmedSignature" in text


def print_destruction(client, dlist):
    return client.post(reverse("documents:print_destruction", args=[dlist.pk]))


def test_destruction_certificate_names_approver_date_place_method_and_both_witnesses(client, office):
    document = to_destroy(office, copies_count=2, title="待销毁的文件", pages=7)
    key = carriers.register_device(
        unit=office.unit, by=office.clerk, reason="Bought", kind="usb", asset_number="U-0042", model_name="Kingston DT",
        serial_number="SN-U-0042", level=Level.TOP_SECRET, custodian=office.reader, location="Safe 2", network="none",
    )
    dlist = executed(office, destruction_list(office, list(document.copies.all()), devices=[key]))

    pdf = as_pdf(print_destruction(signed_in(client, office.clerk), dlist))

    text = text_of(pdf)
    assert "Destructioncertificate" in text and "notbeencarriedout" not in text
    assert text.count("待销毁的文件") == 2 and "U-0042" in text and "SN-U-0042" in text
    assert flat(name(office.leader)) in text and "Agreedattheofficemeeting" in text
    assert timezone.localdate().isoformat() in text and "ShreddingroomB-104" in text and "Shredding" in text
    dlist.refresh_from_db()
    for number, witness, at in ((1, office.inspector, dlist.witness_1_confirmed_at), (2, office.reader2, dlist.witness_2_confirmed_at)):
        when = timezone.localtime(at).strftime("%Y-%m-%d%H:%M")
        assert f"Witness{number}{flat(name(witness))}Confirmedwithownpasswordat{when}Signature" in text
    assert "2copies,14pages;1device" in text
    record = PrintRecord.objects.get()
    assert (record.kind, record.row_count, record.highest_level) == ("destruction", 3, Level.TOP_SECRET)
    assert "TOP SECRET ★ " in page_texts(pdf)[0] and "绝密" not in page_texts(pdf)[0]


def test_a_list_not_yet_executed_prints_as_a_destruction_list_not_a_certificate(client, office):
    document = to_destroy(office, copies_count=1)
    dlist = destruction_list(office, list(document.copies.all()))

    text = text_of(as_pdf(print_destruction(signed_in(client, office.clerk), dlist)))

    assert "Destructionlist" in text and "Destructioncertificate" not in text
    assert "Destructionlist,notacertificate:thedestructionhasnotbeencarriedoutyet." in text
    assert PrintRecord.objects.get().title.startswith("Destruction list")


def test_a_long_destruction_certificate_carries_banner_code_and_n_of_total_on_every_page(client, office):
    document = to_destroy(office, copies_count=70, level=Level.SECRET)
    dlist = executed(office, destruction_list(office, list(document.copies.all())))

    pages = page_texts(as_pdf(print_destruction(signed_in(client, office.inspector), dlist)))

    record = PrintRecord.objects.get()
    assert len(pages) >= 2 and record.pages == len(pages) and record.row_count == 70
    for number, text in enumerate(pages, start=1):
        assert text.count("SECRET ★ 20 years") >= 2
        assert record.display_code in text
        assert f"{number} / {len(pages)}" in text
        assert "Copy/assetnumber" in flat(text)
    assert "Witness 2" in pages[-1]


def test_destruction_list_out_of_scope_is_not_found(client, office, other_unit):
    document = to_destroy(office, copies_count=1)
    dlist = destruction_list(office, list(document.copies.all()))

    assert print_destruction(signed_in(client, other_unit.clerk), dlist).status_code == 404
    assert print_destruction(signed_in(client, office.reader), dlist).status_code == 404
    assert not PrintRecord.objects.exists()


def test_destruction_page_offers_the_certificate_once_executed(client, office):
    document = to_destroy(office, copies_count=1)
    dlist = destruction_list(office, list(document.copies.all()))
    url = reverse("documents:destruction_detail", args=[dlist.pk])
    signed_in(client, office.clerk)

    assert "Print the destruction list (PDF)" in client.get(url).content.decode()
    executed(office, dlist)
    page = client.get(url).content.decode()
    assert "Print the destruction certificate (PDF)" in page
    assert reverse("documents:print_destruction", args=[dlist.pk]) in page


# ------------------------------------------------------------------ borrowing ledger

def print_procedure(client, kind, registry, **period):
    return client.post(reverse("documents:print_procedures"), {"kind": kind, "registry": registry.pk, **(period or {"year": YEAR})})


def lent(office, copy, borrower, *, due_in=3):
    loan = request_loan(
        copy=copy, borrower=borrower, by=borrower, purpose="Drafting the summary", mode="take_out",
        due_on=timezone.localdate() + datetime.timedelta(days=due_in),
    )
    if loan.status == "requested":
        approve_loan(loan=loan, by=office.leader, reason="Needed")
    return hand_out_loan(loan=loan, by=office.clerk, reason="Handed over against signature")


def test_borrowing_ledger_marks_overdue_loans_in_text(client, office):
    scope = [office.leader, office.reader, office.reader2]
    late = DocumentFactory(registry=office.registry, by=office.clerk, title="逾期未还的文件", copies_count=1, scope_users=scope)
    on_time = DocumentFactory(registry=office.registry, by=office.clerk, title="按时归还的文件", copies_count=1, scope_users=scope)
    overdue = lent(office, late.copies.get(), office.reader)
    overdue.due_on = timezone.localdate() - datetime.timedelta(days=2)
    stamp(overdue, by=office.clerk, reason="test: the due date passes").save()
    back = lent(office, on_time.copies.get(), office.reader2)
    return_loan(loan=back, by=office.clerk, reason="Back", pages_complete=True, attachments_complete=True)

    pages = page_texts(as_pdf(print_procedure(signed_in(client, office.clerk), "borrowing", office.registry)))

    rows = flat("".join(pages)).split(flat(late.copies.get().label))
    assert "Overdue" in rows[1].split(flat(on_time.copies.get().label))[0]
    assert flat("".join(pages)).count("Overdue") == 1
    assert "逾期" not in flat("".join(pages)).replace("逾期未还的文件", "")
    assert "按时归还的文件" in flat("".join(pages)) and "pagesandattachmentscomplete" in flat("".join(pages))
    record = PrintRecord.objects.get()
    assert (record.kind, record.row_count, record.filters["registry"]) == ("borrowing", 2, office.registry.pk)


def test_borrowing_ledger_leaves_out_loans_never_handed_out_and_other_periods(client, office):
    document = DocumentFactory(registry=office.registry, by=office.clerk, copies_count=2, title="只申请未借出", scope_users=[office.leader, office.reader])
    request_loan(
        copy=document.copies.get(number=1), borrower=office.reader, by=office.reader, purpose="Reply", mode="take_out",
        due_on=timezone.localdate() + datetime.timedelta(days=3),
    )
    lent(office, document.copies.get(number=2), office.reader)
    signed_in(client, office.clerk)

    this_year = text_of(as_pdf(print_procedure(client, "borrowing", office.registry)))
    last_year = text_of(as_pdf(print_procedure(client, "borrowing", office.registry, year=YEAR - 1)))

    assert flat(document.copies.get(number=2).label) in this_year
    assert flat(document.copies.get(number=1).label) not in this_year
    assert "Nocopyofthisregistrywasoutonloanduringthisperiod." in last_year


def test_procedure_ledgers_offer_only_registries_the_user_keeps_or_inspects(client, office, other_unit):
    response = print_procedure(signed_in(client, office.clerk), "borrowing", other_unit.registry)

    assert response["Content-Type"].startswith("text/html")
    assert "Select a valid choice" in response.content.decode()
    assert not PrintRecord.objects.exists()


def test_a_reader_is_told_who_prints_the_procedure_ledgers(client, office):
    page = signed_in(client, office.reader).get(reverse("documents:print_procedures")).content.decode()

    assert "Only the secrecy clerks and the inspectors of a unit print" in page
    assert 'id="procedure-print"' not in page
    assert print_procedure(client, "borrowing", office.registry).status_code == 200
    assert not PrintRecord.objects.exists()


def test_loans_page_links_to_the_borrowing_ledger_for_the_clerk_only(client, office):
    link = reverse("documents:print_procedures") + "?kind=borrowing"

    assert link in signed_in(client, office.clerk).get(reverse("documents:loans")).content.decode()
    assert link not in signed_in(client, office.reader).get(reverse("documents:loans")).content.decode()
    form = signed_in(client, office.clerk).get(link).content.decode()
    assert '<option value="borrowing" selected>' in form


# ------------------------------------------------------------------ copy ledger

def test_copy_ledger_lists_requests_with_decision_maker_and_new_copy_numbers(client, office):
    document = DocumentFactory(registry=office.registry, by=office.clerk, copies_count=2, title="需要复制的文件", scope_users=[office.leader])
    made = request_reproduction(source_copy=document.copies.get(number=1), kind="copy", count=2, by=office.clerk, reason="Working group")
    approve_reproduction(request=made, by=office.leader, reason="Agreed", proof=proved(office.leader))
    execute_reproduction(request=made, by=office.clerk, reason="Copied")
    refused = request_reproduction(source_copy=document.copies.get(number=2), kind="excerpt", count=1, by=office.clerk, reason="Excerpt for a report")
    reject_reproduction(request=refused, by=office.leader, reason="Not needed")

    text = text_of(as_pdf(print_procedure(signed_in(client, office.inspector), "copying", office.registry)))

    assert "Copyledger" in text
    assert "Workinggroup" in text and "Excerptforareport" in text
    assert "Copy×2" in text and "Excerpt×1" in text
    assert "Copies3,4" in text
    assert "Rejected" in text and flat(name(office.leader)) in text
    assert PrintRecord.objects.get().row_count == 2


# ------------------------------------------------------------------ recovery ledger

def test_recovery_ledger_lists_each_returned_copy_with_its_receipt(client, office):
    document = DocumentFactory(registry=office.registry, by=office.clerk, copies_count=2, title="清退的文件", level=Level.CONFIDENTIAL)
    recovery = recover_copies(
        copies=list(document.copies.all()), issuing_organ="省委办公厅", receipt_reference="收据 2026-017",
        by=office.clerk, reason="Annual clean-up",
    )

    pdf = as_pdf(print_procedure(signed_in(client, office.clerk), "recovery", office.registry))

    text = text_of(pdf)
    assert text.count("清退的文件") == 2
    assert flat(recovery.label) in text and "收据2026-017" in text and "省委办公厅" in text
    assert "Annualclean-up" in text
    record = PrintRecord.objects.get()
    assert (record.kind, record.row_count, record.highest_level) == ("recovery", 2, Level.CONFIDENTIAL)
    assert "CONFIDENTIAL ★ 10 years" in page_texts(pdf)[0]


def test_recoveries_page_links_to_the_recovery_ledger(client, office):
    page = signed_in(client, office.clerk).get(reverse("documents:recoveries")).content.decode()

    assert reverse("documents:print_procedures") + "?kind=recovery" in page
