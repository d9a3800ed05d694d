"""A page is a bounded number of queries, however many rows, copies, grants or history rows it shows.

Visibility is checked inside the rows' query (indexed EXISTS), never one
query per row: each test builds a small and a large registry and holds both
to the same bound.
"""

import pytest
from django.db import transaction
from django.urls import reverse

from documents.services.copies import lock_copy, move
from documents.services.scope import change_scope
from tests.factories import PASSWORD, DocumentFactory, UserFactory, proved

pytestmark = pytest.mark.django_db

# Session, user, roles for the menu, the size of the person's scope, the
# page's documents, their copies, the filter form's choices (units,
# holders); and every ten minutes the registry's estimated size (two); the
# session's renewal (idle expiry) and the person's open inventories and roles.
LEDGER_QUERIES = 14
# The copy ledger reads more: the places of storage its filter offers (one), and for a clerk which copies may
# have labels printed (one: documents/pdf/permissions.py labelable_copies).
COPY_LEDGER_QUERIES = {"clerk": LEDGER_QUERIES + 2, "reader": LEDGER_QUERIES + 1}
# Session, user, the person's memberships (once per request: people/role_cache.py),
# the document, its scope (people, units), its copies, its history (document,
# copies, people's and units' grants), and each procedure's panel (borrowing,
# copying, circulation and loss, destruction, declassification, archives,
# prints): a constant per panel, whatever the number of copies, readers and
# history rows. (It was 42 when every panel asked for the person's roles itself.) Two more
# since holds block lending and circulation: one read of the holds of the copies per panel
# (documents/services/holds.py: read_holds).
# One more for the dispatch panel (dispatch app: the copies sent out and where this one came from).
# One more for the unread notifications in the top bar (notifications/context_processors.py), on every page.
DETAIL_QUERIES = 35


def _registry(office, documents, copies=3):
    for index in range(documents):
        DocumentFactory(
            registry=office.registry,
            by=office.clerk,
            title=f"关于防汛抗旱工作的通知（{index}）",
            reference_number=f"省委办〔2026〕{index + 1}号",
            scope_users=[office.leader, office.reader],
            scope_units=[office.unit] if index % 2 else [],
            copies_count=copies,
        )


def _signed_in(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.mark.parametrize("documents", [3, 40])
@pytest.mark.parametrize("mode", ["copies", "documents"])
@pytest.mark.parametrize("who", ["clerk", "reader"])
def test_ledger_page_is_a_bounded_number_of_queries(client, office, django_assert_max_num_queries, documents, mode, who):
    _registry(office, documents)
    _signed_in(client, getattr(office, who))

    with django_assert_max_num_queries(COPY_LEDGER_QUERIES[who] if mode == "copies" else LEDGER_QUERIES):
        response = client.get(reverse("documents:ledger"), {"mode": mode})

    expected = min(50, documents * (3 if mode == "copies" else 1))
    assert len(response.context["page"].rows) == expected


@pytest.mark.parametrize("documents", [20, 40])
def test_a_deep_ledger_page_costs_what_the_first_costs(client, office, django_assert_max_num_queries, documents):
    _registry(office, documents)
    _signed_in(client, office.reader)
    first = client.get(reverse("documents:ledger"))
    cursor = first.context["page"].next_cursor

    with django_assert_max_num_queries(LEDGER_QUERIES):
        response = client.get(reverse("documents:ledger"), {"after": cursor})

    assert response.context["page"].rows
    assert set(response.context["page"].rows).isdisjoint(first.context["page"].rows)


@pytest.mark.parametrize("documents", [3, 40])
@pytest.mark.parametrize("query", ["防汛抗旱", "省委办〔2026〕2号", "BGS-"])
def test_search_is_a_bounded_number_of_queries(client, office, django_assert_max_num_queries, documents, query):
    _registry(office, documents)
    _signed_in(client, office.reader)

    with django_assert_max_num_queries(LEDGER_QUERIES):
        response = client.get(reverse("documents:ledger"), {"q": query, "mode": "documents"})

    assert response.context["page"].rows


def _busy_document(office, *, copies, readers):
    """A document with many copies, a wide scope and a long history."""
    people = [UserFactory() for _ in range(readers)]
    document = DocumentFactory(
        registry=office.registry, by=office.clerk, copies_count=copies, scope_users=[office.leader, *people]
    )
    change_scope(document=document, by=office.clerk, reason="Leader approved", add_units=[office.unit], proof=proved(office.clerk))
    for copy in document.copies.all():
        for person in people[:3]:
            with transaction.atomic():
                locked = lock_copy(copy)
                move(locked, to="out", holder=person, by=office.clerk, reason="Circulation")
            with transaction.atomic():
                locked = lock_copy(copy)
                move(locked, to="in_registry", by=office.clerk, reason="Returned")
    return document


@pytest.mark.parametrize("copies, readers", [(1, 1), (12, 8)])
def test_detail_page_is_a_bounded_number_of_queries(client, office, django_assert_max_num_queries, copies, readers):
    document = _busy_document(office, copies=copies, readers=readers)
    _signed_in(client, office.clerk)

    with django_assert_max_num_queries(DETAIL_QUERIES):
        response = client.get(reverse("documents:detail", args=[document.pk]))

    assert response.status_code == 200
    assert len(response.context["copies"]) == copies
    assert len(response.context["history"]) >= 1 + copies * (1 + 2 * min(3, readers))


@pytest.mark.parametrize("rounds", [1, 6])
def test_a_document_page_with_past_procedures_is_a_bounded_number_of_queries(
    client, office, django_assert_max_num_queries, rounds
):
    """Completed circulation lists and returned loans, as a document of the generated registry has them."""
    import datetime

    from django.utils import timezone

    from documents.services import borrowing, circulation

    document = DocumentFactory(
        registry=office.registry, by=office.clerk, copies_count=rounds, scope_users=[office.leader, office.reader]
    )
    for copy in document.copies.all():
        listed = circulation.propose_circulation(copy=copy, readers=[office.reader], by=office.clerk, reason="Read")
        circulation.approve_circulation(circulation=listed, by=office.leader, reason="Approved")
        circulation.hand_out(circulation=listed, by=office.clerk, reason="Handed out")
        circulation.take_back(circulation=listed, by=office.clerk, reason="Returned")
        loan = borrowing.request_loan(
            copy=copy, borrower=office.reader, by=office.reader, purpose="Drafting", mode="reading_room",
            due_on=timezone.localdate() + datetime.timedelta(days=1),
        )  # fmt: skip
        borrowing.cancel_loan(loan=loan, by=office.reader, reason="No longer needed")
    _signed_in(client, office.clerk)

    with django_assert_max_num_queries(DETAIL_QUERIES):
        response = client.get(reverse("documents:detail", args=[document.pk]))

    assert len(response.context["past_circulations"]) == rounds
    assert len(response.context["loans"]) == rounds
