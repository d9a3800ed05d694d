"""Declassification and change of classification through the API: a leader's decision, with its basis."""

import datetime

import pytest

from documents.models import ClassificationDecision, Document
from tests.api.conftest import recorded_state, token_client
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader_api(office):
    return token_client(office.leader, for_decisions=True)


@pytest.fixture
def document(office):
    return DocumentFactory(
        registry=office.registry, by=office.clerk, level=2, date_classified=datetime.date(2026, 1, 5),
        scope_users=[office.leader],
    )


def decide(api, document, **body):
    return api.post(f"/api/v1/documents/{document.pk}/classification-decisions/", body, format="json")


def test_a_leader_declassifies_a_document(leader_api, document):
    response = decide(leader_api, document, kind="declassify", basis="Made public on 2026-06-01")

    assert response.status_code == 201, response.json()
    assert (response.json()["kind"], response.json()["decided_by"]) == ("declassify", "leader")
    assert Document.objects.get(pk=document.pk).declassified_on is not None


def test_a_leader_lowers_the_level(leader_api, document):
    response = decide(leader_api, document, kind="change_level", new_level=1, basis="Review of 2026")

    assert response.status_code == 201, response.json()
    assert (response.json()["old_level"], response.json()["new_level"], response.json()["new_period_years"]) == (2, 1, 10)
    assert Document.objects.get(pk=document.pk).marking.startswith("CONFIDENTIAL")


def test_an_extension_beyond_the_law_is_400_and_changes_nothing(leader_api, document):
    before = recorded_state()

    response = decide(leader_api, document, kind="extend", new_period_years=99, basis="Still sensitive")

    assert response.status_code == 400
    assert "new_period_years" in response.json()["errors"]
    assert recorded_state() == before


def test_a_clerk_cannot_decide(clerk_api, document):
    response = decide(clerk_api, document, kind="declassify", basis="Clean-up")

    assert (response.status_code, response.json()["code"]) == (403, "not_permitted")
    assert not ClassificationDecision.objects.exists()


def test_a_decision_on_a_document_outside_scope_is_404(other_unit, document):
    response = decide(token_client(other_unit.clerk), document, kind="declassify", basis="x")

    assert response.status_code == 404
    assert not ClassificationDecision.objects.exists()
