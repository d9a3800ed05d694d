"""A replica that cannot be reached: the pages that may read from it read from the primary, and /healthz says so."""

import socket
import time

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from secrecy_registry.databases import replica_database
from secrecy_registry.replica import REPLICA
from tests.factories import PASSWORD, DocumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def replica_down(settings):
    """The `replica` alias pointing at a port nothing listens on (as REPLICA_DATABASE_URL would)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    primary = connections.settings["default"]
    url = f"postgres://{primary['USER']}@127.0.0.1:{port}/{primary['NAME']}"
    configured = connections.configure_settings({**connections.settings, REPLICA: replica_database(url)})
    connections.settings[REPLICA] = configured[REPLICA]
    try:
        yield
    finally:
        del connections.settings[REPLICA]
        try:
            del connections[REPLICA]
        except AttributeError:  # never opened in this thread
            pass


def test_the_ledger_reads_the_primary_while_the_replica_is_down(replica_down, office, client):
    DocumentFactory(registry=office.registry, by=office.clerk, title="Filed on the primary", scope_users=[office.leader])
    assert client.login(username="leader", password=PASSWORD)

    response = client.get(reverse("documents:ledger"))
    assert response.status_code == 200 and "Filed on the primary" in response.content.decode()

    # Found down once, the replica is not tried again on the next page (no connection timeout to wait for).
    started = time.monotonic()
    with CaptureQueriesContext(connections["default"]) as primary:
        assert client.get(reverse("documents:ledger")).status_code == 200
    assert "documents_copy" in " ".join(query["sql"] for query in primary.captured_queries)
    assert time.monotonic() - started < 2
