"""Asking for an object outside one's scope, on a page or through the API: the same 404, and a denial in the access log."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessEvent, AccessKind
from documents.services import borrowing, circulation, inventory
from tests.api.conftest import token_client
from tests.factories import PASSWORD, DocumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def procedures(office):
    """A circulation, a loan and an inventory of a document only reader2 and the leader may know."""
    document = DocumentFactory(
        registry=office.registry, by=office.clerk, scope_users=[office.reader2, office.leader], copies_count=2
    )
    return {
        "circulation": circulation.propose_circulation(
            copy=document.copies.get(number=1), readers=[office.reader2], by=office.clerk, reason="Read"
        ),
        "loan": borrowing.request_loan(
            copy=document.copies.get(number=2), borrower=office.reader2, by=office.reader2, purpose="Reply",
            mode="reading_room", due_on=timezone.localdate() + datetime.timedelta(days=1),
        ),
        "inventory": inventory.open_inventory(registry=office.registry, by=office.clerk, reason="Annual"),
    }


def denials():
    return list(
        AccessEvent.objects.filter(kind=AccessKind.DENIED).order_by("pk").values_list("user__username", "object_description", "path")
    )


@pytest.mark.parametrize(
    ("kind", "method", "url_name", "label"),
    [
        ("circulation", "get", "documents:circulation_detail", "documents.Circulation"),
        ("loan", "post", "documents:loan_cancel", "documents.Loan"),
        ("inventory", "get", "documents:inventory", "documents.Inventory"),
    ],
)
def test_a_page_for_an_object_outside_scope_is_404_and_logged(client, office, procedures, kind, method, url_name, label):
    client.login(username="reader", password=PASSWORD)
    pk = procedures[kind].pk
    path = reverse(url_name, args=[pk])

    response = getattr(client, method)(path)

    assert response.status_code == 404
    assert denials() == [("reader", f"{label} #{pk}", path)]


@pytest.mark.parametrize(
    ("kind", "prefix", "label"),
    [
        ("circulation", "circulations", "documents.Circulation"),
        ("loan", "loans", "documents.Loan"),
        ("inventory", "inventories", "documents.Inventory"),
    ],
)
def test_an_api_detail_outside_scope_is_404_and_logged(office, procedures, kind, prefix, label):
    pk = procedures[kind].pk
    path = f"/api/v1/{prefix}/{pk}/"

    response = token_client(office.reader).get(path)

    assert (response.status_code, response.json()["code"]) == (404, "not_found")
    assert denials() == [("reader", f"{label} #{pk}", path)]


def test_an_id_that_never_existed_is_logged_as_such_the_same_way(client, office, procedures):
    """Written like a hidden one, so the answer's time does not tell them apart; the description tells the inspector."""
    client.login(username="reader", password=PASSWORD)
    never = procedures["loan"].pk + 1000

    assert client.post(reverse("documents:loan_cancel", args=[never])).status_code == 404
    assert token_client(office.reader).get(f"/api/v1/loans/{never}/").status_code == 404
    assert denials() == [
        ("reader", f"documents.Loan #{never} (no such record)", reverse("documents:loan_cancel", args=[never])),
        ("reader", f"documents.Loan #{never} (no such record)", f"/api/v1/loans/{never}/"),
    ]


def test_what_is_in_scope_is_not_a_denial(client, office, procedures):
    client.login(username="reader2", password=PASSWORD)

    assert client.get(reverse("documents:circulation_detail", args=[procedures["circulation"].pk])).status_code == 200
    assert token_client(office.reader2).get(f"/api/v1/loans/{procedures['loan'].pk}/").status_code == 200
    assert denials() == []
