"""What cannot be undone asks once more: the first POST shows what will happen and changes nothing."""

import pytest
from django.urls import reverse
from django.utils import timezone

from documents.levels import Level
from documents.models import ClassificationDecision, Copy, CopyStatus, DestructionStatus, Document, Incident
from documents.services import destruction
from tests.factories import PASSWORD, DocumentFactory, proved

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(office):
    return DocumentFactory(registry=office.registry, by=office.clerk, copies_count=2, scope_users=[office.leader])


@pytest.fixture
def approved_list(office, document):
    copies = list(document.copies.order_by("number"))
    dlist = destruction.prepare_destruction_list(registry=office.registry, copies=copies, by=office.clerk, reason="Kept beyond its use")
    destruction.submit_destruction_list(dlist=dlist, by=office.clerk, reason="Complete")
    return destruction.approve_destruction_list(dlist=dlist, by=office.leader, reason="Agreed", proof=proved(office.leader))


def destruction_form(office, **extra):
    return {
        "executed_on": timezone.localdate().isoformat(), "place": "Shredding room", "method": "shredding",
        "witness_1": office.inspector.pk, "witness_2": office.reader2.pk, "reason": "Destroyed as approved",
        "witness_1_password": PASSWORD, "witness_2_password": PASSWORD, **extra,
    }


def statuses(document):
    return set(Copy.objects.filter(document=document).values_list("status", flat=True))


def test_first_post_of_a_destruction_lists_the_copies_and_destroys_nothing(client, office, document, approved_list):
    client.force_login(office.clerk)
    response = client.post(reverse("documents:destruction_execute", args=[approved_list.pk]), destruction_form(office))
    page = response.content.decode()
    assert response.status_code == 200
    assert f"{document.registry_number}-001" in page and f"{document.registry_number}-002" in page
    assert "Destroyed" in page and 'name="confirm" value="1"' in page
    assert statuses(document) == {CopyStatus.IN_REGISTRY}
    approved_list.refresh_from_db()
    assert approved_list.status == DestructionStatus.APPROVED


def test_the_summary_carries_the_same_answers_to_the_confirm_step(client, office, approved_list):
    client.force_login(office.clerk)
    page = client.post(reverse("documents:destruction_execute", args=[approved_list.pk]), destruction_form(office)).content.decode()
    assert 'name="place" value="Shredding room"' in page
    assert f'name="witness_2" value="{office.reader2.pk}"' in page


def test_confirmed_destruction_destroys_the_copies(client, office, document, approved_list):
    client.force_login(office.clerk)
    response = client.post(
        reverse("documents:destruction_execute", args=[approved_list.pk]), destruction_form(office, confirm="1")
    )
    assert response.status_code == 302
    assert statuses(document) == {CopyStatus.DESTROYED}


def test_first_post_of_a_loss_report_names_the_copy_and_changes_nothing(client, office, document):
    copy = document.copies.get(number=1)
    client.force_login(office.clerk)
    form = {"circumstances": "Missing at the evening check", "reason": "Copy reported lost"}
    response = client.post(reverse("documents:loss_report", args=[copy.pk]), form)
    page = response.content.decode()
    assert response.status_code == 200
    assert copy.label in page and "Lost" in page and "Missing at the evening check" in page
    copy.refresh_from_db()
    assert copy.status == CopyStatus.IN_REGISTRY
    assert not Incident.objects.exists()


def test_confirmed_loss_report_records_the_loss(client, office, document):
    copy = document.copies.get(number=1)
    client.force_login(office.clerk)
    form = {"circumstances": "Missing at the evening check", "reason": "Copy reported lost", "confirm": "1"}
    client.post(reverse("documents:loss_report", args=[copy.pk]), form)
    copy.refresh_from_db()
    assert copy.status == CopyStatus.LOST
    assert Incident.objects.filter(copy=copy).exists()


def test_first_post_of_a_declassification_shows_the_outcome_and_decides_nothing(client, office, document):
    client.force_login(office.leader)
    response = client.post(
        reverse("documents:classification_decide", args=[document.pk]), {"kind": "declassify", "basis": "Bureau letter No. 9"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Declassified on" in page and document.registry_number in page
    document.refresh_from_db()
    assert document.declassified_on is None
    assert not ClassificationDecision.objects.exists()


def test_first_post_of_a_level_change_shows_the_new_level_and_period(client, office, document):
    client.force_login(office.leader)
    page = client.post(
        reverse("documents:classification_decide", args=[document.pk]),
        {"kind": "change_level", "new_level": Level.CONFIDENTIAL, "basis": "Bureau letter No. 9"},
    ).content.decode()
    assert "Confidential, 10 years" in page
    assert Document.objects.get(pk=document.pk).level == Level.SECRET


def test_confirmed_declassification_declassifies(client, office, document):
    client.force_login(office.leader)
    client.post(
        reverse("documents:classification_decide", args=[document.pk]),
        {"kind": "declassify", "basis": "Bureau letter No. 9", "confirm": "1"},
    )
    document.refresh_from_db()
    assert document.declassified_on == timezone.localdate()


def test_a_refused_decision_is_refused_before_the_summary(client, office, document):
    client.force_login(office.leader)
    response = client.post(
        reverse("documents:classification_decide", args=[document.pk]),
        {"kind": "extend", "new_period_years": 25, "basis": "Too long"},
    )
    page = response.content.decode()
    assert "at most 20 years" in page and 'name="confirm"' not in page
