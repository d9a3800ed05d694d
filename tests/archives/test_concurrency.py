"""Two clerks acting on the same copy or volume at the same moment: exactly one succeeds."""

import threading

import pytest
from django.db import connections

from archives.models import FiledCopy, ReadingRoomSession
from archives.services.consultation import approve_consultation
from archives.services.filing import file_copies
from archives.services.reading_room import open_session
from documents.services.errors import InvalidState
from people.roles import Role
from tests.archives.conftest import new_volume, request_internal, request_outside
from tests.factories import DocumentFactory, member

pytestmark = pytest.mark.django_db(transaction=True)


def _race(*targets):
    barrier = threading.Barrier(len(targets))
    results, errors = [], []

    def run(target):
        try:
            barrier.wait()
            results.append(target())
        except Exception as error:  # noqa: BLE001 - the test inspects every thread's outcome
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(target,)) for target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def test_two_clerks_filing_the_same_copy_into_two_volumes_one_wins(office):
    second_clerk = member(office.unit, Role.CLERK, username="clerk_b")
    document = DocumentFactory(registry=office.registry, by=office.clerk, copies_count=1)
    copy = document.copies.get()
    first, second = new_volume(office.registry, office.clerk, "V-1"), new_volume(office.registry, office.clerk, "V-2")

    results, errors = _race(
        lambda: file_copies(volume=first, copies=[copy], by=office.clerk, reason="filed"),
        lambda: file_copies(volume=second, copies=[copy], by=second_clerk, reason="filed"),
    )

    assert len(results) == 1
    assert len(errors) == 1 and isinstance(errors[0], InvalidState)
    assert FiledCopy.objects.filter(copy=copy).count() == 1


def test_two_clerks_bringing_the_same_volume_to_two_readers_one_wins(office):
    second_clerk = member(office.unit, Role.CLERK, username="clerk_b")
    document = DocumentFactory(registry=office.registry, by=office.clerk, scope_users=[office.reader], copies_count=1)
    volume = new_volume(office.registry, office.clerk, "V-1")
    file_copies(volume=volume, copies=list(document.copies.all()), by=office.clerk, reason="filed")
    outside = approve_consultation(consultation=request_outside([volume], by=office.clerk), by=office.leader, reason="ok")
    internal = approve_consultation(
        consultation=request_internal([volume], person=office.reader, by=office.clerk), by=second_clerk, reason="ok"
    )

    results, errors = _race(
        lambda: open_session(consultation=outside, volumes=[volume], by=office.clerk, reason="in"),
        lambda: open_session(consultation=internal, volumes=[volume], by=second_clerk, reason="in"),
    )

    assert len(results) == 1
    assert len(errors) == 1 and isinstance(errors[0], InvalidState)
    assert ReadingRoomSession.objects.filter(time_out__isnull=True).count() == 1
