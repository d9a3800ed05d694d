"""The query shapes for "what may this person see" give the same answers.

visible_documents tests each row (EXISTS); the set-first shape builds the
person's documents as a union of ids. The ledger picks whichever is faster
for the person (selectors.ledger_scope); what anyone sees must not depend on it.
"""

import pytest

from documents.models import Copy, Document
from documents.selectors import ledger_scope, may_know, visible_copies, visible_document_ids, visible_documents
from documents.services.scope import change_scope
from people.roles import Role
from tests.factories import DocumentFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry_with_every_kind_of_grant(office, other_unit):
    inspector_elsewhere = member(other_unit.unit, Role.INSPECTOR, username="inspector_finance")
    DocumentFactory(registry=office.registry, by=office.clerk, scope_users=[office.leader])
    DocumentFactory(registry=office.registry, by=office.clerk, scope_units=[office.unit])
    DocumentFactory(registry=office.registry, by=office.clerk, scope_units=[other_unit.unit], copies_count=2)
    DocumentFactory(registry=other_unit.registry, by=other_unit.clerk, scope_users=[office.reader])
    DocumentFactory(registry=other_unit.registry, by=other_unit.clerk)
    narrowed = DocumentFactory(registry=office.registry, by=office.clerk, scope_users=[office.reader2])
    change_scope(document=narrowed, by=office.clerk, reason="Need to know ended", remove_users=[office.reader2])
    people = [
        office.clerk, office.leader, office.reader, office.reader2, office.inspector, office.administrator,
        other_unit.clerk, other_unit.reader, inspector_elsewhere,
    ]  # fmt: skip
    return people


def test_both_shapes_give_every_person_the_same_documents_and_copies(registry_with_every_kind_of_grant):
    for person in registry_with_every_kind_of_grant:
        by_row = set(visible_documents(person))
        by_set = set(Document.objects.filter(pk__in=visible_document_ids(person)))
        assert by_row == by_set, person.username
        assert set(visible_copies(person)) == set(Copy.objects.filter(document_id__in=visible_document_ids(person)))
        scope = ledger_scope(person)
        assert set(scope.documents) == by_row
        assert set(scope.copies) == set(visible_copies(person))


def test_the_shapes_differ_only_in_speed_not_in_who_sees_something(registry_with_every_kind_of_grant, office):
    seen = {person.username: visible_documents(person).count() for person in registry_with_every_kind_of_grant}
    assert seen["finance_reader"] == 1  # the finance unit's grant only
    assert seen["clerk"] == Document.objects.filter(registry=office.registry).count()
    assert seen["reader2"] == 1  # the office's unit-wide grant, not the withdrawn personal one


def test_may_know_answers_as_the_visible_documents_do_for_every_person_and_document(registry_with_every_kind_of_grant):
    documents = list(Document.objects.select_related("registry"))
    for person in registry_with_every_kind_of_grant:
        visible = set(visible_documents(person).values_list("pk", flat=True))
        assert {document.pk for document in documents if may_know(person, document)} == visible, person.username
