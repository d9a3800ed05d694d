"""Two clerks making copies of the same document at the same moment never share a copy number."""

import threading

import pytest
from django.db import connections

from documents.levels import Level
from documents.models import Document
from documents.services.copying import approve_reproduction, execute_reproduction, request_reproduction
from tests.factories import DocumentFactory, member, proved

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrent_executions_on_one_document_never_duplicate_copy_numbers(office):
    second_clerk = member(office.unit, "clerk", username="clerk_b")
    document = DocumentFactory(
        registry=office.registry, by=office.clerk, level=Level.SECRET, copies_count=3, scope_users=[office.leader]
    )
    requests = []
    for number, count in ((1, 2), (2, 3)):
        request = request_reproduction(
            source_copy=document.copies.get(number=number), kind="copy", count=count, by=office.clerk, reason="Committee"
        )
        requests.append(approve_reproduction(request=request, by=office.leader, reason="Approved", proof=proved(office.leader)))

    barrier = threading.Barrier(2)
    results, errors = [], []

    def make(request, clerk):
        def run():
            try:
                barrier.wait()
                results.append([copy.number for copy in execute_reproduction(request=request, by=clerk, reason="Made")])
            except Exception as error:  # noqa: BLE001 - the test reports what each thread met
                errors.append(error)
            finally:
                connections.close_all()

        return threading.Thread(target=run)

    threads = [make(requests[0], office.clerk), make(requests[1], second_clerk)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(number for numbers in results for number in numbers) == [4, 5, 6, 7, 8]
    assert sorted(document.copies.values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6, 7, 8]
    assert Document.objects.get(pk=document.pk).copies_count == 8
