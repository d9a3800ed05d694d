"""Circulation and loss through the pages, as the clerk, the leader and the readers use them."""

import pytest
from django.urls import reverse

from documents.models import Circulation, CirculationStatus, CopyStatus, Incident, IncidentStatus
from documents.services.circulation import approve_circulation, hand_out, propose_circulation
from tests.factories import PASSWORD, DocumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(office):
    return DocumentFactory(
        registry=office.registry, by=office.clerk, title="关于传阅的通知", scope_users=[office.leader, office.reader, office.reader2]
    )


@pytest.fixture
def copy(document):
    return document.copies.get(number=1)


def as_user(client, user):
    client.logout()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def text(response):
    return response.content.decode()


def under_way(office, copy):
    circulation = propose_circulation(copy=copy, readers=[office.reader, office.reader2], by=office.clerk, reason="r")
    approve_circulation(circulation=circulation, by=office.leader, reason="Approved")
    hand_out(circulation=circulation, by=office.clerk, reason="Circulation")
    return circulation


def test_a_whole_round_through_the_pages(client, office, document, copy):
    as_user(client, office.clerk)
    response = client.post(
        reverse("documents:circulation_propose", args=[copy.pk]),
        {"readers": [office.reader.pk, office.reader2.pk], "reason": "For reading"},
    )
    circulation = Circulation.objects.get()
    assert response.status_code == 302

    as_user(client, office.leader)
    assert f'value="circulation-{circulation.pk}"' in text(client.get(reverse("home")))
    assert copy.label in text(client.get(reverse("documents:circulation_queue")))
    client.post(reverse("documents:circulation_approve", args=[circulation.pk]), {"as_proposed": "1", "approve-reason": "OK"})

    detail = reverse("documents:detail", args=[document.pk])
    for reader in (office.reader, office.reader2):
        as_user(client, office.clerk)
        client.post(reverse("documents:circulation_hand_out", args=[circulation.pk]), {"reason": "Circulation", "next": detail})
        as_user(client, reader)
        page = text(client.get(detail))
        assert "Mark as read" in page
        client.post(
            reverse("documents:circulation_mark_read", args=[circulation.pk]),
            {"reason": "Read", "comment": f"Noted by {reader.username}"},
        )
        as_user(client, office.clerk)
        client.post(reverse("documents:circulation_take_back", args=[circulation.pk]), {"reason": "Returned"})

    circulation.refresh_from_db()
    copy.refresh_from_db()
    assert circulation.status == CirculationStatus.COMPLETED
    assert copy.status == CopyStatus.IN_REGISTRY
    slip = text(client.get(reverse("documents:circulation_detail", args=[circulation.pk])))
    assert "Noted by reader" in slip and "Noted by reader2" in slip


def test_reader_holding_the_copy_gets_no_step_that_passes_it_on(client, office, document, copy):
    circulation = under_way(office, copy)

    page = text(as_user(client, office.reader).get(reverse("documents:detail", args=[document.pk])))

    assert "Mark as read" in page
    assert reverse("documents:circulation_hand_out", args=[circulation.pk]) not in page
    assert reverse("documents:circulation_take_back", args=[circulation.pk]) not in page
    assert "Hand out" not in page


@pytest.mark.parametrize("step", ["documents:circulation_hand_out", "documents:circulation_take_back"])
def test_reader_posting_a_hand_over_step_is_refused(client, office, copy, step):
    circulation = under_way(office, copy)

    for reader in (office.reader, office.reader2):
        response = as_user(client, reader).post(reverse(step, args=[circulation.pk]), {"reason": "To my colleague"}, follow=True)
        assert "Only a secrecy clerk" in text(response)

    copy.refresh_from_db()
    assert (copy.status, copy.holder) == (CopyStatus.OUT, office.reader)


def test_outside_the_scope_every_circulation_page_is_404(client, office, other_unit, copy):
    circulation = under_way(office, copy)
    as_user(client, other_unit.reader)

    for name in ("circulation_detail", "circulation_decide"):
        assert client.get(reverse(f"documents:{name}", args=[circulation.pk])).status_code == 404
    for name in ("circulation_hand_out", "circulation_take_back", "circulation_mark_read", "circulation_cancel"):
        assert client.post(reverse(f"documents:{name}", args=[circulation.pk]), {"reason": "x"}).status_code == 404
    assert client.get(reverse("documents:circulation_propose", args=[copy.pk])).status_code == 404
    assert client.get(reverse("documents:loss_report", args=[copy.pk])).status_code == 404


def test_propose_form_offers_only_people_in_scope(client, office, other_unit, copy):
    as_user(client, office.clerk)
    page = text(client.get(reverse("documents:circulation_propose", args=[copy.pk])))
    assert "finance_reader" not in page

    response = client.post(
        reverse("documents:circulation_propose", args=[copy.pk]), {"readers": [other_unit.reader.pk], "reason": "r"}
    )
    assert response.status_code == 200
    assert Circulation.objects.count() == 0


def test_handing_out_while_out_shows_why_on_the_page(client, office, copy):
    circulation = under_way(office, copy)

    response = as_user(client, office.clerk).post(
        reverse("documents:circulation_hand_out", args=[circulation.pk]), {"reason": "Circulation"}, follow=True
    )

    assert "never goes from one reader to another" in text(response)


def test_leader_edits_the_list_on_the_decision_page(client, office, copy):
    circulation = propose_circulation(copy=copy, readers=[office.reader, office.reader2], by=office.clerk, reason="r")

    as_user(client, office.leader).post(
        reverse("documents:circulation_approve", args=[circulation.pk]),
        {"approve-readers": [office.reader2.pk], "approve-reason": "Reader 2 only"},
    )

    circulation.refresh_from_db()
    assert circulation.status == CirculationStatus.APPROVED
    assert [entry.reader for entry in circulation.entries.all()] == [office.reader2]


def test_rejecting_from_the_queue_needs_a_reason(client, office, copy):
    circulation = propose_circulation(copy=copy, readers=[office.reader], by=office.clerk, reason="r")
    as_user(client, office.leader)
    url = reverse("documents:circulation_reject", args=[circulation.pk])

    response = client.post(url, {"reject-reason": " "})
    assert response.status_code == 200
    assert Circulation.objects.get().status == CirculationStatus.PROPOSED

    client.post(url, {"reject-reason": "No need to know"})
    circulation.refresh_from_db()
    assert (circulation.status, circulation.decision_reason) == (CirculationStatus.REJECTED, "No need to know")


def test_clerk_reports_a_loss_and_a_leader_closes_it_through_the_pages(client, office, document, copy):
    as_user(client, office.clerk)
    response = client.post(
        reverse("documents:loss_report", args=[copy.pk]),
        {"circumstances": "Missing at the evening check", "notified": "Leader", "reason": "Copy reported lost", "occurred_at": "2026-01-05T09:30", "confirm": "1"},
    )
    incident = Incident.objects.get()
    assert response.url == reverse("documents:incident", args=[incident.pk])
    copy.refresh_from_db()
    assert copy.status == CopyStatus.LOST
    assert incident.occurred_at is not None

    as_user(client, office.inspector)
    assert copy.label in text(client.get(reverse("home")))
    assert copy.label in text(client.get(reverse("documents:incidents")))

    as_user(client, office.leader)
    client.post(
        reverse("documents:incident_close", args=[incident.pk]),
        {"close-closing_note": "Found destroyed by mistake", "close-reason": "Incident closed"},
    )
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.CLOSED
    assert copy.label not in text(client.get(reverse("documents:incidents")))


def test_holder_sees_report_lost_and_another_reader_does_not(client, office, document, copy):
    under_way(office, copy)
    report_url = reverse("documents:loss_report", args=[copy.pk])

    assert report_url in text(as_user(client, office.reader).get(reverse("documents:detail", args=[document.pk])))
    assert report_url not in text(as_user(client, office.reader2).get(reverse("documents:detail", args=[document.pk])))
    client.post(report_url, {"circumstances": "I took it", "reason": "Lost", "confirm": "1"})
    copy.refresh_from_db()
    assert copy.status == CopyStatus.OUT
