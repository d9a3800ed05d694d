"""What a person may see of classification proposals, and what waits for them.

A proposal describes a document that is not registered yet: its title and
level are as secret as the document will be. The registry's office (its
clerks and inspectors) sees every proposal of its unit, the drafter their
own, a leader of the unit those still to be decided (they are the ones who
decide) and, once registered, those whose document is in their scope.
"""

from django.db.models import Exists, OuterRef, Q

from documents.selectors import OFFICE_ROLES, visible_documents
from people.models import Membership
from people.roles import Role
from review.models import ClassificationProposal, ProposalStatus

RELATED = ("registry__unit", "proposed_by", "reviewed_by", "decided_by", "document")


def visible_proposals(user):
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ClassificationProposal.objects.none()
    office = Membership.objects.filter(user=user, role__in=OFFICE_ROLES, unit=OuterRef("registry__unit"))
    leader = Membership.objects.filter(user=user, role=Role.LEADER, unit=OuterRef("registry__unit"))
    known = Q(document__isnull=True) | Q(document__in=visible_documents(user).values("pk"))
    return ClassificationProposal.objects.filter(
        Exists(office) | Q(proposed_by=user) | (Exists(leader) & known)
    ).select_related(*RELATED)


def proposals_to_review(user):
    """Proposals of the registries this person keeps as a clerk, waiting for a review, that they did not draft."""
    clerk = Membership.objects.filter(user=user, role=Role.CLERK, unit=OuterRef("registry__unit"))
    return (
        visible_proposals(user)
        .filter(Exists(clerk), status=ProposalStatus.PROPOSED)
        .exclude(proposed_by=user)
        .order_by("proposed_at", "pk")
    )


def proposals_to_approve(user):
    """Reviewed proposals of the units this person leads, that they neither drafted nor reviewed."""
    leader = Membership.objects.filter(user=user, role=Role.LEADER, unit=OuterRef("registry__unit"))
    return (
        visible_proposals(user)
        .filter(Exists(leader), status=ProposalStatus.REVIEWED)
        .exclude(proposed_by=user)
        .exclude(reviewed_by=user)
        .order_by("reviewed_at", "pk")
    )


def proposals_returned_to(user):
    """This person's own proposals a reviewer sent back: theirs to correct and propose again."""
    return visible_proposals(user).filter(proposed_by=user, status=ProposalStatus.RETURNED).order_by("reviewed_at", "pk")


def decisions_waiting(user):
    """The ids of the proposals this leader may approve: their part of the "Decisions" count in the navigation."""
    return proposals_to_approve(user).order_by().values_list("pk", flat=True)
