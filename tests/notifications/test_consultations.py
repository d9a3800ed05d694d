"""An outside visitor's archive consultation waiting more than a day is told to the leader who may decide it."""

import pytest
from django.urls import reverse

from archives.services.consultation import approve_consultation
from notifications.jobs import make_notifications
from notifications.models import Kind, Notification
from tests.archives.conftest import document, filed_volume, request_outside, volume  # noqa: F401 - fixtures
from tests.factories import PASSWORD
from tests.notifications.test_notifications import days

pytestmark = pytest.mark.django_db


def test_an_outside_consultation_waiting_a_day_is_the_leaders_until_decided(client, office, filed_volume):
    consultation = request_outside([filed_volume], by=office.clerk)

    make_notifications(now=days(0.5))
    assert not Notification.objects.exists()

    make_notifications(now=days(2))
    (told,) = Notification.objects.current()
    assert (told.user, told.kind, told.target) == (office.leader, Kind.APPROVAL_WAITING, consultation)
    client.login(username="leader", password=PASSWORD)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "Archive consultation at" in page and consultation.purpose in page
    assert reverse("archives:consultation", args=[consultation.pk]) in page

    approve_consultation(consultation=consultation, by=office.leader, reason="Approved: audit of 2026 budget")
    make_notifications(now=days(3))
    assert not Notification.objects.current().exists()
