"""Copying and excerpting (复制/摘抄): approval, next copy numbers, reproductions marked with their source."""

import pytest
from django.urls import reverse

from documents.levels import Level
from documents.models import Copy, CopyStatus, Document, ReproductionRequest, ReproductionStatus
from documents.services.copies import lock_copy, move
from documents.services.copying import (
    approve_reproduction,
    execute_reproduction,
    reject_reproduction,
    request_reproduction,
)
from documents.services.errors import InvalidInput, InvalidState, NotPermitted, SeparationOfDuties
from tests.factories import PASSWORD, DocumentFactory, member, proved

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(office):
    return DocumentFactory(
        registry=office.registry, by=office.clerk, level=Level.SECRET, copies_count=3, scope_users=[office.leader]
    )


def ask(document, office, *, count=2, number=1, **extra):
    return request_reproduction(
        source_copy=document.copies.get(number=number), kind="copy", count=count, by=office.clerk,
        reason="Two more copies for the working group", **extra,
    )


def approved(request, office):
    return approve_reproduction(request=request, by=office.leader, reason="Working group needs them", proof=proved(office.leader))


def test_new_copies_continue_the_numbering_and_name_their_source_and_request(office, document):
    request = approved(ask(document, office, count=2, number=2), office)

    made = execute_reproduction(request=request, by=office.clerk, reason="Copied on the registry copier")

    assert [copy.number for copy in made] == [4, 5]
    new = list(Copy.objects.filter(document=document, number__in=[4, 5]))
    assert {(c.source_copy.number, c.reproduction_request_id, c.status) for c in new} == {
        (2, request.pk, CopyStatus.IN_REGISTRY)
    }
    document.refresh_from_db()
    assert document.copies_count == 5
    assert "request #%d" % request.pk in document.history.first().history_change_reason
    assert ReproductionRequest.objects.get(pk=request.pk).status == ReproductionStatus.EXECUTED


def test_numbering_continues_after_the_highest_number_even_with_gaps(office, document):
    approved_first = approved(ask(document, office, count=1), office)
    execute_reproduction(request=approved_first, by=office.clerk, reason="Made")
    approved_second = approved(ask(document, office, count=3), office)

    made = execute_reproduction(request=approved_second, by=office.clerk, reason="Made")

    assert [copy.number for copy in made] == [5, 6, 7]
    assert Document.objects.get(pk=document.pk).copies_count == 7


def test_each_new_copy_has_a_history_row_with_the_reason(office, document):
    request = approved(ask(document, office, count=2), office)
    execute_reproduction(request=request, by=office.clerk, reason="Made on the registry copier")

    rows = Copy.history.filter(document_id=document.pk, number__gt=3)
    assert rows.count() == 2
    assert {row.history_user for row in rows} == {office.clerk}
    assert all("Reproduction of copy 1" in row.history_change_reason for row in rows)


def test_a_request_is_not_carried_out_before_approval(office, document):
    request = ask(document, office)

    with pytest.raises(InvalidState):
        execute_reproduction(request=request, by=office.clerk, reason="Made")
    assert document.copies.count() == 3


def test_a_rejected_request_is_never_carried_out(office, document):
    request = reject_reproduction(request=ask(document, office), by=office.leader, reason="Not justified")

    with pytest.raises(InvalidState):
        execute_reproduction(request=request, by=office.clerk, reason="Made")
    assert document.copies.count() == 3


def test_top_secret_needs_the_originating_organs_approval_reference(office):
    top = DocumentFactory(registry=office.registry, by=office.clerk, level=Level.TOP_SECRET, scope_users=[office.leader])

    with pytest.raises(InvalidInput) as refused:
        ask(top, office)
    assert "originating_approval" in refused.value.errors
    assert ReproductionRequest.objects.count() == 0

    request = ask(top, office, originating_approval="省委办公厅 approval 2026-17")
    assert request.originating_approval == "省委办公厅 approval 2026-17"


def test_whoever_asks_cannot_approve(office, document):
    clerk_and_leader = member(office.unit, "clerk", username="both")
    member(office.unit, "leader", username="both")
    request = request_reproduction(
        source_copy=document.copies.get(number=1), kind="excerpt", count=1, by=clerk_and_leader, reason="Excerpt"
    )

    with pytest.raises(SeparationOfDuties):
        approve_reproduction(request=request, by=clerk_and_leader, reason="Fine", proof=proved(clerk_and_leader))
    assert ReproductionRequest.objects.get(pk=request.pk).status == ReproductionStatus.REQUESTED


def test_the_approving_leader_does_not_make_the_copies(office, document):
    clerk_and_leader = member(office.unit, "leader", username="both")
    member(office.unit, "clerk", username="both")
    from documents.services.scope import change_scope

    change_scope(document=document, by=office.clerk, reason="Deputy decides", add_users=[clerk_and_leader], proof=proved(office.clerk))
    request = approve_reproduction(request=ask(document, office), by=clerk_and_leader, reason="Approved", proof=proved(clerk_and_leader))

    with pytest.raises(SeparationOfDuties):
        execute_reproduction(request=request, by=clerk_and_leader, reason="Made")
    assert len(execute_reproduction(request=request, by=office.clerk, reason="Made")) == 2


def test_only_a_clerk_asks_and_only_a_leader_decides(office, document):
    with pytest.raises(NotPermitted):
        request_reproduction(source_copy=document.copies.get(number=1), kind="copy", count=1, by=office.leader, reason="x")
    request = ask(document, office)
    with pytest.raises(NotPermitted):
        approve_reproduction(request=request, by=office.clerk, reason="x", proof=proved(office.clerk))


@pytest.mark.parametrize("count", [0, -1, 51])
def test_the_count_is_bounded(office, document, count):
    with pytest.raises(InvalidInput):
        ask(document, office, count=count)


def test_a_copy_that_is_not_in_the_registry_is_not_copied(office, document):
    request = approved(ask(document, office, number=1), office)
    move(lock_copy(document.copies.get(number=1)), to=CopyStatus.LOST, by=office.clerk, reason="Reported lost")

    with pytest.raises(InvalidState, match="only a copy in the registry"):
        execute_reproduction(request=request, by=office.clerk, reason="Made")
    with pytest.raises(InvalidState):
        ask(document, office, number=1)
    assert document.copies.count() == 3


# Pages -----------------------------------------------------------------------


def signed_in(client, user):
    client.logout()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_request_approve_and_execute_through_the_pages(client, office, document):
    signed_in(client, office.clerk)
    response = client.post(
        reverse("documents:reproduction_request", args=[document.pk]),
        {"source_copy": document.copies.get(number=1).pk, "kind": "copy", "count": "2", "reason": "For the committee"},
    )
    assert response.status_code == 302
    request = ReproductionRequest.objects.get()

    signed_in(client, office.leader)
    assert "For the committee" in client.get(reverse("documents:approvals")).content.decode()
    client.post(reverse("documents:reproduction_decide", args=[request.pk]), {"decision": "approve", "reason": "Yes"})

    signed_in(client, office.clerk)
    client.post(reverse("documents:reproduction_execute", args=[request.pk]), {"reason": "Copied"})
    page = client.get(reverse("documents:detail", args=[document.pk])).content.decode()
    assert f"reproduction of copy 1 (request #{request.pk})" in page
    assert document.copies.count() == 5


def test_the_request_page_asks_for_the_originating_approval_for_top_secret(client, office):
    top = DocumentFactory(registry=office.registry, by=office.clerk, level=Level.TOP_SECRET)
    url = reverse("documents:reproduction_request", args=[top.pk])

    response = signed_in(client, office.clerk).post(
        url, {"source_copy": top.copies.get(number=1).pk, "kind": "copy", "count": "1", "reason": "Committee"}
    )
    assert response.status_code == 200
    assert "Originating organ" in response.content.decode()
    assert ReproductionRequest.objects.count() == 0


def test_a_reader_cannot_open_the_copying_request_page(client, office):
    readable = DocumentFactory(registry=office.registry, by=office.clerk, scope_users=[office.reader])

    response = signed_in(client, office.reader).get(reverse("documents:reproduction_request", args=[readable.pk]))
    assert response.status_code == 404
