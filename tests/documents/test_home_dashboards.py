"""Each role's home page shows what needs them now, in a bounded number of queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.services.checkpoints import verify_and_record
from documents.levels import Level
from documents.services import inventory as inventories
from inspections.models import Rectification
from tests.archives.conftest import new_volume, request_outside
from tests.audit.conftest import chain_now  # noqa: F401 (fixture)
from tests.factories import PASSWORD, DocumentFactory
from tests.inspections.test_self_inspection import score_all

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def home(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client.get(reverse("home"))


def ending_in(days):
    ends = TODAY + datetime.timedelta(days=days)
    if (ends.month, ends.day) == (2, 29):
        ends -= datetime.timedelta(days=1)
    return ends.replace(year=ends.year - 10)


def test_leader_sees_periods_ending_and_consultation_requests_waiting(client, office):
    DocumentFactory(registry=office.registry, by=office.clerk, level=Level.SECRET, secrecy_period_years=10,
                    date_classified=ending_in(20), scope_users=[office.leader])
    DocumentFactory(registry=office.registry, by=office.clerk, level=Level.SECRET, secrecy_period_years=10,
                    date_classified=ending_in(400), scope_users=[office.leader])
    volume = new_volume(office.registry, office.clerk)

    consultation = request_outside([volume], by=office.clerk)

    page = home(client, office.leader).content.decode()

    periods = page[page.index('id="periods"'):]
    assert periods.count("documents/") and '<span class="count">1</span>' in periods[:400]
    assert f'value="consultation-{consultation.pk}"' in page
    assert reverse("documents:periods_ending") in page


def test_a_reader_has_no_leader_or_inspector_sections(client, office):
    page = home(client, office.reader).content.decode()

    assert 'id="decisions"' not in page and 'id="audit-chain"' not in page


def test_inspector_sees_the_audit_chain_never_verified_then_verified(client, office, chain_now):
    DocumentFactory(registry=office.registry, by=office.clerk)
    assert "has never been verified" in home(client, office.inspector).content.decode()

    assert verify_and_record(by=office.inspector).ok

    page = client.get(reverse("home")).content.decode()
    assert "Last verified" in page and "links held" in page
    assert "has never been verified" not in page


def test_inspector_sees_the_last_inventory_of_each_registry(client, office, other_unit):
    DocumentFactory(registry=office.registry, by=office.clerk, copies_count=1)
    assert "Never inventoried" in home(client, office.inspector).content.decode()

    inventory = inventories.open_inventory(registry=office.registry, by=office.clerk, reason="Annual")

    page = client.get(reverse("home")).content.decode()
    assert reverse("documents:inventory", args=[inventory.pk]) in page
    assert "Never inventoried" not in page
    assert str(other_unit.registry) not in page


def test_inspector_sees_open_rectifications_and_open_incidents(client, office, default_checklist):
    from documents.services.loss import report_loss
    from inspections.services import self_inspection as service

    inspection = service.start_self_inspection(unit=office.unit, year=TODAY.year, by=office.clerk, reason="Annual")
    score_all(inspection, office.clerk, {"An annual confidentiality education plan": (2, "Plan not carried out")})
    service.complete_self_inspection(self_inspection=inspection, owner=office.clerk,
                                     deadline=TODAY + datetime.timedelta(days=30), by=office.leader, reason="Done")
    document = DocumentFactory(registry=office.registry, by=office.clerk, copies_count=1, title="丢失的文件")
    report_loss(copy=document.copies.get(), by=office.clerk, reason="Missing", circumstances="Not on the shelf")

    page = home(client, office.inspector).content.decode()

    count = Rectification.objects.filter(status="open").count()
    assert count >= 1
    assert (f"{count} rectification item is open" if count == 1 else f"{count} rectification items are open") in page
    assert "丢失的文件" in page


def test_clerk_sees_copies_out_and_open_inventories(client, office):
    from tests.archives.conftest import hand_out

    document = DocumentFactory(registry=office.registry, by=office.clerk, copies_count=2, title="在外的文件",
                               scope_users=[office.reader])
    hand_out(document.copies.get(number=1), to=office.reader, by=office.clerk)
    inventories.open_inventory(registry=office.registry, by=office.clerk, reason="Annual inventory 2026")

    page = home(client, office.clerk).content.decode()

    assert "在外的文件" in page
    assert "Annual inventory 2026" in page


def _busy_office(office, documents):
    for index in range(documents):
        DocumentFactory(registry=office.registry, by=office.clerk, copies_count=2, scope_users=[office.leader, office.reader],
                        secrecy_period_years=10, date_classified=ending_in(index))
    for index in range(documents // 5):
        request_outside([new_volume(office.registry, office.clerk, number=f"2026-P-{index:03d}")], by=office.clerk)


@pytest.mark.parametrize("who", ["clerk", "leader", "inspector", "reader"])
def test_home_page_costs_the_same_for_a_small_and_a_busy_office(client, office, django_assert_max_num_queries, who):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _busy_office(office, 2)
    user = getattr(office, who)
    assert client.login(username=user.username, password=PASSWORD)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("home"))
    _busy_office(office, 30)
    inventories.open_inventory(registry=office.registry, by=office.clerk, reason="Annual")

    # The open inventory's own line, once; and a section that now has more rows than it shows counts them.
    with django_assert_max_num_queries(len(small) + 3):
        response = client.get(reverse("home"))

    assert response.status_code == 200
