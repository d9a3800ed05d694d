"""A reason is words: a reason, basis or reference with nothing visible in it is refused, everywhere alike."""

import datetime

import pytest
from django.urls import reverse

from documents.levels import Level
from documents.models import Circulation, CirculationStatus, ClassificationDecision, Document, ReproductionRequest
from documents.services.circulation import approve_circulation, propose_circulation
from documents.services.copying import request_reproduction
from documents.services.declassification import decide
from documents.services.errors import InvalidInput, MissingReason
from documents.services.recording import require_reason, visible_text
from documents.views.confirm import CONFIRM
from tests.api.conftest import token_client
from tests.factories import PASSWORD, DocumentFactory, proved

pytestmark = pytest.mark.django_db

INVISIBLE = [
    "\u200b",  # zero-width space
    "\u200c\u200d",  # zero-width non-joiner and joiner
    "\ufeff",  # byte-order mark
    "\u2060",  # word joiner
    "\u202a\u202b\u202c\u202d\u202e",  # bidi embeddings and overrides
    "\u2066\u2067\u2068\u2069",  # bidi isolates
    " \u00a0\u3000\t\n",  # spaces of every width
    "\u3164",  # Hangul filler
    "\u2800",  # blank Braille pattern
    "\u034f\ufe0f",  # combining grapheme joiner, variation selector
]


@pytest.mark.parametrize("reason", INVISIBLE)
def test_a_reason_with_nothing_visible_is_refused(reason):
    with pytest.raises(MissingReason):
        require_reason(reason)


def test_a_refused_basis_names_its_own_field():
    with pytest.raises(MissingReason) as refused:
        require_reason("\u200b", field="basis")
    assert refused.value.field == "basis"


def test_a_visible_reason_keeps_its_words_and_loses_the_invisible_ends():
    assert require_reason("\u200b 送阅 \u202e") == "送阅"
    assert visible_text("a\u200bb") == "a\u200bb"


@pytest.fixture
def document(office):
    return DocumentFactory(
        registry=office.registry, by=office.clerk, level=Level.SECRET, copies_count=2,
        date_classified=datetime.date(2026, 1, 5), scope_users=[office.leader, office.reader, office.reader2],
    )


def proposed(office, document):
    return propose_circulation(copy=document.copies.get(number=1), readers=[office.reader], by=office.clerk, reason="r")


def test_a_zero_width_reason_does_not_approve_a_reading_list(office, document):
    circulation = proposed(office, document)

    with pytest.raises(MissingReason):
        approve_circulation(circulation=circulation, by=office.leader, reason="\u200b")
    assert Circulation.objects.get().status == CirculationStatus.PROPOSED


def test_a_zero_width_reason_is_a_field_error_on_the_decision_page(client, office, document):
    circulation = proposed(office, document)
    client.login(username=office.leader.username, password=PASSWORD)

    response = client.post(
        reverse("documents:circulation_approve", args=[circulation.pk]), {"approve-readers": [office.reader.pk], "approve-reason": "\u200b"}
    )

    assert response.status_code == 200
    assert "reason" in response.context["approve_form"].errors
    assert "Give a reason" in response.content.decode()
    assert Circulation.objects.get().status == CirculationStatus.PROPOSED


def test_a_zero_width_reason_is_a_400_in_the_api_and_changes_nothing(office):
    response = token_client(office.clerk).post(
        "/api/v1/documents/",
        {
            "registry": office.registry.code, "direction": "incoming", "title": "通知", "originating_organ": "省委办公厅",
            "reference_number": "省委办〔2026〕9号", "level": 2, "date_classified": "2026-03-01", "pages": 1,
            "copies_count": 1, "reason": "\u200b\u2066\u2069",
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["code"] == "reason_required"
    assert "reason" in response.json()["errors"]
    assert Document.objects.count() == 0


def test_a_zero_width_approval_reference_does_not_copy_a_top_secret_document(office):
    top = DocumentFactory(registry=office.registry, by=office.clerk, level=Level.TOP_SECRET, scope_users=[office.leader])

    with pytest.raises(InvalidInput) as refused:
        request_reproduction(
            source_copy=top.copies.get(number=1), kind="copy", count=1, by=office.clerk, reason="Needed",
            originating_approval="\u200b",
        )
    assert "originating_approval" in refused.value.errors
    assert ReproductionRequest.objects.count() == 0


def test_a_zero_width_basis_does_not_declassify(office, document):
    with pytest.raises(MissingReason) as refused:
        decide(document=document, kind="declassify", by=office.leader, basis="\ufeff\u200b", proof=proved(office.leader))

    assert refused.value.field == "basis"
    document.refresh_from_db()
    assert document.declassified_on is None
    assert ClassificationDecision.objects.count() == 0


def test_a_zero_width_basis_is_a_field_error_on_the_decision_page(client, office, document):
    client.login(username=office.leader.username, password=PASSWORD)

    response = client.post(
        reverse("documents:classification_decide", args=[document.pk]),
        {"kind": "declassify", "basis": "\u200b", CONFIRM: "1"},
    )

    assert response.status_code == 200
    assert "basis" in response.context["form"].errors
    assert ClassificationDecision.objects.count() == 0


def test_a_zero_width_basis_is_a_400_in_the_api(office, document):
    response = token_client(office.leader).post(
        f"/api/v1/documents/{document.pk}/classification-decisions/", {"kind": "declassify", "basis": "\u200b"},
        format="json",
    )

    assert response.status_code == 400
    assert "basis" in response.json()["errors"]
    assert ClassificationDecision.objects.count() == 0
