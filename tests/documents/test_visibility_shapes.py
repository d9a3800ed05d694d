"""The query shapes for "what may this person see" give the same answers.

visible_documents tests each row (EXISTS); the set-first shape builds the
person's documents as a union of ids. The ledger picks whichever is faster
for the person (selectors.ledger_scope); what anyone sees must not depend on it.
"""

import datetime

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


def test_a_document_pages_panels_show_the_rows_the_visible_selectors_give(registry_with_every_kind_of_grant, office):
    from documents.models import Circulation, Incident, Loan, ReproductionRequest
    from documents.selectors import (
        document_circulations, document_incidents, document_loans, document_reproductions, visible_circulations,
        visible_incidents, visible_loans, visible_reproductions,
    )  # fmt: skip
    from documents.services import borrowing, circulation, copying, loss

    document = DocumentFactory(
        registry=office.registry, by=office.clerk, copies_count=4, scope_users=[office.reader, office.leader]
    )
    first, second, third, fourth = document.copies.order_by("number")
    borrowing.request_loan(
        copy=first, borrower=office.reader, by=office.reader, purpose="Drafting a reply", mode="reading_room",
        due_on=datetime.date.today() + datetime.timedelta(days=2),
    )  # fmt: skip
    copying.request_reproduction(source_copy=second, kind="copy", count=1, by=office.clerk, reason="A copy for the file")
    circulation.propose_circulation(copy=third, readers=[office.reader], by=office.clerk, reason="For reading")
    loss.report_loss(copy=fourth, by=office.clerk, reason="Not found", circumstances="Not on the shelf at the inventory")
    assert Loan.objects.exists() and ReproductionRequest.objects.exists()
    assert Circulation.objects.exists() and Incident.objects.exists()
    document = Document.objects.select_related("registry").get(pk=document.pk)

    for person in registry_with_every_kind_of_grant:
        assert set(document_loans(person, document)) == set(visible_loans(person).filter(copy__document=document))
        assert set(document_reproductions(person, document)) == set(
            visible_reproductions(person).filter(source_copy__document=document)
        )
        assert set(document_circulations(person, document)) == set(
            visible_circulations(person).filter(copy__document=document)
        )
        assert set(document_incidents(person, document)) == set(visible_incidents(person).filter(copy__document=document))
    assert set(document_loans(office.reader, document)) and not set(document_loans(office.reader2, document))
    assert set(document_reproductions(office.leader, document)) and not set(document_reproductions(office.reader, document))
