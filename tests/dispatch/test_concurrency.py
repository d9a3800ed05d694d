"""Two clerks of the recipient confirming the same receipt at the same moment, with real transactions."""

import threading

import pytest
from django.db import connection, connections

from dispatch.models import DispatchItem, ItemStatus
from dispatch.services import dispatch_copies, receive_copy
from documents.models import Copy, CopyStatus, Document
from documents.services.errors import InvalidState, LifecycleError
from people.roles import Role
from tests.dispatch.conftest import copy_of
from tests.factories import member

pytestmark = pytest.mark.django_db(transaction=True)


def race(*steps):
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


def test_two_clerks_confirming_the_same_receipt_at_once_exactly_one_succeeds(office, other_unit, notice):
    assert connection.vendor == "postgresql"
    second_clerk = member(other_unit.unit, Role.CLERK, username="finance_clerk2")
    dispatch_copies(document=notice, lines=[(copy_of(notice, 1), other_unit.registry)], by=office.clerk, reason="For action")
    item = DispatchItem.objects.get()

    results, errors = race(
        lambda: receive_copy(item=item, by=other_unit.clerk, reason="Received"),
        lambda: receive_copy(item=item, by=second_clerk, reason="Received"),
    )

    assert len(results) == 1
    assert len(errors) == 1 and isinstance(errors[0], InvalidState)
    assert "was received on" in str(errors[0].message)
    assert Document.objects.filter(registry=other_unit.registry).count() == 1
    assert Copy.objects.filter(document__registry=other_unit.registry).count() == 1
    assert DispatchItem.objects.get().status == ItemStatus.RECEIVED
    assert copy_of(notice, 1).status == CopyStatus.DELIVERED


def test_two_copies_of_one_list_received_at_once_join_one_incoming_document(office, other_unit, notice):
    second_clerk = member(other_unit.unit, Role.CLERK, username="finance_clerk2")
    dispatch_copies(document=notice, lines=[(copy_of(notice, 1), other_unit.registry), (copy_of(notice, 2), other_unit.registry)],
                    by=office.clerk, reason="For action")
    one, two = DispatchItem.objects.order_by("copy__number")

    results, errors = race(
        lambda: receive_copy(item=one, by=other_unit.clerk, reason="Received"),
        lambda: receive_copy(item=two, by=second_clerk, reason="Received"),
    )

    assert (len(results), errors) == (2, [])
    incoming = Document.objects.get(registry=other_unit.registry)
    assert sorted(incoming.copies.values_list("number", flat=True)) == [1, 2]
    assert incoming.copies_count == 2


def test_two_clerks_confirming_the_same_return_at_once_exactly_one_succeeds(office, other_unit, notice):
    from dispatch.models import RecallItem, RecallStatus
    from dispatch.recall import confirm_return, hand_back, recall_copies

    second_clerk = member(office.unit, Role.CLERK, username="office_clerk2")
    dispatch_copies(document=notice, lines=[(copy_of(notice, 1), other_unit.registry)], by=office.clerk, reason="For action")
    item = DispatchItem.objects.get()
    receive_copy(item=item, by=other_unit.clerk, reason="Received")
    recall_copies(document=notice, items=[item], by=office.clerk, reason="Clean-up")
    asked = RecallItem.objects.get()
    hand_back(recall_item=asked, by=other_unit.clerk, reason="Handed back")

    results, errors = race(
        lambda: confirm_return(recall_item=asked, by=office.clerk, reason="Returned"),
        lambda: confirm_return(recall_item=asked, by=second_clerk, reason="Returned"),
    )

    assert len(results) == 1
    assert len(errors) == 1 and isinstance(errors[0], InvalidState)
    assert "was recovered on" in str(errors[0].message)
    assert RecallItem.objects.get().status == RecallStatus.RECOVERED
    assert copy_of(notice, 1).status == CopyStatus.IN_REGISTRY
    # One recovery in the copy's history, not two.
    assert copy_of(notice, 1).history.filter(history_change_reason__startswith="Recovered from").count() == 1
