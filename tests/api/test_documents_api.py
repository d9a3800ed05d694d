"""The API's documents: registration, correction, scope, reads, with the services' own rules."""

import pytest

from documents.models import Document
from tests.api.conftest import token_client
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/documents/"


def registration(**overrides):
    body = {
        "registry": "BGS",
        "direction": "incoming",
        "title": "关于保密工作的通知",
        "originating_organ": "省委办公厅",
        "reference_number": "省委办〔2026〕3号",
        "level": 2,
        "date_classified": "2026-03-01",
        "pages": 10,
        "copies_count": 3,
        "scope_users": ["leader"],
        "reason": "Received through the OA system",
    }
    body.update(overrides)
    return body


def test_oa_system_registers_a_document_with_a_token_and_reads_it_back(clerk_api, office):
    created = clerk_api.post(LIST, registration(), format="json")

    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["registry_number"].startswith("BGS-")
    assert body["marking"] == "SECRET ★ 20 years"
    assert [copy["label"] for copy in body["copies"]] == [f"{body['registry_number']}-00{n}" for n in (1, 2, 3)]
    assert body["scope"] == {"users": ["leader"], "units": []}

    read = clerk_api.get(f"{LIST}{body['id']}/").json()
    assert read["title"] == "关于保密工作的通知"
    document = Document.objects.get()
    assert document.created_by == office.clerk
    assert document.history.get().history_change_reason == "Received through the OA system"
    assert document.history.get().history_user == office.clerk


def test_refusal_has_a_code_a_message_and_errors_by_field(clerk_api):
    response = clerk_api.post(LIST, registration(pages=0, level=9, title=""), format="json")

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_input"
    assert body["message"]
    assert set(body["errors"]) == {"pages", "level", "title"}
    assert Document.objects.count() == 0


def test_blank_reason_is_the_services_refusal_and_changes_nothing(clerk_api):
    response = clerk_api.post(LIST, registration(reason="   "), format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "reason_required"
    assert "reason" in response.json()["errors"]
    assert Document.objects.count() == 0


def test_model_rule_comes_back_on_its_field(clerk_api):
    response = clerk_api.post(LIST, registration(level=1, secrecy_period_years=25), format="json")

    assert response.status_code == 400
    assert "at most 10 years" in response.json()["errors"]["secrecy_period_years"][0]


def test_a_date_classified_after_today_is_refused(clerk_api):
    response = clerk_api.post(LIST, registration(date_classified="9999-12-31"), format="json")

    assert response.status_code == 400
    assert "date_classified" in response.json()["errors"]


def test_duplicate_reference_is_refused_on_its_field(clerk_api):
    clerk_api.post(LIST, registration(), format="json")
    response = clerk_api.post(LIST, registration(), format="json")

    assert response.status_code == 400
    assert "reference_number" in response.json()["errors"]
    assert Document.objects.count() == 1


def test_registration_into_a_registry_the_clerk_does_not_keep_is_refused(clerk_api, other_unit):
    response = clerk_api.post(LIST, registration(registry="CWC"), format="json")

    assert response.status_code == 400
    assert response.json()["errors"]["registry"] == ["You keep no registry with the code CWC."]
    assert Document.objects.count() == 0


def test_reader_cannot_register(reader_api, office):
    response = reader_api.post(LIST, registration(), format="json")

    assert response.status_code == 400
    assert "registry" in response.json()["errors"]
    assert Document.objects.count() == 0


def test_list_holds_only_documents_in_scope(reader_api, office):
    mine = DocumentFactory(registry=office.registry, by=office.clerk, scope_users=[office.reader], title="in scope")
    DocumentFactory(registry=office.registry, by=office.clerk, scope_users=[office.reader2], title="not in scope")

    body = reader_api.get(LIST).json()

    assert [row["id"] for row in body["results"]] == [mine.pk]


def test_list_filters_like_the_ledger(clerk_api, office):
    DocumentFactory(registry=office.registry, by=office.clerk, level=1, title="confidential one")
    DocumentFactory(registry=office.registry, by=office.clerk, level=3, title="top one")

    body = clerk_api.get(LIST, {"level": 3}).json()

    assert [row["title"] for row in body["results"]] == ["top one"]


def test_an_invalid_filter_value_is_400(clerk_api):
    response = clerk_api.get(LIST, {"registered_from": "not a date"})

    assert response.status_code == 400
    assert "registered_from" in response.json()["errors"]


def test_cursor_pages_walk_every_document_once_in_both_directions(clerk_api, office):
    for _ in range(7):
        DocumentFactory(registry=office.registry, by=office.clerk, copies_count=1)
    pages, url = [], f"{LIST}?limit=3&sort=title"
    while url:
        body = clerk_api.get(url).json()
        pages.append([row["id"] for row in body["results"]])
        url, previous = body["next"], body["previous"]

    seen = [pk for page in pages for pk in page]
    assert len(seen) == 7 == len(set(seen))
    assert [len(page) for page in pages] == [3, 3, 1]
    back = clerk_api.get(previous).json()
    assert [row["id"] for row in back["results"]] == pages[1]


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage",
        "WzEsIDIsICJhYmMiXQ==",  # [1, 2, "abc"]: a text where the key is a number
        "WzEsIDIsIDEwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDBd",  # [1, 2, 10**30]: beyond any integer column
        "WyJcdTAwMDAiLCAxXQ==",  # ["\u0000", 1]: a NUL character
    ],
)
def test_a_forged_cursor_is_400(clerk_api, office, cursor):
    DocumentFactory(registry=office.registry, by=office.clerk)

    response = clerk_api.get(LIST, {"after": cursor})

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_input"


def test_correction_is_recorded_with_the_reason(clerk_api, office):
    document = DocumentFactory(registry=office.registry, by=office.clerk, pages=10)

    response = clerk_api.post(f"{LIST}{document.pk}/correction/", {"pages": 11, "reason": "Recounted"}, format="json")

    assert response.status_code == 200, response.json()
    assert response.json()["pages"] == 11
    latest = Document.objects.get().history.latest()
    assert (latest.pages, latest.history_change_reason, latest.history_user) == (11, "Recounted", office.clerk)


def test_reader_correcting_a_document_they_see_gets_403_and_nothing_changes(reader_api, office):
    document = DocumentFactory(registry=office.registry, by=office.clerk, scope_users=[office.reader], pages=10)

    response = reader_api.post(f"{LIST}{document.pk}/correction/", {"pages": 11, "reason": "x"}, format="json")

    assert response.status_code == 403
    assert response.json()["code"] == "not_permitted"
    assert Document.objects.get().pages == 10


def test_steps_on_a_document_outside_scope_are_404_whatever_the_body(reader_api, office):
    document = DocumentFactory(registry=office.registry, by=office.clerk, scope_users=[office.reader2])

    for path in ("correction/", "scope/"):
        response = reader_api.post(f"{LIST}{document.pk}/{path}", {"nonsense": True}, format="json")
        assert response.status_code == 404
        assert response.json() == {"code": "not_found", "message": "Not found.", "errors": {}}


def test_scope_change_through_the_api_lets_the_reader_see_the_document(reader_api, office):
    document = DocumentFactory(registry=office.registry, by=office.clerk, scope_users=[office.leader])
    assert reader_api.get(f"{LIST}{document.pk}/").status_code == 404
    # Widening a scope needs step-up: a token issued for decisions.
    clerk_api = token_client(office.clerk, for_decisions=True)

    response = clerk_api.post(
        f"{LIST}{document.pk}/scope/", {"add_users": ["reader"], "reason": "Leader approved on 3 March"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["scope"]["users"] == ["leader", "reader"]
    assert reader_api.get(f"{LIST}{document.pk}/").status_code == 200


def test_scope_change_naming_an_unknown_person_is_refused(clerk_api, office):
    document = DocumentFactory(registry=office.registry, by=office.clerk)

    response = clerk_api.post(f"{LIST}{document.pk}/scope/", {"add_users": ["nobody"], "reason": "x"}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"]["add_users"] == ["No active account is named nobody."]


def test_history_shows_who_what_and_why(clerk_api, office):
    document = DocumentFactory(registry=office.registry, by=office.clerk, pages=10, copies_count=1)
    clerk_api.post(f"{LIST}{document.pk}/correction/", {"pages": 12, "reason": "Recounted"}, format="json")

    entries = clerk_api.get(f"{LIST}{document.pk}/history/").json()

    newest = entries[0]
    assert (newest["kind"], newest["type"], newest["by"], newest["reason"]) == ("document", "changed", "clerk", "Recounted")
    assert {"field": "pages", "old": "10", "new": "12"} in newest["changes"]
    assert {entry["kind"] for entry in entries} == {"document", "copy"}


def test_copies_list_and_detail(reader_api, office):
    document = DocumentFactory(registry=office.registry, by=office.clerk, scope_users=[office.reader], copies_count=2)
    DocumentFactory(registry=office.registry, by=office.clerk, copies_count=4)

    rows = reader_api.get("/api/v1/copies/").json()["results"]
    assert sorted(row["label"] for row in rows) == [f"{document.registry_number}-001", f"{document.registry_number}-002"]
    detail = reader_api.get(f"/api/v1/copies/{rows[0]['id']}/").json()
    assert (detail["status"], detail["holder"], detail["document"]) == ("in_registry", None, document.pk)


def test_registries_are_those_the_caller_keeps(clerk_api, reader_api, office, other_unit):
    assert [row["code"] for row in clerk_api.get("/api/v1/registries/").json()] == ["BGS"]
    assert reader_api.get("/api/v1/registries/").json() == []


def test_no_credentials_is_401_with_a_challenge():
    from rest_framework.test import APIClient

    response = APIClient().get(LIST)

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["code"] == "not_authenticated"


def test_an_outgoing_document_is_not_registered_here_but_through_the_classification_review(clerk_api):
    response = clerk_api.post(LIST, registration(direction="outgoing"), format="json")

    assert response.status_code == 400
    assert "Classification review" in response.json()["errors"]["direction"][0]
    assert Document.objects.count() == 0
