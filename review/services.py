"""Classification review (定密) of an outgoing document: propose, review, approve, and only then register.

- A drafter (a clerk, leader or staff member of the registry's unit) proposes
  the level, the secrecy period, its basis (the item of the classification
  catalogue) and the knowledge scope, with the document's registration data.
- A secrecy clerk of the unit other than the drafter reviews it: passes it on
  to the leaders, or sends it back with the reason; the drafter corrects it
  and proposes it again.
- A leader of the unit, neither the drafter nor the reviewer, approves it (with
  step-up: the document is registered and numbered, which cannot be undone) or
  rejects it. Approval registers the document and its copies through
  documents.services.registration; nothing here numbers anything.

Each step has its check (`check_approve_proposal(proposal, user)` ...): the
reason this user may not take it now, or None. The service asks it under its
lock; the pages, the inbox and the API ask it before they offer the step.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.services.reauth import require_step_up
from documents.levels import default_period
from documents.models import Direction, Document, DocumentType
from documents.reasons import system_reason
from documents.selectors import eligible_for_scope
from documents.services.errors import InvalidInput, InvalidState, NotPermitted, SeparationOfDuties, raise_if
from documents.services.recording import require_reason, stamp, visible_text
from documents.services.registration import register_approved, validate_document
from documents.services.roles import clerk_refusal, leader_refusal
from people.models import Unit
from people.roles import Role
from people.selectors import has_any_role
from review.models import PROPOSED_FIELDS, TRANSITIONS, ClassificationProposal, ProposalStatus

DRAFTER_ROLES = (Role.CLERK, Role.LEADER, Role.READER)


def _locked(proposal):
    return ClassificationProposal.objects.select_for_update(of=("self",)).select_related("registry__unit").get(
        pk=proposal.pk
    )


def _state_refusal(proposal, step):
    allowed, _target = TRANSITIONS[step]
    if proposal.status in allowed:
        return None
    if proposal.status == ProposalStatus.APPROVED:
        return InvalidState(
            _("Proposal %(proposal)s was approved and the document registered as %(number)s; it is final.")
            % {"proposal": proposal.label, "number": proposal.document.registry_number}
        )
    if step == "approve" and proposal.status == ProposalStatus.PROPOSED:
        return InvalidState(
            _("Proposal %(proposal)s has not been reviewed yet; a secrecy clerk must review it before a leader approves it.")
            % {"proposal": proposal.label}
        )
    return InvalidState(
        _("Proposal %(proposal)s is %(status)s; this step is not possible now.")
        % {"proposal": proposal.label, "status": proposal.get_status_display().lower()}
    )


def check_propose(registry, user):
    """May `user` propose an outgoing document of `registry`? A clerk, leader or staff member of its unit."""
    if not has_any_role(user, DRAFTER_ROLES, registry.unit):
        return NotPermitted(
            _("Only a member of %(unit)s (a clerk, a leader or a staff member) can propose its outgoing documents.")
            % {"unit": registry.unit}
        )
    return None


def check_revise_proposal(proposal, user):
    """May `user` correct this proposal and propose it again? Its drafter, once a reviewer sent it back."""
    if user.pk != proposal.proposed_by_id:
        return NotPermitted(_("Only the drafter of proposal %(proposal)s can correct it.") % {"proposal": proposal.label})
    return _state_refusal(proposal, "revise") or check_propose(proposal.registry, user)


def _review_refusal(proposal, user, step):
    refusal = clerk_refusal(user, proposal.registry) or _state_refusal(proposal, step)
    if refusal is None and user.pk == proposal.proposed_by_id:
        refusal = SeparationOfDuties(_("You drafted this proposal; another secrecy clerk must review it."))
    return refusal


def check_pass_review(proposal, user):
    """May `user` pass this proposal on to the leaders? A clerk of its unit who did not draft it, while it awaits review."""
    return _review_refusal(proposal, user, "pass_review")


def check_send_back(proposal, user):
    """May `user` send this proposal back to its drafter? The same reviewer, at the same moment."""
    return _review_refusal(proposal, user, "send_back")


def _decision_refusal(proposal, user, step):
    refusal = leader_refusal(user, proposal.registry) or _state_refusal(proposal, step)
    if refusal is None and user.pk == proposal.proposed_by_id:
        refusal = SeparationOfDuties(_("You drafted this proposal; another leader must decide on it."))
    if refusal is None and user.pk == proposal.reviewed_by_id:
        refusal = SeparationOfDuties(_("You reviewed this proposal; another leader must decide on it."))
    return refusal


def check_approve_proposal(proposal, user):
    """May `user` approve this proposal (and so register the document)? A leader of its unit, neither drafter nor reviewer."""
    return _decision_refusal(proposal, user, "approve")


def check_reject_proposal(proposal, user):
    return _decision_refusal(proposal, user, "reject")


def _clean(registry, by, fields, scope_users, scope_units):
    """The proposal's fields validated as registration will validate them, and the scope held to who may be named."""
    unknown = set(fields) - set(PROPOSED_FIELDS) - {"basis"}
    if unknown:
        raise TypeError(f"not proposal fields: {sorted(unknown)}")
    basis = visible_text(fields.get("basis"))
    if not basis:
        raise InvalidInput({"basis": [_("Give the basis: the item of the classification catalogue this level follows.")]})
    fields = {**fields, "basis": basis, "document_type": fields.get("document_type") or DocumentType.DOCUMENT}
    document_fields = {name: fields.get(name) for name in PROPOSED_FIELDS}
    if document_fields["secrecy_period_years"] is None and document_fields["level"] is not None:
        # Written down at once, so the reviewer and the leader decide on the period the document will carry.
        document_fields["secrecy_period_years"] = default_period(document_fields["level"])
        fields["secrecy_period_years"] = document_fields["secrecy_period_years"]
    validate_document(Document(registry=registry, direction=Direction.OUTGOING, created_by=by, **document_fields))
    people = list(scope_users)
    eligible = set(eligible_for_scope(registry).filter(pk__in=[p.pk for p in people]).values_list("pk", flat=True))
    outside = [person for person in people if person.pk not in eligible]
    if outside:
        raise InvalidInput({"scope_users": [
            _("%(name)s cannot be named in this knowledge scope: only active members of %(unit)s; give other units access through their unit.")
            % {"name": outside[0].get_full_name() or outside[0].get_username(), "unit": registry.unit}
        ]})  # fmt: skip
    fields["scope_user_ids"] = sorted({person.pk for person in people})
    fields["scope_unit_ids"] = sorted({unit.pk for unit in scope_units})
    return fields


def propose(*, registry, by, reason, scope_users=(), scope_units=(), **fields) -> ClassificationProposal:
    """A drafter proposes an outgoing document's classification: it waits for a clerk's review."""
    reason = require_reason(reason)
    raise_if(check_propose(registry, by))
    fields = _clean(registry, by, fields, scope_users, scope_units)
    with transaction.atomic():
        proposal = ClassificationProposal(registry=registry, proposed_by=by, reason=reason, **fields)
        stamp(proposal, by=by, reason=reason).save()
    return proposal


def revise_proposal(*, proposal, by, reason, scope_users=(), scope_units=(), **fields) -> ClassificationProposal:
    """The drafter corrects a proposal sent back and proposes it again; the review starts over."""
    reason = require_reason(reason)
    with transaction.atomic():
        proposal = _locked(proposal)
        raise_if(check_revise_proposal(proposal, by))
        for name, value in _clean(proposal.registry, by, fields, scope_users, scope_units).items():
            setattr(proposal, name, value)
        proposal.status = TRANSITIONS["revise"][1]
        proposal.reason = reason
        proposal.proposed_at = timezone.now()
        proposal.reviewed_by, proposal.reviewed_at, proposal.review_reason = None, None, ""
        stamp(proposal, by=by, reason=reason).save()
    return proposal


def _review(proposal, by, reason, step, check):
    reason = require_reason(reason)
    with transaction.atomic():
        proposal = _locked(proposal)
        raise_if(check(proposal, by))
        proposal.status = TRANSITIONS[step][1]
        proposal.reviewed_by = by
        proposal.reviewed_at = timezone.now()
        proposal.review_reason = reason
        stamp(proposal, by=by, reason=reason).save()
    return proposal


def pass_review(*, proposal, by, reason) -> ClassificationProposal:
    """The reviewing clerk finds level, period, basis and scope right: the proposal goes to the unit's leaders."""
    return _review(proposal, by, reason, "pass_review", check_pass_review)


def send_back(*, proposal, by, reason) -> ClassificationProposal:
    """The reviewing clerk sends the proposal back to its drafter, saying what to correct."""
    return _review(proposal, by, reason, "send_back", check_send_back)


def approve_proposal(*, proposal, by, reason, proof=None) -> ClassificationProposal:
    """A leader approves: the document is registered and numbered, its copies and scope with it.

    `proof`: the leader's recent re-authentication (accounts.services.reauth);
    a registered number is never taken back. Two leaders approving at once:
    the second waits on the proposal's lock and finds it approved.
    """
    reason = require_reason(reason)
    with transaction.atomic():
        proposal = _locked(proposal)
        raise_if(check_approve_proposal(proposal, by))
        require_step_up(proof, by)
        users = list(eligible_for_scope(proposal.registry).filter(pk__in=proposal.scope_user_ids))
        units = list(Unit.objects.filter(pk__in=proposal.scope_unit_ids).order_by("pk"))
        document = register_approved(
            registry=proposal.registry, by=by, scope_users=users, scope_units=units,
            reason=system_reason("Registered on approval of classification proposal %(proposal)s: %(reason)s",
                                 proposal=proposal.label, reason=reason),
            direction=Direction.OUTGOING, **{name: getattr(proposal, name) for name in PROPOSED_FIELDS},
        )  # fmt: skip
        proposal.status = TRANSITIONS["approve"][1]
        proposal.decided_by = by
        proposal.decided_at = timezone.now()
        proposal.decision_reason = reason
        proposal.document = document
        stamp(proposal, by=by, reason=reason).save()
    return proposal


def reject_proposal(*, proposal, by, reason) -> ClassificationProposal:
    """A leader refuses the proposal; nothing is registered. The drafter may propose anew."""
    reason = require_reason(reason)
    with transaction.atomic():
        proposal = _locked(proposal)
        raise_if(check_reject_proposal(proposal, by))
        proposal.status = TRANSITIONS["reject"][1]
        proposal.decided_by = by
        proposal.decided_at = timezone.now()
        proposal.decision_reason = reason
        stamp(proposal, by=by, reason=reason).save()
    return proposal
