"""The copy's transition table, walked exhaustively through the one function that moves copies."""

import itertools

import pytest
from django.db import transaction

from documents.models import Copy, CopyStatus
from documents.models.copy import HELD_BY_PERSON, TERMINAL, TRANSITIONS
from documents.services.copies import lock_copy, move
from documents.services.errors import InvalidState
from documents.services.recording import stamp
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db

ALL_PAIRS = list(itertools.product(CopyStatus, CopyStatus))


def put_in(copy, status, holder):
    copy.status = status
    copy.holder = holder if status in HELD_BY_PERSON else None
    stamp(copy, by=None, reason="test set-up").save()


@pytest.mark.parametrize("current, target", ALL_PAIRS, ids=[f"{a.value}->{b.value}" for a, b in ALL_PAIRS])
def test_every_status_change_is_allowed_exactly_when_the_table_says(office, current, target):
    document = DocumentFactory(registry=office.registry, by=office.clerk, copies_count=1, scope_users=[office.reader])
    copy = document.copies.get()
    put_in(copy, current, office.reader)

    allowed = target in TRANSITIONS[current]
    with transaction.atomic():
        locked = lock_copy(copy)
        if allowed:
            move(locked, to=target, holder=office.reader, by=office.clerk, reason="walk")
        else:
            with pytest.raises(InvalidState):
                move(locked, to=target, holder=office.reader, by=office.clerk, reason="walk")

    copy = Copy.objects.get(pk=copy.pk)
    assert copy.status == (target if allowed else current)
    if copy.status in HELD_BY_PERSON:
        assert copy.holder == office.reader
    else:
        assert copy.holder is None


def test_terminal_states_are_destroyed_returned_and_lost():
    assert TERMINAL == {CopyStatus.DESTROYED, CopyStatus.RETURNED_TO_ISSUER, CopyStatus.LOST}


def test_a_copy_never_goes_from_one_person_to_another_directly():
    for held in HELD_BY_PERSON:
        assert not (TRANSITIONS[held] & HELD_BY_PERSON)


def test_leaving_the_registry_needs_a_person(office):
    document = DocumentFactory(registry=office.registry, by=office.clerk, copies_count=1)
    with pytest.raises(InvalidState):
        with transaction.atomic():
            move(lock_copy(document.copies.get()), to=CopyStatus.OUT, by=office.clerk, reason="no one", holder=None)
