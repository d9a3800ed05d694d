"""Two leaders approving the same proposal at the same moment: exactly one registers it, once."""

import pytest

from documents.models import Copy, Document
from review.models import ClassificationProposal, ProposalStatus
from review.services import approve_proposal, pass_review, propose, reject_proposal
from tests.documents.test_destruction_concurrency import race
from tests.factories import member, proved
from tests.review.conftest import proposal_fields
from people.roles import Role

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def reviewed_now(office):
    proposal = propose(registry=office.registry, by=office.reader, reason="Draft", **proposal_fields())
    return pass_review(proposal=proposal, by=office.clerk, reason="Checked")


def test_two_leaders_approving_at_once_register_the_document_once(office, reviewed_now):
    leader_b = member(office.unit, Role.LEADER, username="leader_b")

    def approve(by):
        return lambda: approve_proposal(proposal=reviewed_now, by=by, reason="Agreed", proof=proved(by))

    results, errors = race(approve(office.leader), approve(leader_b))

    assert len(results) == 1 and len(errors) == 1
    assert "it is final" in str(errors[0].message)
    assert Document.objects.count() == 1
    assert Copy.objects.count() == 5
    proposal = ClassificationProposal.objects.get()
    assert proposal.status == ProposalStatus.APPROVED
    assert proposal.decided_by == results[0].decided_by
    assert proposal.history.filter(status=ProposalStatus.APPROVED).count() == 1


def test_an_approval_and_a_rejection_at_once_leave_one_decision(office, reviewed_now):
    leader_b = member(office.unit, Role.LEADER, username="leader_b")

    results, errors = race(
        lambda: approve_proposal(proposal=reviewed_now, by=office.leader, reason="Agreed", proof=proved(office.leader)),
        lambda: reject_proposal(proposal=reviewed_now, by=leader_b, reason="No"),
    )

    assert len(results) == 1 and len(errors) == 1
    proposal = ClassificationProposal.objects.get()
    assert Document.objects.count() == (1 if proposal.status == ProposalStatus.APPROVED else 0)
