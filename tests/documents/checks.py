"""Helpers for the tests of the check contract: a step refuses exactly what its check returns."""

from django.db import transaction

from documents.services.errors import LifecycleError
from tests.factories import PASSWORD


class RolledBack(Exception):
    pass


def outcome(call):
    """What the step does, then undone: None when it succeeds, else (kind of refusal, message)."""
    try:
        with transaction.atomic():
            call()
            raise RolledBack
    except RolledBack:
        return None
    except LifecycleError as error:
        return type(error), str(error.message)


def expected(refusal):
    """The outcome a check's answer predicts."""
    return None if refusal is None else (type(refusal), str(refusal.message))


def signed_in(client, user):
    client.logout()
    assert client.login(username=user.username, password=PASSWORD)
    return client
