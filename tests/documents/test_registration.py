import datetime

import pytest
from django.db import transaction

from documents.levels import Level
from documents.models import Copy, CopyStatus, Document
from documents.services.errors import InvalidInput, MissingReason, NotPermitted
from documents.services.registration import register_document
from tests.factories import DocumentFactory, document_fields

pytestmark = pytest.mark.django_db


def test_registration_creates_numbered_copies_in_the_registry(office):
    document = DocumentFactory(registry=office.registry, by=office.clerk, copies_count=3)

    copies = list(document.copies.order_by("number"))
    assert [c.number for c in copies] == [1, 2, 3]
    assert {c.status for c in copies} == {CopyStatus.IN_REGISTRY}
    assert document.registry_number == f"BGS-{document.year}-00001"


def test_registry_numbers_count_up_per_registry_and_year(office, other_unit):
    first = DocumentFactory(registry=office.registry, by=office.clerk)
    second = DocumentFactory(registry=office.registry, by=office.clerk)
    elsewhere = DocumentFactory(registry=other_unit.registry, by=other_unit.clerk)

    assert (first.serial, second.serial, elsewhere.serial) == (1, 2, 1)
    assert elsewhere.registry_number.startswith("CWC-")


def test_default_secrecy_period_follows_the_level_and_end_date_is_computed(office):
    top = DocumentFactory(registry=office.registry, by=office.clerk, level=Level.TOP_SECRET)
    confidential = DocumentFactory(
        registry=office.registry, by=office.clerk, level=Level.CONFIDENTIAL, date_classified=datetime.date(2026, 3, 1)
    )

    assert top.secrecy_period_years == 30
    assert confidential.secrecy_period_years == 10
    assert confidential.period_ends_on == datetime.date(2036, 3, 1)


def test_marking_reads_like_the_paper_marking(office):
    document = DocumentFactory(registry=office.registry, by=office.clerk, level=Level.SECRET)

    assert document.marking == "SECRET ★ 20 years"
    from django.utils import translation

    with translation.override("zh-hans"):
        assert document.marking == "机密★20年"


def test_only_a_clerk_of_the_unit_can_register(office, other_unit):
    with pytest.raises(NotPermitted):
        DocumentFactory(registry=office.registry, by=office.reader)
    with pytest.raises(NotPermitted):
        DocumentFactory(registry=office.registry, by=other_unit.clerk)
    assert Document.objects.count() == 0


def test_registration_without_reason_is_refused(office):
    with pytest.raises(MissingReason):
        DocumentFactory(registry=office.registry, by=office.clerk, reason="  ")
    assert Document.objects.count() == 0


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"pages": -3}, "pages"),
        ({"pages": 0}, "pages"),
        ({"title": "长" * 10_000}, "title"),
        ({"title": ""}, "title"),
        ({"level": Level.CONFIDENTIAL, "secrecy_period_years": 25}, "secrecy_period_years"),
        ({"level": Level.SECRET, "secrecy_period_years": 21}, "secrecy_period_years"),
        ({"level": Level.INTERNAL, "secrecy_period_years": 5}, "secrecy_period_years"),
        ({"copies_count": 0}, "copies_count"),
        ({"originating_organ": ""}, "originating_organ"),
    ],
)
def test_bad_input_is_refused_by_field_and_nothing_is_written(office, overrides, field):
    with pytest.raises(InvalidInput) as refused:
        DocumentFactory(registry=office.registry, by=office.clerk, **overrides)

    assert field in refused.value.errors
    assert Document.objects.count() == 0
    assert Copy.objects.count() == 0


def test_duplicate_reference_number_from_the_same_organ_is_refused(office):
    DocumentFactory(registry=office.registry, by=office.clerk, reference_number="X Office [2026] No. 12")

    with pytest.raises(InvalidInput) as refused:
        DocumentFactory(registry=office.registry, by=office.clerk, reference_number="X Office [2026] No. 12")
    assert "reference_number" in refused.value.errors

    other_organ = DocumentFactory(
        registry=office.registry, by=office.clerk, reference_number="X Office [2026] No. 12", originating_organ="Y Office"
    )
    assert other_organ.pk


def test_registration_is_all_or_nothing(office):
    """A failure after the document row is written leaves no document, copy, grant or history."""
    from documents.models import DocumentUserObjectPermission

    disabled = type(office.reader).objects.create(username="gone", is_active=False)
    with pytest.raises(InvalidInput):
        DocumentFactory(registry=office.registry, by=office.clerk, scope_users=[office.reader, disabled])

    assert Document.objects.count() == 0
    assert Document.history.count() == 0
    assert Copy.history.count() == 0
    assert DocumentUserObjectPermission.objects.count() == 0


def test_a_failed_transaction_rolls_back_copies_and_history_together(office):
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            DocumentFactory(registry=office.registry, by=office.clerk, copies_count=4)
            raise RuntimeError("power cut")

    assert Document.objects.count() == 0
    assert Copy.objects.count() == 0
    assert Copy.history.count() == 0


def test_unknown_fields_are_a_programming_error(office):
    with pytest.raises(TypeError):
        register_document(registry=office.registry, by=office.clerk, reason="x", **document_fields(colour="red"))
