"""The chain as production writes it: links at commit, writers in parallel, rolled-back work."""

import threading

import pytest
from django.db import connections, transaction

from audit.models import ChainLink
from audit.verification import verify
from documents.models import Copy, Document
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
