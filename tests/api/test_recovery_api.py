"""Recovery to issuer through the API with a token alone."""

import pytest

from documents.models import Copy, CopyStatus, Recovery
from tests.api.conftest import recorded_state, token_client
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(office):
    return DocumentFactory(registry=office.registry, by=office.clerk, copies_count=3)


def recover(api, copies, **overrides):
    body = {
        "copies": [copy.pk for copy in copies], "issuing_organ": "省委办公厅", "receipt_reference": "回执〔2026〕7号",
        "reason": "Annual clean-up", **overrides,
    }
    return api.post("/api/v1/recoveries/", body, format="json")


def test_the_clerk_returns_copies_to_the_issuer(clerk_api, document):
    copies = list(document.copies.order_by("number")[:2])

    response = recover(clerk_api, copies)

    assert response.status_code == 201, response.json()
    assert [c["number"] for c in response.json()["copies"]] == [1, 2]
    assert clerk_api.get(f"/api/v1/recoveries/{response.json()['id']}/").json()["receipt_reference"] == "回执〔2026〕7号"
    assert set(Copy.objects.filter(document=document).values_list("number", "status")) == {
        (1, CopyStatus.RETURNED_TO_ISSUER), (2, CopyStatus.RETURNED_TO_ISSUER), (3, CopyStatus.IN_REGISTRY),
    }


def test_a_copy_out_with_someone_cannot_be_returned_and_none_is(clerk_api, office, document):
    from documents.services.copies import lock_copy, move
    from django.db import transaction

    with transaction.atomic():
        move(lock_copy(document.copies.get(number=2)), to=CopyStatus.OUT, holder=office.reader, by=office.clerk, reason="Out")
    before = recorded_state()

    response = recover(clerk_api, document.copies.all())

    assert response.status_code in (400, 409)
    assert response.json()["code"] in ("invalid_state", "invalid_input")
    assert recorded_state() == before


def test_a_missing_receipt_is_400_on_its_field(clerk_api, document):
    response = recover(clerk_api, document.copies.all(), receipt_reference="")

    assert response.status_code == 400
    assert "receipt_reference" in response.json()["errors"]
    assert not Recovery.objects.exists()


def test_a_copy_outside_scope_is_refused_like_one_that_never_existed(other_unit, document):
    outsider = token_client(other_unit.clerk)
    copy = document.copies.first()

    hidden = recover(outsider, [copy]).json()
    never = outsider.post(
        "/api/v1/recoveries/",
        {"copies": [copy.pk + 1000], "issuing_organ": "X", "receipt_reference": "Y", "reason": "Z"},
        format="json",
    ).json()

    assert hidden["code"] == never["code"] == "invalid_input"
    assert hidden["errors"]["copies"] == [m.replace(str(copy.pk + 1000), str(copy.pk)) for m in never["errors"]["copies"]]
    assert not Recovery.objects.exists()


def test_a_recovery_outside_scope_is_404(clerk_api, other_unit, document):
    recovery = recover(clerk_api, [document.copies.first()]).json()["id"]

    assert token_client(other_unit.clerk).get(f"/api/v1/recoveries/{recovery}/").status_code == 404
