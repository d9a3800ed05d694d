"""Two clerks report the same inventory's missing copies lost at the same moment: one batch, never two."""

import threading

import pytest
from django.db import connections

from documents.levels import Level
from documents.models import Incident
from documents.services import inventory as service
from documents.services.errors import InvalidState
from people.roles import Role
from tests.factories import DocumentFactory, member

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_clerks_reporting_all_missing_at_once_open_each_incident_once(office):
    second_clerk = member(office.unit, Role.CLERK, username="clerk_two")
    DocumentFactory(registry=office.registry, by=office.clerk, copies_count=3, level=Level.SECRET)
    inventory = service.open_inventory(registry=office.registry, by=office.clerk, reason="Annual")
    service.close_inventory(inventory=inventory, by=office.clerk, reason="Closed")
    barrier = threading.Barrier(2)
    results, errors = [], []

    def report(clerk):
        def run():
            try:
                barrier.wait()
                results.append(len(service.report_missing(inventory=inventory, by=clerk, reason="Missing")))
            except InvalidState as error:
                errors.append(error)
            finally:
                connections.close_all()

        return threading.Thread(target=run)

    threads = [report(office.clerk), report(second_clerk)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert results == [3]
    assert len(errors) == 1 and "already reported lost" in errors[0].message
    assert Incident.objects.count() == 3
