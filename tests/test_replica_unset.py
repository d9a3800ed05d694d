"""Without REPLICA_DATABASE_URL nothing changes: every read from the primary, no cookie pinning anyone to it."""

import pytest
from django.db import connections
from django.urls import reverse

from documents.models import Document
from secrecy_registry.databases import replica_database
from secrecy_registry.replica import PIN_COOKIE, REPLICA, reads_may_lag
from tests.documents.test_pages import form_data
from tests.factories import PASSWORD


def test_the_replica_alias_from_its_url_is_read_only_and_mirrors_the_test_database():
    database = replica_database("postgres://registry_app@replica.internal:5433/registry", conn_max_age=60)

    assert (database["HOST"], database["PORT"], database["NAME"], database["CONN_MAX_AGE"]) == ("replica.internal", 5433, "registry", 60)
    assert "-c default_transaction_read_only=on" in database["OPTIONS"]["options"]
    assert database["TEST"] == {"MIRROR": "default"}


@pytest.mark.django_db
def test_without_a_replica_the_ledger_and_a_registration_stay_on_the_primary(client, office):
    assert REPLICA not in connections.settings
    assert client.login(username="clerk", password=PASSWORD)

    response = client.post(reverse("documents:register"), form_data(office))

    assert response.status_code == 302
    assert PIN_COOKIE not in response.cookies
    with reads_may_lag():
        assert Document.objects.all().db == "default"
    assert "关于保密工作的通知" in client.get(reverse("documents:ledger")).content.decode()
