"""Destruction's checks: each step refuses exactly what its check returns, and the list's page offers it exactly then."""

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from documents.models import CopyStatus, DestructionList
from documents.services import destruction
from documents.services.copies import lock_copy, move
from people.services.membership import add_membership
from tests.documents.checks import expected, outcome, signed_in
from tests.factories import DocumentFactory, member, proved

pytestmark = pytest.mark.django_db

STATES = ("empty_draft", "draft", "submitted", "approved", "approved_copy_out", "executed", "rejected")

STEPS = {
    "submit": (
        destruction.check_submit_destruction_list,
        lambda d, u: destruction.submit_destruction_list(dlist=d, by=u, reason="Complete"),
        "documents:destruction_submit",
    ),
    "approve": (
        destruction.check_approve_destruction_list,
        lambda d, u: destruction.approve_destruction_list(dlist=d, by=u, reason="Agreed", proof=proved(u)),
        "documents:destruction_approve",
    ),
    "reject": (
        destruction.check_reject_destruction_list,
        lambda d, u: destruction.reject_destruction_list(dlist=d, by=u, reason="No"),
        "documents:destruction_reject",
    ),
    "execute": (
        destruction.check_execute_destruction_list,
        lambda d, u: destruction.execute_destruction_list(
            dlist=d, by=u, executed_on=timezone.localdate(), place="Room B-104", method="shredding",
            witness_1=d.registry.unit.memberships.get(user__username="inspector").user,
            witness_2=d.registry.unit.memberships.get(user__username="reader2").user,
            reason="Destroyed",
            witness_proofs=[proved(member.user) for member in d.registry.unit.memberships.filter(
                user__username__in=["inspector", "reader2"])],
        ),  # fmt: skip
        "documents:destruction_execute",
    ),
    "add": (
        destruction.check_add_to_destruction_list,
        lambda d, u: destruction.add_to_destruction_list(dlist=d, copies=[d.registry.documents.get().copies.get(number=3)], by=u, reason="More"),
        "documents:destruction_add",
    ),
}


@pytest.fixture
def people(office):
    # A clerk who leads too: separation of duties, not the role, keeps them from carrying out what they approved.
    both = member(office.unit, "clerk", username="clerk_leader")
    add_membership(user=both, unit=office.unit, role="leader", by=None, reason="test set-up")
    return {"clerk": office.clerk, "clerk_leader": both, "leader": office.leader, "reader": office.reader,
            "inspector": office.inspector}  # fmt: skip


@pytest.fixture
def document(office):
    return DocumentFactory(registry=office.registry, by=office.clerk, copies_count=3, scope_users=[office.leader])


def reach(office, people, document, state):
    copies = list(document.copies.filter(number__in=[1, 2]).order_by("number"))
    dlist = destruction.prepare_destruction_list(registry=office.registry, copies=copies, by=office.clerk, reason="Old")
    if state == "empty_draft":
        destruction.remove_from_destruction_list(dlist=dlist, copies=copies, by=office.clerk, reason="Not these")
    if state in ("empty_draft", "draft"):
        return dlist
    destruction.submit_destruction_list(dlist=dlist, by=office.clerk, reason="Complete")
    if state == "submitted":
        return dlist
    if state == "rejected":
        destruction.reject_destruction_list(dlist=dlist, by=office.leader, reason="No")
        return dlist
    destruction.approve_destruction_list(dlist=dlist, by=people["clerk_leader"], reason="Agreed", proof=proved(people["clerk_leader"]))
    if state == "approved_copy_out":
        with transaction.atomic():
            move(lock_copy(copies[0]), to=CopyStatus.OUT, holder=office.reader, by=office.clerk, reason="Needed")
    if state == "executed":
        STEPS["execute"][1](fresh(dlist), office.clerk)
    return dlist


def fresh(dlist):
    return DestructionList.objects.select_related("registry__unit").get(pk=dlist.pk)


@pytest.mark.parametrize("state", STATES)
def test_each_destruction_step_refuses_exactly_what_its_check_returns(office, people, document, state):
    dlist = reach(office, people, document, state)
    for who, user in people.items():
        for name, (check, step, _url) in STEPS.items():
            assert outcome(lambda: step(fresh(dlist), user)) == expected(check(fresh(dlist), user)), (state, who, name)


@pytest.mark.parametrize("state", STATES)
def test_the_list_page_offers_a_destruction_step_exactly_when_its_check_allows_it(client, office, people, document, state):
    dlist = reach(office, people, document, state)
    for who, user in people.items():
        response = signed_in(client, user).get(reverse("documents:destruction_detail", args=[dlist.pk]))
        if response.status_code == 404:
            continue  # a reader does not see destruction lists at all
        page = response.content.decode()
        for name, (check, _step, url) in STEPS.items():
            assert (reverse(url, args=[dlist.pk]) in page) == (check(fresh(dlist), user) is None), (state, who, name)


def test_the_list_page_says_why_an_approved_list_cannot_be_carried_out(client, office, people, document):
    dlist = reach(office, people, document, "approved_copy_out")

    page = signed_in(client, office.clerk).get(reverse("documents:destruction_detail", args=[dlist.pk])).content.decode()

    assert "not in the registry" in page
    assert reverse("documents:destruction_execute", args=[dlist.pk]) not in page
