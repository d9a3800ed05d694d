"""Registry numbers under real concurrency, on PostgreSQL, with real transactions."""

import threading

import pytest
from django.db import connection, connections, transaction

from documents.models import Document
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _in_thread(target, results, errors):
    def run():
        try:
            results.append(target())
        except Exception as error:  # noqa: BLE001 - the test reports any failure of a thread
            errors.append(error)
        finally:
            connections.close_all()

    return threading.Thread(target=run)


def test_concurrent_registrations_never_share_a_registry_number(office):
    barrier = threading.Barrier(6)
    results, errors = [], []

    def register():
        barrier.wait()
        return DocumentFactory(registry=office.registry, by=office.clerk, copies_count=2).registry_number

    threads = [_in_thread(register, results, errors) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(set(results)) == 6
    serials = sorted(Document.objects.values_list("serial", flat=True))
    assert serials == [1, 2, 3, 4, 5, 6]


def test_a_rolled_back_registration_never_gives_its_number_back(office):
    assert connection.vendor == "postgresql"
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            doomed = DocumentFactory(registry=office.registry, by=office.clerk)
            doomed_number = doomed.registry_number
            raise RuntimeError("the clerk's session died")

    after = DocumentFactory(registry=office.registry, by=office.clerk)

    assert not Document.objects.filter(registry_number=doomed_number).exists()
    assert after.registry_number != doomed_number
    assert after.serial == doomed.serial + 1
