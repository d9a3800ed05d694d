"""The chain as production writes it: links at commit, writers in parallel, rolled-back work."""

import threading
import time

import pytest
from django.db import connections, transaction

from audit.models import ChainLink
from audit.verification import verify
from documents.models import Copy, Document, Registry
from documents.services.recording import stamp
from people.models import Unit
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_history_rows_are_linked_when_the_registration_commits(office):
    document = DocumentFactory(registry=office.registry, by=office.clerk, copies_count=3)

    history_ids = set(Copy.history.filter(document_id=document.pk).values_list("history_id", flat=True))
    linked = set(ChainLink.objects.filter(table_name="documents_historicalcopy").values_list("history_id", flat=True))
    assert len(history_ids) == 3 and history_ids <= linked
    assert verify().ok


def test_a_rolled_back_registration_leaves_no_link_and_the_chain_holds(office):
    before = ChainLink.objects.count()
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            DocumentFactory(registry=office.registry, by=office.clerk)
            raise RuntimeError("the clerk's session died")

    assert ChainLink.objects.count() == before
    DocumentFactory(registry=office.registry, by=office.clerk)
    assert verify().ok


def test_concurrent_writers_build_one_unbroken_chain(office, other_unit):
    barrier = threading.Barrier(6)
    errors = []

    def register(registry, clerk):
        try:
            barrier.wait()
            DocumentFactory(registry=registry, by=clerk, copies_count=3)
        except Exception as error:  # noqa: BLE001 - the test reports any failure of a thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=register, args=(unit.registry, unit.clerk))
        for unit in (office, other_unit) * 3
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert Document.objects.count() == 6
    seqs = list(ChainLink.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))
    report = verify()
    assert report.ok, [problem.message for problem in report.problems]


def test_writers_waiting_on_each_others_rows_at_commit_do_not_deadlock_on_the_chain(office):
    """B's commit must check its foreign keys before it takes the chain lock.

    A holds document D FOR UPDATE and has written history; B has written
    history and then a copy of D, whose deferred foreign-key check waits for
    A at B's commit. Were B to take the chain lock before that check, A's
    commit would wait for B and B for A.
    """
    document = DocumentFactory(registry=office.registry, by=office.clerk, copies_count=1)
    a_locked, b_committing = threading.Event(), threading.Event()
    errors = []

    def a():
        try:
            with transaction.atomic():
                Document.objects.select_for_update().get(pk=document.pk)
                stamp(Registry.objects.get(pk=office.registry.pk), by=office.clerk, reason="renamed").save()
                a_locked.set()
                b_committing.wait(5)
                time.sleep(0.5)  # B is now inside its commit, waiting for A's row lock
        except Exception as error:  # noqa: BLE001 - the test reports any failure of a thread
            errors.append(error)
        finally:
            connections.close_all()

    def b():
        try:
            a_locked.wait(5)
            with transaction.atomic():
                stamp(Unit.objects.get(pk=office.unit.pk), by=office.administrator, reason="renamed").save()
                stamp(Copy(document_id=document.pk, number=2), by=office.clerk, reason="one more copy").save()
                b_committing.set()
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=a), threading.Thread(target=b)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert verify().ok
