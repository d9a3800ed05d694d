"""Schemathesis against /api/schema/ as a signed-in clerk: no 500, every answer as the schema says.

Runs in-process through Django's WSGI application (no server, no network),
inside the test's transaction. Bounded: a few dozen examples per operation.
The schema is built at collection time by the generator that serves
/api/schema/ (schemathesis' fixture-based loader does not run under pytest 9),
and a test below holds the two equal.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.services.tokens import issue_token
from tests.factories import DocumentFactory

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def clerk_key(office, other_unit):
    # Something to find, in and out of the clerk's scope, with a history.
    DocumentFactory(registry=office.registry, by=office.clerk, scope_users=[office.reader], title='<b>bold</b> & "quoted"')
    DocumentFactory(registry=office.registry, by=office.clerk, level=3, reference_number="X [2026] No. 1")
    DocumentFactory(registry=other_unit.registry, by=other_unit.clerk)
    _token, key = issue_token(user=office.clerk, name="schemathesis", by=None, reason="test set-up")
    return key


@pytest.fixture
def wsgi_app():
    # As Django's test client does: a request must not close the connection
    # that holds the test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def served_schema():
    return SchemaGenerator().get_schema(request=None, public=True)


schema = schemathesis.openapi.from_dict(served_schema())


@pytest.mark.django_db
def test_the_schema_tested_is_the_one_served_at_api_schema(clerk_key, wsgi_app):
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {clerk_key}")
    served = client.get("/api/schema/", {"format": "json"}).json()

    assert served == schemathesis.openapi.from_dict(served_schema()).raw_schema


@pytest.mark.django_db
@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_answers_as_its_schema_says(case, clerk_key, wsgi_app):
    # call_and_validate raises on a 500 or a response the schema does not describe.
    response = case.call_and_validate(app=wsgi_app, headers={"Authorization": f"Bearer {clerk_key}"}, checks=CHECKS)
    assert response.status_code < 500
