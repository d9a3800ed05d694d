"""The inspector's 'Audit trail check' page."""

import pytest
from django.urls import reverse

from audit.models import ChainCheckpoint
from documents.models import Document
from tests.audit.conftest import tamper
from tests.factories import PASSWORD, DocumentFactory

pytestmark = pytest.mark.django_db


def signed_in(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def documents(office, chain_now):
    return [DocumentFactory(registry=office.registry, by=office.clerk, reference_number=f"N{i}") for i in range(2)]


def test_inspector_runs_the_check_and_sees_that_all_holds(client, office, documents):
    signed_in(client, office.inspector)

    response = client.post(reverse("audit:run_check"), follow=True)

    content = response.content.decode()
    assert response.status_code == 200
    assert "history rows in 1 chain(s) verified" in content
    checkpoint = ChainCheckpoint.objects.get()
    assert checkpoint.recorded_by == office.inspector
    assert checkpoint.last_hash in content


def test_inspector_sees_the_first_broken_row(client, office, documents):
    row = Document.history.filter(id=documents[0].pk).get()
    tamper("UPDATE documents_historicaldocument SET pages = 1 WHERE history_id = %s", [row.history_id])
    signed_in(client, office.inspector)

    content = client.post(reverse("audit:run_check"), follow=True).content.decode()

    assert "Audit trail broken" in content
    assert f"documents_historicaldocument history row {row.history_id}" in content
    assert not ChainCheckpoint.objects.exists()


def test_check_page_shows_the_chain_head(client, office, documents):
    signed_in(client, office.inspector)

    content = client.get(reverse("audit:check")).content.decode()

    assert "Run the check now" in content
    assert 'id="heads"' in content


@pytest.mark.parametrize("role", ["clerk", "leader", "reader", "administrator"])
def test_check_pages_are_not_found_for_other_roles(client, office, role):
    signed_in(client, getattr(office, role))

    assert client.get(reverse("audit:check")).status_code == 404
    assert client.post(reverse("audit:run_check")).status_code == 404
    assert client.get(reverse("audit:access_log")).status_code == 404


def test_running_the_check_needs_a_post(client, office):
    signed_in(client, office.inspector)

    assert client.get(reverse("audit:run_check")).status_code == 405


def test_home_page_links_the_inspector_to_the_audit_pages(client, office):
    signed_in(client, office.inspector)

    content = client.get(reverse("home")).content.decode()

    assert reverse("audit:check") in content
    assert reverse("audit:access_log") in content
