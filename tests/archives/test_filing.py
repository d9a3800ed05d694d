"""Filing finished documents' copies into archive volumes."""

import pytest

from archives.models import FiledCopy, Volume
from archives.selectors import volume_catalogue
from archives.services.filing import file_copies
from documents.levels import Level
from documents.models import Copy, CopyStatus
from documents.services.errors import InvalidInput, InvalidState, MissingReason, NotPermitted
from tests.archives.conftest import hand_out, new_volume
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


def test_filing_three_copies_into_a_new_volume_archives_them_and_lists_them(office, volume, document):
    copies = list(document.copies.order_by("number"))

    file_copies(volume=volume, copies=copies, by=office.clerk, reason="Filed at year end")

    assert set(Copy.objects.filter(document=document).values_list("status", flat=True)) == {CopyStatus.ARCHIVED}
    rows = list(volume_catalogue(volume, office.clerk))
    assert [(row.item_number, row.copy.number) for row in rows] == [(1, 1), (2, 2), (3, 3)]
    assert {row.copy.document.registry_number for row in rows} == {document.registry_number}


def test_filing_is_recorded_with_the_clerk_and_the_reason(office, volume, document):
    copy = document.copies.get(number=1)

    file_copies(volume=volume, copies=[copy], by=office.clerk, reason="Filed at year end")

    copy_row = copy.history.order_by("-history_id").first()
    assert (copy_row.status, copy_row.history_user, copy_row.history_change_reason) == (
        CopyStatus.ARCHIVED, office.clerk, "Filed at year end",
    )
    filing_row = FiledCopy.history.get(copy_id=copy.pk)
    assert (filing_row.history_user, filing_row.history_change_reason) == (office.clerk, "Filed at year end")


def test_item_numbers_continue_across_filings(office, volume, document):
    file_copies(volume=volume, copies=[document.copies.get(number=2)], by=office.clerk, reason="first")
    file_copies(volume=volume, copies=[document.copies.get(number=1)], by=office.clerk, reason="second")

    assert list(volume.filed_copies.order_by("item_number").values_list("item_number", "copy__number")) == [(1, 2), (2, 1)]


def test_highest_level_follows_the_documents_filed(office, volume):
    confidential = DocumentFactory(registry=office.registry, by=office.clerk, level=Level.CONFIDENTIAL, copies_count=1)
    top_secret = DocumentFactory(registry=office.registry, by=office.clerk, level=Level.TOP_SECRET, copies_count=1)
    assert Volume.objects.get(pk=volume.pk).highest_level is None

    file_copies(volume=volume, copies=list(confidential.copies.all()), by=office.clerk, reason="filed")
    assert Volume.objects.get(pk=volume.pk).highest_level == Level.CONFIDENTIAL

    file_copies(volume=volume, copies=list(top_secret.copies.all()), by=office.clerk, reason="filed")
    assert Volume.objects.get(pk=volume.pk).highest_level == Level.TOP_SECRET


def test_filing_a_copy_that_is_out_is_refused_and_changes_nothing(office, volume, document):
    out = hand_out(document.copies.get(number=2), to=office.reader, by=office.clerk)

    with pytest.raises(InvalidState, match="out with a reader"):
        file_copies(volume=volume, copies=list(document.copies.all()), by=office.clerk, reason="Filed at year end")

    assert FiledCopy.objects.count() == 0
    assert Copy.objects.get(pk=out.pk).status == CopyStatus.OUT
    assert document.copies.filter(status=CopyStatus.ARCHIVED).count() == 0


def test_a_copy_is_filed_only_once(office, volume, document):
    copy = document.copies.get(number=1)
    file_copies(volume=volume, copies=[copy], by=office.clerk, reason="filed")
    other = new_volume(office.registry, office.clerk, number="2026-P-002")

    with pytest.raises(InvalidState, match="archived"):
        file_copies(volume=other, copies=[copy], by=office.clerk, reason="filed again")
    assert FiledCopy.objects.get(copy=copy).volume == volume


@pytest.mark.parametrize("who", ["reader", "leader", "inspector"])
def test_only_a_clerk_of_the_registry_files(office, volume, document, who):
    with pytest.raises(NotPermitted):
        file_copies(volume=volume, copies=list(document.copies.all()), by=getattr(office, who), reason="filed")
    assert FiledCopy.objects.count() == 0


def test_a_clerk_of_another_unit_cannot_file_into_the_volume(office, other_unit, volume, document):
    with pytest.raises(NotPermitted):
        file_copies(volume=volume, copies=list(document.copies.all()), by=other_unit.clerk, reason="filed")


def test_a_copy_of_another_registry_cannot_be_filed(office, other_unit, volume):
    foreign = DocumentFactory(registry=other_unit.registry, by=other_unit.clerk, scope_users=[office.clerk], copies_count=1)

    with pytest.raises(NotPermitted, match="belongs to registry CWC"):
        file_copies(volume=volume, copies=list(foreign.copies.all()), by=office.clerk, reason="filed")
    assert foreign.copies.get().status == CopyStatus.IN_REGISTRY


def test_filing_needs_a_reason_and_a_copy(office, volume, document):
    with pytest.raises(MissingReason):
        file_copies(volume=volume, copies=list(document.copies.all()), by=office.clerk, reason=" ")
    with pytest.raises(InvalidInput):
        file_copies(volume=volume, copies=[], by=office.clerk, reason="filed")
    assert FiledCopy.objects.count() == 0


def test_volume_number_is_unique_per_registry(office, other_unit, volume):
    with pytest.raises(InvalidInput) as error:
        new_volume(office.registry, office.clerk, number=volume.volume_number)
    assert "volume_number" in error.value.errors

    same_number_elsewhere = new_volume(other_unit.registry, other_unit.clerk, number=volume.volume_number)
    assert same_number_elsewhere.pk != volume.pk


def test_a_volume_needs_its_particulars(office):
    with pytest.raises(InvalidInput) as error:
        new_volume(office.registry, office.clerk, title="", year=1800)
    assert {"title", "year"} <= set(error.value.errors)
    assert Volume.objects.count() == 0


def test_only_a_clerk_opens_a_volume(office):
    with pytest.raises(NotPermitted):
        new_volume(office.registry, office.leader)
