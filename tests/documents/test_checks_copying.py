"""Copying's checks: each step refuses exactly what its check returns, and the document page offers it exactly then."""

import pytest
from django.urls import reverse

from documents.models import ReproductionRequest
from documents.services import copying
from people.services.membership import add_membership
from tests.documents.checks import expected, outcome, signed_in
from tests.factories import DocumentFactory, member, proved

pytestmark = pytest.mark.django_db

PEOPLE = ("clerk", "clerk_leader", "leader", "reader", "inspector")
STATES = ("requested", "approved", "approved_by_a_clerk_leader", "executed", "rejected")

STEPS = {
    "approve": (copying.check_approve_reproduction, lambda r, u: copying.approve_reproduction(request=r, by=u, reason="Yes", proof=proved(u))),
    "reject": (copying.check_reject_reproduction, lambda r, u: copying.reject_reproduction(request=r, by=u, reason="No")),
    "execute": (copying.check_execute_reproduction, lambda r, u: copying.execute_reproduction(request=r, by=u, reason="Made")),
}


@pytest.fixture
def people(office):
    # A leader who is a clerk as well: the one person separation of duties stops from executing what they approved.
    both = member(office.unit, "clerk", username="clerk_leader")
    add_membership(user=both, unit=office.unit, role="leader", by=None, reason="test set-up")
    return {"clerk": office.clerk, "clerk_leader": both, "leader": office.leader, "reader": office.reader,
            "inspector": office.inspector}  # fmt: skip


@pytest.fixture
def document(office):
    return DocumentFactory(registry=office.registry, by=office.clerk, copies_count=1, scope_users=[office.leader, office.reader])


def reach(office, people, document, state):
    item = copying.request_reproduction(
        source_copy=document.copies.get(), kind="copy", count=1, by=office.clerk, reason="For the meeting"
    )
    if state == "rejected":
        copying.reject_reproduction(request=item, by=office.leader, reason="No")
    elif state != "requested":
        approver = people["clerk_leader"] if state == "approved_by_a_clerk_leader" else office.leader
        copying.approve_reproduction(request=item, by=approver, reason="Yes", proof=proved(approver))
        if state == "executed":
            copying.execute_reproduction(request=item, by=office.clerk, reason="Made")
    return item


def fresh(item):
    return ReproductionRequest.objects.select_related("source_copy__document__registry__unit").get(pk=item.pk)


@pytest.mark.parametrize("state", STATES)
def test_each_copying_step_refuses_exactly_what_its_check_returns(office, people, document, state):
    item = reach(office, people, document, state)
    for who, user in people.items():
        for name, (check, step) in STEPS.items():
            assert outcome(lambda: step(fresh(item), user)) == expected(check(fresh(item), user)), (state, who, name)


@pytest.mark.parametrize("state", STATES)
def test_asking_for_copies_refuses_exactly_what_its_check_returns(office, people, document, state):
    reach(office, people, document, state)
    copy = document.copies.select_related("document__registry__unit").order_by("number").first()
    for who, user in people.items():
        ask = lambda: copying.request_reproduction(source_copy=copy, kind="copy", count=1, by=user, reason="r")  # noqa: E731
        assert outcome(ask) == expected(copying.check_request_reproduction(copy, user)), (state, who)


@pytest.mark.parametrize("state", STATES)
def test_the_document_page_offers_a_copying_step_exactly_when_its_check_allows_it(client, office, people, document, state):
    item = reach(office, people, document, state)
    copy = document.copies.select_related("document__registry__unit").order_by("number").first()
    for who, user in people.items():
        page = signed_in(client, user).get(reverse("documents:detail", args=[document.pk])).content.decode()
        decides = reverse("documents:reproduction_decide", args=[item.pk]) in page
        assert decides == (copying.check_approve_reproduction(fresh(item), user) is None), (state, who)
        executes = reverse("documents:reproduction_execute", args=[item.pk]) in page
        assert executes == (copying.check_execute_reproduction(fresh(item), user) is None), (state, who)
        asks = reverse("documents:reproduction_request", args=[document.pk]) in page
        assert asks == (copying.check_request_reproduction(copy, user) is None), (state, who)
