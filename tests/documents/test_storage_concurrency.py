"""Two clerks putting copies at a place at the same moment, on PostgreSQL with real transactions."""

import pytest
from django.db import connection

from documents.models import StorageLocation
from documents.services.errors import InvalidState
from documents.services.storage import Place, move_copy
from people.roles import Role
from tests.documents.test_circulation_concurrency import race
from tests.factories import DocumentFactory, member

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def clerk2(office):
    assert connection.vendor == "postgresql"
    return member(office.unit, Role.CLERK, username="clerk2")


def test_two_clerks_moving_the_same_copy_to_the_same_place_at_once_move_it_once(office, clerk2):
    copy = DocumentFactory(registry=office.registry, by=office.clerk, location=Place("301")).copies.get(number=1)

    results, errors = race(
        lambda: move_copy(copy=copy, room="302", cabinet="5", by=office.clerk, reason="换柜"),
        lambda: move_copy(copy=copy, room="302", cabinet="5", by=clerk2, reason="换柜"),
    )

    assert len(results) == 1
    assert len(errors) == 1 and isinstance(errors[0], InvalidState)
    assert "already kept there" in str(errors[0].message)
    assert copy.history.filter(history_type="~").count() == 1


def test_two_registrations_naming_a_new_place_at_once_share_one_place(office, clerk2):
    results, errors = race(
        lambda: DocumentFactory(registry=office.registry, by=office.clerk, location=Place("401", "1")),
        lambda: DocumentFactory(registry=office.registry, by=clerk2, location=Place("401", "1")),
    )

    assert errors == [] and len(results) == 2
    place = StorageLocation.objects.get()
    assert {copy.location_id for document in results for copy in document.copies.all()} == {place.pk}
