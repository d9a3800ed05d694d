"""The archive pages offer filing exactly when `check_file_copies` allows it."""

import pytest
from django.urls import reverse

from archives.services.filing import check_file_copies
from archives.services.reading_room import open_session
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _offers_filing(client, user, volume):
    client.login(username=user.username, password=PASSWORD)
    response = client.get(reverse("archives:volume", args=[volume.pk]))
    client.logout()
    if response.status_code == 404:
        return None
    return reverse("archives:file", args=[volume.pk]) in response.content.decode()


@pytest.mark.parametrize("in_room", [False, True])
def test_the_volume_page_offers_filing_exactly_when_the_check_allows_it(client, office, approved_outside, in_room):
    volume = approved_outside.volumes.get()
    if in_room:
        open_session(consultation=approved_outside, volumes=[volume], by=office.clerk, reason="Visitor arrived")
    for user in (office.clerk, office.leader, office.reader, office.inspector):
        offered = _offers_filing(client, user, volume)
        if offered is not None:
            assert offered == (check_file_copies(volume, user) is None), (user.username, in_room)


def test_only_the_volumes_clerk_is_offered_filing(client, office, volume):
    assert _offers_filing(client, office.clerk, volume) is True
    assert _offers_filing(client, office.leader, volume) in (False, None)
    assert _offers_filing(client, office.reader, volume) in (False, None)


def test_another_units_clerk_is_not_offered_filing(client, office, other_unit, volume):
    assert check_file_copies(volume, other_unit.clerk) is not None
    assert _offers_filing(client, other_unit.clerk, volume) in (False, None)


def test_a_volume_in_the_reading_room_is_not_offered_for_filing(client, office, approved_outside):
    volume = approved_outside.volumes.get()
    open_session(consultation=approved_outside, volumes=[volume], by=office.clerk, reason="Visitor arrived")
    assert _offers_filing(client, office.clerk, volume) is False



def _consultation_page(client, user, consultation):
    client.login(username=user.username, password=PASSWORD)
    response = client.get(reverse("archives:consultation", args=[consultation.pk]))
    client.logout()
    return None if response.status_code == 404 else response.content.decode()


def test_the_consultation_page_offers_closing_a_sitting_exactly_when_check_close_session_allows_it(
    client, office, approved_outside
):
    from archives.services.reading_room import check_close_session

    volume = approved_outside.volumes.get()
    session = open_session(consultation=approved_outside, volumes=[volume], by=office.clerk, reason="Visitor arrived")
    close_url = reverse("archives:close_session", args=[session.pk])
    for user in (office.clerk, office.leader, office.reader, office.inspector):
        page = _consultation_page(client, user, approved_outside)
        if page is not None:
            assert (close_url in page) == (check_close_session(session, user) is None), user.username
    assert check_close_session(session, office.clerk) is None
    assert check_close_session(session, office.leader) is not None


def test_the_consultation_page_says_a_clerk_brings_the_volumes_to_whoever_does_not_keep_the_reading_room(
    client, office, approved_outside
):
    waiting = "A secrecy clerk brings the volumes to the reading room"

    assert waiting in _consultation_page(client, office.leader, approved_outside)
    assert waiting not in _consultation_page(client, office.clerk, approved_outside)
