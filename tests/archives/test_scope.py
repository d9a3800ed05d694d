"""Archive volumes keep their documents' need-to-know."""

import pytest
from django.urls import reverse

from archives.selectors import reading_room_log, visible_volumes, volume_catalogue
from archives.services.consultation import approve_consultation
from archives.services.filing import file_copies
from archives.services.reading_room import open_session
from documents.services.scope import change_scope
from tests.archives.conftest import new_volume, request_internal
from tests.factories import PASSWORD, DocumentFactory

pytestmark = pytest.mark.django_db


def signed_in(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_clerk_and_inspector_of_the_unit_see_its_volumes(office, filed_volume):
    assert filed_volume in visible_volumes(office.clerk)
    assert filed_volume in visible_volumes(office.inspector)


@pytest.mark.parametrize("who", ["reader", "leader", "administrator"])
def test_others_of_the_unit_do_not_see_its_volumes(office, filed_volume, who):
    assert filed_volume not in visible_volumes(getattr(office, who))


@pytest.mark.parametrize("name", ["archives:volume", "archives:file"])
@pytest.mark.parametrize("who", ["reader", "other_clerk"])
def test_volume_pages_out_of_scope_are_404(client, office, other_unit, filed_volume, name, who):
    user = other_unit.clerk if who == "other_clerk" else office.reader
    response = signed_in(client, user).get(reverse(name, args=[filed_volume.pk]))

    assert response.status_code == 404
    assert filed_volume.title.encode() not in response.content


def test_consultation_page_out_of_scope_is_404(client, office, other_unit, approved_outside):
    response = signed_in(client, other_unit.clerk).get(reverse("archives:consultation", args=[approved_outside.pk]))
    assert response.status_code == 404


def test_the_catalogue_shows_a_person_only_documents_in_their_scope(office, volume, document):
    private = DocumentFactory(registry=office.registry, by=office.clerk, scope_users=[office.reader], copies_count=1, title="人事档案")
    file_copies(volume=volume, copies=[*document.copies.all(), *private.copies.all()], by=office.clerk, reason="filed")
    consultation = request_internal([volume], person=office.reader, by=office.clerk)
    approve_consultation(consultation=consultation, by=office.clerk, reason="ok")
    change_scope(document=private, by=office.clerk, reason="Need to know ended", remove_users=[office.reader])

    assert volume_catalogue(volume, office.clerk).count() == 4
    assert [row.copy.document for row in volume_catalogue(volume, office.reader)] == [document] * 3


def test_the_reading_room_log_shows_only_the_units_the_user_keeps_or_inspects(office, other_unit, approved_outside, filed_volume):
    open_session(consultation=approved_outside, volumes=[filed_volume], by=office.clerk, reason="in")
    other_volume = new_volume(other_unit.registry, other_unit.clerk, number="CW-1")

    assert reading_room_log(office.inspector).count() == 1
    assert reading_room_log(other_unit.clerk).count() == 0
    assert reading_room_log(office.reader).count() == 0
    assert reading_room_log(office.clerk, registry=other_volume.registry).count() == 0


def test_reading_room_log_page_is_404_for_a_reader(client, office):
    assert signed_in(client, office.reader).get(reverse("archives:reading_room_log")).status_code == 404
