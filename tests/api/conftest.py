import pytest
from rest_framework.test import APIClient

from accounts.services.tokens import issue_token


def token_client(user, name="OA system", *, for_decisions=False):
    """An API client that carries nothing but a token issued for `user` (for decisions that need step-up, if asked)."""
    _token, key = issue_token(user=user, name=name, by=None, reason="test set-up", for_decisions=for_decisions)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


@pytest.fixture
def clerk_api(office):
    return token_client(office.clerk)


@pytest.fixture
def reader_api(office):
    return token_client(office.reader)


def recorded_state():
    """Row counts of every procedure table and its history, and each copy's status: equal before and after a refusal."""
    from django.apps import apps

    from documents.models import Copy

    counts = {
        model._meta.label: model._base_manager.count()
        for model in apps.get_app_config("documents").get_models()
    }
    return counts, sorted(Copy.objects.values_list("pk", "status", "holder_id"))


def pytest_collection_modifyitems(items):
    """One test id per API operation: schemathesis gives all of a schema's tests their function's id,
    and pytest-xdist schedules by id, so under `-n` one operation of the schema would run and the others never."""
    from schemathesis.pytest.plugin import SchemathesisFunction

    for item in items:
        if isinstance(item, SchemathesisFunction) and item.nodeid.endswith(f"::{item.originalname}"):
            item._id = item.parent.id.child(item.name)  # pytest 9 keeps a node's id in `_id`
