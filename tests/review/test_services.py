"""Classification review of an outgoing document: propose, review, approve; the document exists only after approval."""

import pytest

from accounts.services.reauth import StepUpRequired
from documents.levels import Level
from documents.models import Copy, Document
from documents.selectors import visible_documents
from documents.services.errors import InvalidInput, InvalidState, MissingReason, NotPermitted, SeparationOfDuties
from people.roles import Role
from review.models import TRANSITIONS, ClassificationProposal, ProposalStatus
from review.services import (
    approve_proposal,
    check_approve_proposal,
    check_pass_review,
    check_reject_proposal,
    check_revise_proposal,
    check_send_back,
    pass_review,
    propose,
    reject_proposal,
    revise_proposal,
    send_back,
)
from tests.factories import DocumentFactory, member, proved
from tests.review.conftest import proposal_fields

pytestmark = pytest.mark.django_db


def test_a_proposal_registers_nothing_until_a_leader_approves(office, proposal):
    assert proposal.status == ProposalStatus.PROPOSED
    assert proposal.secrecy_period_years == 20  # the secret level's default, written down for the reviewers
    assert not Document.objects.exists()

    pass_review(proposal=proposal, by=office.clerk, reason="Checked")
    assert not Document.objects.exists()

    approved = approve_proposal(proposal=proposal, by=office.leader, reason="Agreed", proof=proved(office.leader))

    document = approved.document
    assert approved.status == ProposalStatus.APPROVED
    assert document.direction == "outgoing"
    assert document.registry_number.startswith("BGS-")
    assert (document.level, document.secrecy_period_years, document.reference_number) == (Level.SECRET, 20, "BGS [2026] No. 7")
    assert list(Copy.objects.filter(document=document).order_by("number").values_list("number", flat=True)) == [1, 2, 3, 4, 5]
    assert document.created_by == office.leader
    assert visible_documents(office.reader).filter(pk=document.pk).exists()
    assert not visible_documents(office.reader2).filter(pk=document.pk).exists()


def test_the_history_shows_who_proposed_reviewed_and_approved_and_why(office, proposal):
    pass_review(proposal=proposal, by=office.clerk, reason="Level and basis checked")
    approved = approve_proposal(proposal=proposal, by=office.leader, reason="Agreed for issue", proof=proved(office.leader))

    rows = list(approved.history.order_by("history_date", "history_id"))
    assert [(row.history_user, row.status, row.history_change_reason) for row in rows] == [
        (office.reader, ProposalStatus.PROPOSED, "Draft ready"),
        (office.clerk, ProposalStatus.REVIEWED, "Level and basis checked"),
        (office.leader, ProposalStatus.APPROVED, "Agreed for issue"),
    ]
    document_row = approved.document.history.get()
    assert document_row.history_user == office.leader
    assert document_row.history_change_reason == (
        f"Registered on approval of classification proposal {approved.label}: Agreed for issue"
    )


def test_the_drafter_cannot_review_their_own_proposal(office):
    proposal = propose(registry=office.registry, by=office.clerk, reason="Draft", **proposal_fields())

    assert isinstance(check_pass_review(proposal, office.clerk), SeparationOfDuties)
    with pytest.raises(SeparationOfDuties, match="another secrecy clerk must review it"):
        pass_review(proposal=proposal, by=office.clerk, reason="Fine")
    with pytest.raises(SeparationOfDuties):
        send_back(proposal=proposal, by=office.clerk, reason="Fix")
    assert ClassificationProposal.objects.get().status == ProposalStatus.PROPOSED


def test_the_drafter_cannot_approve_their_own_proposal(office, second_leader):
    clerk_b = member(office.unit, Role.CLERK, username="clerk_b")
    proposal = propose(registry=office.registry, by=office.leader, reason="Draft", **proposal_fields())
    proposal = pass_review(proposal=proposal, by=clerk_b, reason="Checked")

    with pytest.raises(SeparationOfDuties, match="You drafted this proposal; another leader must decide on it."):
        approve_proposal(proposal=proposal, by=office.leader, reason="Mine", proof=proved(office.leader))
    assert isinstance(check_reject_proposal(proposal, office.leader), SeparationOfDuties)
    assert not Document.objects.exists()

    approve_proposal(proposal=proposal, by=second_leader, reason="Agreed", proof=proved(second_leader))
    assert Document.objects.count() == 1


def test_the_reviewer_cannot_also_approve(office, proposal):
    # One person holding both roles in the unit: the review and the decision stay two people's.
    office_leader_and_clerk = member(office.unit, Role.CLERK, username="both")
    from people.services.membership import add_membership  # noqa: PLC0415 - set-up only

    add_membership(user=office_leader_and_clerk, unit=office.unit, role=Role.LEADER, by=None, reason="test set-up")
    proposal = pass_review(proposal=proposal, by=office_leader_and_clerk, reason="Checked")

    with pytest.raises(SeparationOfDuties, match="You reviewed this proposal"):
        approve_proposal(proposal=proposal, by=office_leader_and_clerk, reason="Agreed", proof=proved(office_leader_and_clerk))


def test_approving_before_the_review_is_refused(office, proposal):
    refusal = check_approve_proposal(proposal, office.leader)

    assert isinstance(refusal, InvalidState)
    assert "has not been reviewed yet" in str(refusal.message)
    with pytest.raises(InvalidState, match="a secrecy clerk must review it before a leader approves it"):
        approve_proposal(proposal=proposal, by=office.leader, reason="Agreed", proof=proved(office.leader))
    assert not Document.objects.exists()


def test_approval_needs_the_leaders_step_up(office, reviewed):
    with pytest.raises(StepUpRequired):
        approve_proposal(proposal=reviewed, by=office.leader, reason="Agreed")
    assert ClassificationProposal.objects.get().status == ProposalStatus.REVIEWED
    assert not Document.objects.exists()


@pytest.mark.parametrize("who", ["clerk", "reader", "inspector", "administrator"])
def test_only_a_leader_of_the_unit_approves(office, reviewed, who):
    with pytest.raises(NotPermitted, match="Only a leader of General Office can do this."):
        approve_proposal(proposal=reviewed, by=getattr(office, who), reason="Agreed", proof=proved(getattr(office, who)))


def test_a_leader_of_another_unit_cannot_approve(office, other_unit, reviewed):
    finance_leader = member(other_unit.unit, Role.LEADER, username="finance_leader")
    with pytest.raises(NotPermitted):
        approve_proposal(proposal=reviewed, by=finance_leader, reason="Agreed", proof=proved(finance_leader))


@pytest.mark.parametrize("who", ["reader2", "leader", "inspector"])
def test_only_a_clerk_of_the_unit_reviews(office, proposal, who):
    with pytest.raises(NotPermitted, match="Only a secrecy clerk of General Office can do this."):
        pass_review(proposal=proposal, by=getattr(office, who), reason="Checked")


def test_a_proposal_sent_back_is_corrected_by_its_drafter_and_reviewed_again(office, proposal):
    proposal = send_back(proposal=proposal, by=office.clerk, reason="The basis is item 3.4, not 3.2")
    assert isinstance(check_approve_proposal(proposal, office.leader), InvalidState)
    assert isinstance(check_revise_proposal(proposal, office.reader2), NotPermitted)

    revised = revise_proposal(proposal=proposal, by=office.reader, reason="Basis corrected",
                              **proposal_fields(basis="保密事项范围目录 第3.4项"))  # fmt: skip

    assert revised.status == ProposalStatus.PROPOSED
    assert revised.basis == "保密事项范围目录 第3.4项"
    assert revised.reviewed_by is None
    assert revised.scope_user_ids == []  # the scope is what the correction names
    assert [row.status for row in revised.history.order_by("history_date", "history_id")] == [
        ProposalStatus.PROPOSED, ProposalStatus.RETURNED, ProposalStatus.PROPOSED,
    ]


def test_a_rejected_proposal_registers_nothing_and_is_final(office, reviewed):
    reviewed = reject_proposal(proposal=reviewed, by=office.leader, reason="Not to be issued as classified")

    assert not Document.objects.exists()
    with pytest.raises(InvalidState, match="is rejected"):
        approve_proposal(proposal=reviewed, by=office.leader, reason="Agreed", proof=proved(office.leader))


def test_an_approved_proposal_is_final(office, reviewed):
    approved = approve_proposal(proposal=reviewed, by=office.leader, reason="Agreed", proof=proved(office.leader))

    with pytest.raises(InvalidState, match=f"registered as {approved.document.registry_number}; it is final"):
        reject_proposal(proposal=reviewed, by=office.leader, reason="Changed my mind")
    assert Document.objects.count() == 1


def test_the_basis_is_required_and_zero_width_is_no_basis(office):
    with pytest.raises(InvalidInput) as refused:
        propose(registry=office.registry, by=office.reader, reason="Draft", **proposal_fields(basis="\u200b"))
    assert "basis" in refused.value.errors
    with pytest.raises(MissingReason):
        propose(registry=office.registry, by=office.reader, reason="\u200b \ufeff", **proposal_fields())
    assert not ClassificationProposal.objects.exists()


def test_a_period_longer_than_the_law_allows_is_refused_at_the_proposal(office):
    with pytest.raises(InvalidInput) as refused:
        propose(registry=office.registry, by=office.reader, reason="Draft", **proposal_fields(secrecy_period_years=40))
    assert "secrecy_period_years" in refused.value.errors


def test_an_outsider_cannot_propose_or_be_named_in_the_scope(office, other_unit):
    with pytest.raises(NotPermitted, match="Only a member of General Office"):
        propose(registry=office.registry, by=other_unit.clerk, reason="Draft", **proposal_fields())
    with pytest.raises(NotPermitted):
        propose(registry=office.registry, by=office.inspector, reason="Draft", **proposal_fields())
    with pytest.raises(InvalidInput) as refused:
        propose(registry=office.registry, by=office.reader, reason="Draft", scope_users=[other_unit.clerk],
                **proposal_fields())  # fmt: skip
    assert "scope_users" in refused.value.errors


def test_a_reference_number_already_registered_is_refused_at_the_proposal(office):
    DocumentFactory(registry=office.registry, by=office.clerk, originating_organ="办公室", reference_number="BGS [2026] No. 7")

    with pytest.raises(InvalidInput) as refused:
        propose(registry=office.registry, by=office.reader, reason="Draft", **proposal_fields())
    assert "reference_number" in refused.value.errors


def test_every_step_starts_only_from_its_states(office, proposal):
    """The transition table, walked: from each state, each step is offered only where the table allows it."""
    checks = {
        "pass_review": (check_pass_review, office.clerk),
        "send_back": (check_send_back, office.clerk),
        "approve": (check_approve_proposal, office.leader),
        "reject": (check_reject_proposal, office.leader),
        "revise": (check_revise_proposal, office.reader),
    }
    # An approved proposal has its document (a database constraint): test_an_approved_proposal_is_final covers it.
    for status in set(ProposalStatus.values) - {ProposalStatus.APPROVED}:
        ClassificationProposal.objects.filter(pk=proposal.pk).update(status=status)
        proposal.refresh_from_db()
        for step, (check, user) in checks.items():
            allowed = status in TRANSITIONS[step][0]
            assert (check(proposal, user) is None) == allowed, (status, step)



def test_an_outgoing_document_is_registered_only_by_a_leaders_approval(client, office):
    from django.urls import reverse

    from tests.factories import PASSWORD, DocumentFactory

    with pytest.raises(InvalidInput) as refused:
        DocumentFactory(registry=office.registry, by=office.clerk, direction="outgoing")
    assert "Classification review" in refused.value.errors["direction"][0]
    assert not Document.objects.exists()

    assert client.login(username=office.clerk.username, password=PASSWORD)
    form = client.get(reverse("documents:register")).context["form"]
    assert "outgoing" not in dict(form.fields["direction"].choices)


def test_a_telegram_is_proposed_as_one_and_registered_as_one_that_cannot_be_copied(office):
    from documents.models import DocumentType
    from documents.services.copying import check_request_reproduction

    proposal = propose(registry=office.registry, by=office.reader, reason="Drafted", scope_users=[office.reader],
                       **proposal_fields(document_type=DocumentType.TELEGRAM))
    pass_review(proposal=proposal, by=office.clerk, reason="Checked")
    document = approve_proposal(proposal=proposal, by=office.leader, reason="Agreed", proof=proved(office.leader)).document

    assert document.document_type == DocumentType.TELEGRAM
    refusal = check_request_reproduction(document.copies.first(), office.clerk)
    assert refusal is not None and "telegram" in refusal.message.lower()
