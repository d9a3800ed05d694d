"""Dispatch, receipt and returned receipts through /api/v1/ with tokens alone."""

import pytest

from dispatch.models import DispatchItem, ItemStatus
from documents.models import CopyStatus, Document, Incident
from tests.api.conftest import token_client
from tests.dispatch.conftest import copy_of

pytestmark = pytest.mark.django_db


def dispatch(api, notice, lines, reason="For action"):
    return api.post(f"/api/v1/documents/{notice.pk}/dispatches/", {"lines": lines, "reason": reason}, format="json")


def test_an_oa_system_dispatches_copies_to_a_unit_and_an_organ(office, other_unit, notice):
    response = dispatch(token_client(office.clerk), notice,
                        [{"copy": 1, "registry": "CWC"}, {"copy": 4, "organ": "Provincial Audit Bureau"}])

    assert response.status_code == 201, response.json()
    body = response.json()
    assert [r["registry"] or r["organ"] for r in body["recipients"]] == ["CWC", "Provincial Audit Bureau"]
    assert copy_of(notice, 1).status == CopyStatus.IN_TRANSIT


def test_dispatching_a_copy_in_transit_again_is_a_409(office, other_unit, notice):
    api = token_client(office.clerk)
    dispatch(api, notice, [{"copy": 1, "registry": "CWC"}])

    response = dispatch(api, notice, [{"copy": 1, "organ": "Provincial Audit Bureau"}])

    assert response.status_code == 409
    assert "in transit" in response.json()["message"]


def test_a_line_naming_no_registry_is_a_400(office, notice):
    response = dispatch(token_client(office.clerk), notice, [{"copy": 1, "registry": "NOPE"}])

    assert response.status_code == 400
    assert not DispatchItem.objects.exists()


def test_the_recipient_lists_and_receives_by_code(office, other_unit, notice):
    dispatch(token_client(office.clerk), notice, [{"copy": 2, "registry": "CWC"}])
    api = token_client(other_unit.clerk)

    listed = api.get("/api/v1/incoming/").json()["results"]
    response = api.post("/api/v1/incoming/receive-by-code/", {"code": copy_of(notice, 2).label, "reason": "Received"},
                        format="json")

    assert [row["copy"] for row in listed] == [copy_of(notice, 2).label]
    assert response.status_code == 200, response.json()
    incoming = Document.objects.get(registry=other_unit.registry)
    assert response.json()["received_as"] == incoming.copies.get().label
    assert incoming.reference_number == notice.reference_number


def test_receiving_a_copy_not_sent_to_you_is_404(office, other_unit, third_unit, notice):
    dispatch(token_client(office.clerk), notice, [{"copy": 2, "registry": "FZC"}])
    item = DispatchItem.objects.get()
    api = token_client(other_unit.clerk)

    assert api.post(f"/api/v1/incoming/{item.pk}/receive/", {"reason": "Received"}, format="json").status_code == 404
    assert api.post("/api/v1/incoming/receive-by-code/", {"code": copy_of(notice, 2).label, "reason": "Received"},
                    format="json").status_code == 404
    assert api.get("/api/v1/incoming/").json()["results"] == []
    assert DispatchItem.objects.get().status == ItemStatus.IN_TRANSIT


def test_the_recipient_reports_not_received_and_the_issuer_has_an_incident(office, other_unit, notice):
    dispatch(token_client(office.clerk), notice, [{"copy": 3, "registry": "CWC"}])
    item = DispatchItem.objects.get()

    response = token_client(other_unit.clerk).post(f"/api/v1/incoming/{item.pk}/not-received/", {
        "problem": "missing", "circumstances": "Not in the envelope", "reason": "Missing"}, format="json")

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "not_received"
    assert Incident.objects.get().copy == copy_of(notice, 3)


def test_the_issuer_records_a_returned_receipt(office, notice):
    api = token_client(office.clerk)
    recipient = dispatch(api, notice, [{"copy": 4, "organ": "Provincial Audit Bureau"}]).json()["recipients"][0]

    response = api.post(f"/api/v1/dispatch-recipients/{recipient['id']}/returned-receipt/", {
        "signed_by": "王芳", "signed_on": "2026-03-02", "reason": "Receipt came back"}, format="json")

    assert response.status_code == 200, response.json()
    assert response.json()["receipt_signed_by"] == "王芳"
    assert response.json()["items"][0]["status"] == "received"
