import pytest
from django.db import transaction
from django.urls import reverse

from documents.models import Copy, CopyStatus, Recovery, RecoveryItem
from documents.services import destruction
from documents.services.copies import lock_copy, move
from documents.services.errors import InvalidInput, InvalidState, MissingReason, NotPermitted
from documents.services.recovery import recover_copies
from tests.factories import PASSWORD, DocumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(office):
    return DocumentFactory(registry=office.registry, by=office.clerk, copies_count=3, originating_organ="省委办公厅")


def copies_of(document):
    return list(Copy.objects.filter(document=document).order_by("number"))


def recover(office, copies, **overrides):
    fields = {
        "copies": copies,
        "issuing_organ": "省委办公厅",
        "receipt_reference": "SWBGT receipt 2026-118",
        "by": office.clerk,
        "reason": "Annual clean-up",
    }
    fields.update(overrides)
    return recover_copies(**fields)


def test_returned_copies_end_as_returned_to_issuer_with_the_receipt(office, document):
    recovery = recover(office, copies_of(document))

    assert {c.status for c in copies_of(document)} == {CopyStatus.RETURNED_TO_ISSUER}
    assert recovery.items.count() == 3
    assert (recovery.issuing_organ, recovery.receipt_reference, recovery.recovered_by) == (
        "省委办公厅", "SWBGT receipt 2026-118", office.clerk,
    )
    row = copies_of(document)[0].history.order_by("-history_id").first()
    assert "SWBGT receipt 2026-118" in row.history_change_reason
    assert row.history_user == office.clerk


def test_one_copy_out_refuses_the_whole_batch_and_names_it(office, document):
    one, two, three = copies_of(document)
    with transaction.atomic():
        move(lock_copy(two), to=CopyStatus.OUT, holder=office.reader, by=office.clerk, reason="Reading")

    with pytest.raises(InvalidState) as refused:
        recover(office, [one, two, three])

    assert two.label in refused.value.message
    assert [c.status for c in copies_of(document)] == [CopyStatus.IN_REGISTRY, CopyStatus.OUT, CopyStatus.IN_REGISTRY]
    assert Recovery.objects.count() == 0
    assert RecoveryItem.objects.count() == 0


def test_a_copy_on_an_open_destruction_list_cannot_be_returned(office, document):
    one, two, _three = copies_of(document)
    dlist = destruction.prepare_destruction_list(registry=office.registry, copies=[two], by=office.clerk, reason="Old")

    with pytest.raises(InvalidState) as refused:
        recover(office, [one, two])

    assert dlist.label in refused.value.message
    assert Copy.objects.get(pk=one.pk).status == CopyStatus.IN_REGISTRY


def test_a_returned_copy_cannot_be_returned_again(office, document):
    copy = copies_of(document)[0]
    recover(office, [copy])

    with pytest.raises(InvalidState):
        recover(office, [copy], receipt_reference="another")
    assert RecoveryItem.objects.filter(copy=copy).count() == 1


@pytest.mark.parametrize("who", ["leader", "reader", "inspector"])
def test_only_a_clerk_returns_copies(office, document, who):
    with pytest.raises(NotPermitted):
        recover(office, copies_of(document), by=getattr(office, who))
    assert Recovery.objects.count() == 0


def test_the_clerk_of_another_unit_cannot_return_them(office, other_unit, document):
    with pytest.raises(NotPermitted):
        recover(office, copies_of(document), by=other_unit.clerk)


def test_receipt_reference_and_reason_are_required(office, document):
    with pytest.raises(InvalidInput) as refused:
        recover(office, copies_of(document), receipt_reference=" ")
    assert "receipt_reference" in refused.value.errors
    with pytest.raises(MissingReason):
        recover(office, copies_of(document), reason="")
    assert Recovery.objects.count() == 0


# Pages ---------------------------------------------------------------------------------------


def signed_in(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_batch_form_filters_by_organ_and_year_and_returns_the_ticked_copies(client, office, document):
    other = DocumentFactory(registry=office.registry, by=office.clerk, copies_count=1, originating_organ="国家保密局")
    signed_in(client, office.clerk)
    url = reverse("documents:recovery_new")

    page = client.get(url, {"organ": "省委办公厅", "year": str(document.year)}).content.decode()
    assert copies_of(document)[0].label in page
    assert copies_of(other)[0].label not in page
    assert 'value="省委办公厅"' in page  # the organ filter also fills in the issuing organ

    response = client.post(
        f"{url}?organ=省委办公厅",
        {
            "copies": [c.pk for c in copies_of(document)[:2]],
            "issuing_organ": "省委办公厅",
            "receipt_reference": "R-2026-5",
            "reason": "Annual clean-up",
        },
    )
    recovery = Recovery.objects.get()
    assert response.url == reverse("documents:recovery_detail", args=[recovery.pk])
    assert [c.status for c in copies_of(document)] == [
        CopyStatus.RETURNED_TO_ISSUER, CopyStatus.RETURNED_TO_ISSUER, CopyStatus.IN_REGISTRY,
    ]
    record = client.get(response.url).content.decode()
    assert "R-2026-5" in record and copies_of(document)[1].label in record


def test_batch_form_names_a_copy_that_moved_since_the_page_was_shown(client, office, document):
    one, two, _three = copies_of(document)
    dlist = destruction.prepare_destruction_list(registry=office.registry, copies=[two], by=office.clerk, reason="Old")
    with transaction.atomic():
        move(lock_copy(one), to=CopyStatus.OUT, holder=office.reader, by=office.clerk, reason="Reading")
    signed_in(client, office.clerk)
    form = {"issuing_organ": "省委办公厅", "receipt_reference": "R-1", "reason": "Clean-up"}

    out = client.post(reverse("documents:recovery_new"), {**form, "copies": [one.pk]}).content.decode()
    listed = client.post(reverse("documents:recovery_new"), {**form, "copies": [two.pk]}).content.decode()

    assert f"Copy {one.label} is out with a reader" in out
    assert dlist.label in listed
    assert Recovery.objects.count() == 0


def test_recovery_pages_are_404_for_a_reader(client, office, document):
    recovery = recover(office, copies_of(document)[:1])
    signed_in(client, office.reader)

    assert client.get(reverse("documents:recovery_new")).status_code == 404
    assert client.get(reverse("documents:recoveries")).status_code == 404
    assert client.get(reverse("documents:recovery_detail", args=[recovery.pk])).status_code == 404
