"""Incoming registration keeps the receipt and the sender's copy numbers; each copy has a place, moved with a reason."""

import datetime

import pytest
from django.utils import timezone

from dispatch.services import dispatch_copies, receive_copy
from documents.models import Copy, CopyStatus, Document, StorageLocation
from documents.selectors import document_history
from documents.services.bulk import ItemRefused
from documents.services.errors import InvalidInput, InvalidState, MissingReason, NotPermitted
from documents.services.loss import report_loss
from documents.services.storage import Place, check_move_copy, move_copies, move_copy, place
from tests.factories import DocumentFactory, approved_outgoing

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def incoming(office, **fields):
    return DocumentFactory(registry=office.registry, by=office.clerk, **fields)


# ------------------------------------------------------------------ the receipt


def test_the_senders_copy_numbers_are_kept_not_renumbered(office):
    document = incoming(office, copy_numbers=[9, 4, 7], copies_count=None)

    assert sorted(document.copies.values_list("number", flat=True)) == [4, 7, 9]
    assert document.copies_count == 3
    assert document.copy_numbers_from_sender is True


def test_copies_numbered_by_the_registry_say_so(office):
    document = incoming(office, copies_count=2)

    assert list(document.copies.order_by("number").values_list("number", flat=True)) == [1, 2]
    assert document.copy_numbers_from_sender is False


@pytest.mark.parametrize(
    "numbers, message",
    [
        ([4, 7, 4], "given twice"),
        ([0, 3], "whole number from 1"),
        ([], "at least one copy number"),
        ([4, 100000], "whole number from 1"),
    ],
)
def test_a_duplicate_or_bad_copy_number_is_refused_and_nothing_is_registered(office, numbers, message):
    with pytest.raises(InvalidInput) as refused:
        incoming(office, copy_numbers=numbers, copies_count=None)

    assert message in " ".join(refused.value.errors["copy_numbers"])
    assert Document.objects.count() == 0 and Copy.objects.count() == 0


def test_the_senders_copy_numbers_must_agree_with_the_number_of_copies(office):
    with pytest.raises(InvalidInput) as refused:
        incoming(office, copy_numbers=[4, 7, 9], copies_count=5)

    assert "3 copy numbers are given for 5 copies" in refused.value.errors["copy_numbers"][0]


def test_only_an_incoming_document_keeps_a_senders_copy_numbers(office):
    with pytest.raises(InvalidInput) as refused:
        incoming(office, direction="internal", copy_numbers=[4, 7], copies_count=None)

    assert "Only an incoming document" in refused.value.errors["copy_numbers"][0]


def test_incoming_registration_records_when_from_whom_and_under_which_number(office, other_unit):
    document = incoming(
        office, received_on=datetime.date(2026, 3, 4), received_from_registry=other_unit.registry,
        delivered_by="王强", sender_registry_number="CWC-2026-00012",
    )

    document.refresh_from_db()
    assert document.received_on == datetime.date(2026, 3, 4)
    assert document.received_from_registry == other_unit.registry
    assert (document.delivered_by, document.sender_registry_number) == ("王强", "CWC-2026-00012")


def test_an_incoming_document_is_received_today_unless_the_clerk_says_otherwise(office):
    assert incoming(office).received_on == TODAY
    assert incoming(office, direction="internal").received_on is None


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"received_on": TODAY + datetime.timedelta(days=1)}, "received_on", "after today"),
        ({"received_on": datetime.date(2026, 2, 1)}, "received_on", "before it was classified"),
        ({"received_from_organ": "省保密局", "received_from_registry": "other"}, "received_from_organ", "not both"),
        ({"received_from_registry": "own"}, "received_from_registry", "another unit's registry"),
        ({"direction": "internal", "delivered_by": "王强"}, "delivered_by", "Only an incoming document"),
        ({"direction": "internal", "sender_registry_number": "X-1"}, "sender_registry_number", "Only an incoming"),
    ],
)
def test_receipt_particulars_that_cannot_be_true_are_refused_by_field(office, other_unit, fields, field, message):
    registries = {"other": other_unit.registry, "own": office.registry}
    if "received_from_registry" in fields:
        fields["received_from_registry"] = registries[fields["received_from_registry"]]

    with pytest.raises(InvalidInput) as refused:
        incoming(office, date_classified=datetime.date(2026, 3, 1), **fields)

    assert message in refused.value.errors[field][0]
    assert Document.objects.count() == 0


def test_a_copy_received_through_dispatch_records_the_issuer_as_sender(office, other_unit):
    notice = approved_outgoing(
        registry=office.registry, drafter=office.reader, reviewer=office.clerk, leader=office.leader,
        reference_number="BGS [2026] No. 7", copies_count=5,
    )
    sent = notice.copies.get(number=4)
    dispatch = dispatch_copies(document=notice, lines=[(sent, other_unit.registry)], by=office.clerk, reason="分发")
    item = dispatch.recipients.get().items.get()

    receive_copy(item=item, by=other_unit.clerk, reason="签收")

    received = Document.objects.get(registry=other_unit.registry)
    assert received.received_from_registry == office.registry
    assert received.sender_registry_number == notice.registry_number
    assert received.received_on == TODAY
    assert received.copy_numbers_from_sender is True
    assert list(received.copies.values_list("number", flat=True)) == [4]


# ------------------------------------------------------------------ where a copy is kept


def test_registration_puts_every_copy_at_the_place_given(office):
    document = incoming(office, copies_count=3, location=Place("301", "2", "4"))

    places = {str(copy.location) for copy in document.copies.select_related("location")}
    assert places == {"Room 301, cabinet 2, shelf 4"}


def test_a_place_named_twice_is_one_place_of_the_registry(office):
    incoming(office, location=Place("301", "2"))
    incoming(office, location=Place("301", "2"))

    assert StorageLocation.objects.filter(registry=office.registry).count() == 1


def test_moving_copies_records_where_from_where_to_who_and_why(office):
    document = incoming(office, copies_count=3, location=Place("301", "1"))
    first, second, third = document.copies.order_by("number")

    moved = move_copies(copies=[first, third], place=Place("302", "5", "1"), by=office.clerk, reason="柜子更换")

    assert {copy.number for copy in moved} == {1, 3}
    kept = dict(document.copies.values_list("number", "location__room"))
    assert kept == {1: "302", 2: "301", 3: "302"}
    change = next(e for e in document_history(document) if e["subject"].endswith("/ 1") and e["row"].history_type == "~")
    assert change["row"].history_change_reason == "柜子更换"
    assert change["row"].history_user == office.clerk
    assert ("storage location", "Room 301, cabinet 1", "Room 302, cabinet 5, shelf 1") in change["changes"]


def test_a_move_without_a_reason_is_refused(office):
    copy = incoming(office).copies.first()

    with pytest.raises(MissingReason):
        move_copy(copy=copy, room="302", by=office.clerk, reason="\u200b")
    copy.refresh_from_db()
    assert copy.location is None


def test_only_a_clerk_of_the_registry_moves_copies(office, other_unit):
    copy = incoming(office).copies.first()

    assert isinstance(check_move_copy(copy, office.reader), NotPermitted)
    with pytest.raises(NotPermitted):
        move_copy(copy=copy, room="302", by=other_unit.clerk, reason="搬迁")
    assert not StorageLocation.objects.exists()


def test_a_lost_copy_is_kept_nowhere_and_is_not_moved(office):
    copy = incoming(office).copies.first()
    report_loss(copy=copy, by=office.clerk, reason="丢失", circumstances="清查时未找到")
    copy.refresh_from_db()

    with pytest.raises(InvalidState) as refused:
        move_copy(copy=copy, room="302", by=office.clerk, reason="搬迁")
    assert "is lost: the registry keeps it nowhere now" in str(refused.value)


def test_a_bulk_move_with_one_copy_refused_moves_none_and_names_it(office):
    document = incoming(office, copies_count=3, location=Place("301"))
    copies = list(document.copies.order_by("number"))
    report_loss(copy=copies[1], by=office.clerk, reason="丢失", circumstances="清查时未找到")

    with pytest.raises(ItemRefused) as refused:
        move_copies(copies=copies, place=Place("302"), by=office.clerk, reason="搬迁")

    assert copies[1].label in str(refused.value) and "Nothing was changed" in str(refused.value)
    assert set(document.copies.values_list("location__room", flat=True)) == {"301"}
    assert not StorageLocation.objects.filter(room="302").exists()


def test_moving_copies_to_where_they_already_are_is_refused(office):
    copy = incoming(office, location=Place("301", "2")).copies.first()

    with pytest.raises(InvalidState) as refused:
        move_copy(copy=copy, room="301", cabinet="2", by=office.clerk, reason="搬迁")
    assert "already kept there" in str(refused.value)


def test_a_copy_out_with_a_reader_can_be_given_the_place_it_returns_to(office):
    from documents.services.copies import lock_copy, move

    copy = incoming(office, scope_users=[office.reader]).copies.first()
    copy = lock_copy(copy)
    move(copy, to=CopyStatus.OUT, by=office.clerk, reason="传阅", holder=office.reader)

    assert move_copy(copy=copy, room="302", by=office.clerk, reason="归档柜调整").location.room == "302"


@pytest.mark.parametrize(
    "parts, field",
    [
        (("", "2", ""), "location_room"),
        (("301", "", "4"), "location_cabinet"),
        (("x" * 101, "", ""), "location_room"),
    ],
)
def test_a_place_is_a_room_then_a_cabinet_then_a_shelf(parts, field):
    with pytest.raises(InvalidInput) as refused:
        place(*parts)
    assert field in refused.value.errors


def test_nothing_typed_is_no_place():
    assert place(" ", "\u200b", "") is None
