"""Two clerks acting on the same copy at the same moment: exactly one succeeds, nothing is half-done."""

import threading

import pytest
from django.db import connections, transaction
from django.utils import timezone

from documents.models import Copy, CopyStatus, DestructionItem, DestructionList, Recovery
from documents.services import destruction
from documents.services.copies import lock_copy, move
from documents.services.errors import LifecycleError
from documents.services.recovery import recover_copies
from people.roles import Role
from tests.factories import DocumentFactory, member, proved

pytestmark = pytest.mark.django_db(transaction=True)


def race(*targets):
    """Run the targets at the same moment; return (results, domain errors)."""
    barrier = threading.Barrier(len(targets))
    results, errors, crashes = [], [], []

    def run(target):
        try:
            barrier.wait()
            results.append(target())
        except LifecycleError as error:
            errors.append(error)
        except Exception as error:  # noqa: BLE001 - any other failure fails the test below
            crashes.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(target,)) for target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert crashes == []
    return results, errors


@pytest.fixture
def second_clerk(office):
    return member(office.unit, Role.CLERK, username="clerk_b")


@pytest.fixture
def copies(office):
    document = DocumentFactory(registry=office.registry, by=office.clerk, copies_count=3, scope_users=[office.leader])
    return list(Copy.objects.filter(document=document).order_by("number"))


def test_destroying_a_copy_while_another_clerk_hands_it_out(office, second_clerk, copies):
    dlist = destruction.prepare_destruction_list(registry=office.registry, copies=copies, by=office.clerk, reason="Old")
    destruction.submit_destruction_list(dlist=dlist, by=office.clerk, reason="Complete")
    destruction.approve_destruction_list(dlist=dlist, by=office.leader, reason="Agreed", proof=proved(office.leader))

    def destroy():
        return destruction.execute_destruction_list(
            dlist=dlist, by=office.clerk, executed_on=timezone.localdate(), place="Shredding room",
            method="shredding", witness_1=office.inspector, witness_2=office.reader2, reason="Done", witness_proofs=[proved(office.inspector), proved(office.reader2)],
        )

    def hand_out():
        with transaction.atomic():
            return move(lock_copy(copies[1]), to=CopyStatus.OUT, holder=office.reader, by=second_clerk, reason="Reading")

    results, errors = race(destroy, hand_out)

    assert len(results) == 1 and len(errors) == 1
    statuses = list(Copy.objects.filter(pk__in=[c.pk for c in copies]).order_by("number").values_list("status", flat=True))
    if DestructionList.objects.get(pk=dlist.pk).status == "executed":
        assert statuses == [CopyStatus.DESTROYED] * 3
    else:
        assert statuses == [CopyStatus.IN_REGISTRY, CopyStatus.OUT, CopyStatus.IN_REGISTRY]


def test_two_clerks_listing_the_same_copy_at_once(office, second_clerk, copies):
    def prepare(by):
        return lambda: destruction.prepare_destruction_list(
            registry=office.registry, copies=copies[:2], by=by, reason="Old"
        )

    results, errors = race(prepare(office.clerk), prepare(second_clerk))

    assert len(results) == 1 and len(errors) == 1
    assert DestructionList.objects.count() == 1
    assert DestructionItem.objects.count() == 2


def test_returning_a_copy_to_its_issuer_while_another_clerk_lists_it(office, second_clerk, copies):
    dlist = destruction.prepare_destruction_list(registry=office.registry, copies=copies[:1], by=office.clerk, reason="Old")

    def recover():
        return recover_copies(
            copies=copies[1:], issuing_organ="省委办公厅", receipt_reference="R-7", by=office.clerk, reason="Clean-up"
        )

    def add():
        return destruction.add_to_destruction_list(dlist=dlist, copies=[copies[2]], by=second_clerk, reason="Also old")

    results, errors = race(recover, add)

    assert len(results) == 1 and len(errors) == 1
    on_list = DestructionItem.objects.filter(copy=copies[2]).exists()
    returned = Copy.objects.get(pk=copies[2].pk).status == CopyStatus.RETURNED_TO_ISSUER
    assert on_list != returned
    assert Recovery.objects.count() == (1 if returned else 0)
