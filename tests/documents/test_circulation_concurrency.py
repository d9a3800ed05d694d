"""Two clerks acting on the same copy at the same moment, on PostgreSQL with real transactions."""

import threading

import pytest
from django.db import connection, connections

from documents.models import Circulation, CirculationEntry, CopyStatus
from documents.services.circulation import approve_circulation, hand_out, propose_circulation
from documents.services.errors import Conflict, InvalidState, LifecycleError
from people.roles import Role
from tests.factories import DocumentFactory, member

pytestmark = pytest.mark.django_db(transaction=True)


def race(*steps):
    """Run the steps at the same moment; return (results, domain errors)."""
    barrier = threading.Barrier(len(steps))
    results, errors = [], []

    def run(step):
        try:
            barrier.wait()
            results.append(step())
        except LifecycleError as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(step,)) for step in steps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


@pytest.fixture
def setting(office):
    assert connection.vendor == "postgresql"
    clerk2 = member(office.unit, Role.CLERK, username="clerk2")
    document = DocumentFactory(
        registry=office.registry, by=office.clerk, scope_users=[office.leader, office.reader, office.reader2]
    )
    return clerk2, document.copies.get(number=1)


def test_two_clerks_handing_out_the_same_copy_at_once_exactly_one_succeeds(office, setting):
    clerk2, copy = setting
    circulation = propose_circulation(copy=copy, readers=[office.reader, office.reader2], by=office.clerk, reason="r")
    approve_circulation(circulation=circulation, by=office.leader, reason="Approved")

    results, errors = race(
        lambda: hand_out(circulation=circulation, by=office.clerk, reason="Circulation"),
        lambda: hand_out(circulation=circulation, by=clerk2, reason="Circulation"),
    )

    assert len(results) == 1
    assert len(errors) == 1 and isinstance(errors[0], InvalidState)
    assert "is out with" in str(errors[0].message)
    copy.refresh_from_db()
    assert (copy.status, copy.holder) == (CopyStatus.OUT, office.reader)
    assert CirculationEntry.objects.filter(handed_out_at__isnull=False).count() == 1


def test_two_clerks_proposing_for_the_same_copy_at_once_get_one_list(office, setting):
    clerk2, copy = setting

    results, errors = race(
        lambda: propose_circulation(copy=copy, readers=[office.reader], by=office.clerk, reason="r"),
        lambda: propose_circulation(copy=copy, readers=[office.reader2], by=clerk2, reason="r"),
    )

    assert len(results) == 1
    assert len(errors) == 1 and isinstance(errors[0], Conflict)
    assert Circulation.objects.count() == 1
    assert CirculationEntry.objects.count() == 1
