import pytest
from rest_framework.test import APIClient

from accounts.services.tokens import issue_token


def token_client(user, name="OA system"):
    """An API client that carries nothing but a token issued for `user`."""
    _token, key = issue_token(user=user, name=name, by=None, reason="test set-up")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


@pytest.fixture
def clerk_api(office):
    return token_client(office.clerk)


@pytest.fixture
def reader_api(office):
    return token_client(office.reader)
