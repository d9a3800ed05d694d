"""Copying and excerpting (复制/摘抄): the clerk asks with a reason and a count, a leader approves
(top secret also needs the originating organ's approval reference), the clerk makes the copies.

New copies take the next copy numbers of their document and name their source copy and the
request that authorised them. Locks: the request row, then the document (it allocates the copy
numbers), then the source copy.

Each step has its check (`check_approve_reproduction(request, user)` ...): the
reason this user may not take it now, or None; the step raises it, pages ask it.
"""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from accounts.services.reauth import require_step_up
from documents.levels import Level
from documents.models import Copy, CopyStatus, Document, ReproductionKind, ReproductionRequest, ReproductionStatus
from documents.models.document import MAX_COPIES
from documents.models.reproduction import MAX_REPRODUCTIONS
from documents.reasons import system_reason
from documents.selectors import may_know
from documents.services.copies import lock_copy
from documents.services.decisions import deciding_leader_refusal, record_decision
from documents.services.errors import InvalidInput, InvalidState, NotPermitted, SeparationOfDuties, raise_if
from documents.services.holds import Procedure, hold_refusal
from documents.services.recording import require_reason, stamp, visible_text
from documents.services.roles import clerk_refusal
from documents.services.telegrams import reproduction_refusal



def _not_in_registry(copy):
    return InvalidState(
        _("Copy %(copy)s is %(status)s: only a copy in the registry can be copied.")
        % {"copy": copy.label, "status": copy.get_status_display().lower()}
    )


def check_request_reproduction(copy, user):
    """May `user` ask for copies of `copy` now? A clerk of its registry who knows it, while it is in the registry."""
    document = copy.document
    refusal = clerk_refusal(user, document.registry)
    if refusal is not None:
        return refusal
    if not may_know(user, document):
        return NotPermitted()
    refusal = reproduction_refusal(document) or hold_refusal(copy, Procedure.COPY)
    if refusal is not None:
        return refusal
    if copy.status != CopyStatus.IN_REGISTRY:
        return _not_in_registry(copy)
    return None


def request_reproduction(*, source_copy, kind, count, by, reason, originating_approval="") -> ReproductionRequest:
    reason = require_reason(reason)
    kind = ReproductionKind(kind)
    originating_approval = visible_text(originating_approval)
    source_copy = Copy.objects.select_related("document__registry__unit").get(pk=source_copy.pk)
    document = source_copy.document
    raise_if(check_request_reproduction(source_copy, by))
    if not isinstance(count, int) or not 1 <= count <= MAX_REPRODUCTIONS:
        raise InvalidInput({"count": [_("Ask for between 1 and %(max)d copies.") % {"max": MAX_REPRODUCTIONS}]})
    if document.level == Level.TOP_SECRET and not originating_approval:
        raise InvalidInput(
            {"originating_approval": [_("Top secret documents are copied only with the originating organ's approval: give its reference.")]}
        )
    request = ReproductionRequest(
        source_copy=source_copy,
        kind=kind,
        count=count,
        reason=reason,
        originating_approval=originating_approval,
        requested_by=by,
    )
    stamp(request, by=by, reason=system_reason("Copying requested: %s", reason)).save()
    return request


def _lock_request(request) -> ReproductionRequest:
    return (
        ReproductionRequest.objects.select_for_update(of=("self",))
        .select_related("source_copy__document__registry__unit")
        .get(pk=request.pk)
    )


def _decider_refusal(request, user):
    refusal = deciding_leader_refusal(user, request.source_copy.document)
    if refusal is not None:
        return refusal
    if request.status != ReproductionStatus.REQUESTED:
        return InvalidState(
            _("This request is not awaiting approval (it is %(status)s).") % {"status": request.get_status_display().lower()}
        )
    if user.pk == request.requested_by_id:
        return SeparationOfDuties(_("Whoever asks cannot decide: another leader must approve or reject this request."))
    return None


def check_approve_reproduction(request, user):
    """May `user` approve this request now? A deciding leader who did not ask, for a source nothing holds."""
    return (
        _decider_refusal(request, user)
        or reproduction_refusal(request.source_copy.document)
        or hold_refusal(request.source_copy, Procedure.COPY)
    )


def check_reject_reproduction(request, user):
    return _decider_refusal(request, user)


def needs_step_up(request) -> bool:
    """Approving top-secret copying cannot be undone: the leader proves who they are again (accounts.services.reauth)."""
    return request.source_copy.document.level == Level.TOP_SECRET


def _decide(*, request, by, reason, status, label, check, proof=None) -> ReproductionRequest:
    reason = require_reason(reason)
    with transaction.atomic():
        request = _lock_request(request)
        raise_if(check(request, by))
        if status == ReproductionStatus.APPROVED and needs_step_up(request):
            require_step_up(proof, by)
        return record_decision(request, by=by, reason=reason, status=status, label=label)


def approve_reproduction(*, request, by, reason, proof=None) -> ReproductionRequest:
    """`proof`: the leader's recent re-authentication (accounts.services.reauth), needed for top secret."""
    return _decide(
        request=request, by=by, reason=reason, status=ReproductionStatus.APPROVED, label="Copying approved: %s",
        check=check_approve_reproduction, proof=proof,
    )  # fmt: skip


def reject_reproduction(*, request, by, reason) -> ReproductionRequest:
    return _decide(
        request=request, by=by, reason=reason, status=ReproductionStatus.REJECTED, label="Copying rejected: %s",
        check=check_reject_reproduction,
    )  # fmt: skip


def check_execute_reproduction(request, user):
    """May `user` make the approved copies now? A clerk, not the approving leader, from a copy in the registry."""
    source = request.source_copy
    document = source.document
    refusal = clerk_refusal(user, document.registry)
    if refusal is not None:
        return refusal
    if request.status != ReproductionStatus.APPROVED:
        return InvalidState(
            _("This request is %(status)s; only an approved request is carried out.")
            % {"status": request.get_status_display().lower()}
        )
    if user.pk == request.approved_by_id:
        return SeparationOfDuties(_("The leader who approved cannot also make the copies: another clerk must."))
    refusal = reproduction_refusal(document) or hold_refusal(source, Procedure.COPY)
    if refusal is not None:
        return refusal
    if source.status != CopyStatus.IN_REGISTRY:
        return _not_in_registry(source)
    if document.copies_count + request.count > MAX_COPIES:
        return InvalidState(_("A document has at most %(max)d copies.") % {"max": MAX_COPIES})
    return None


def execute_reproduction(*, request, by, reason) -> list[Copy]:
    """The clerk makes the approved copies: next copy numbers, marked as reproductions, counted on the document."""
    reason = require_reason(reason)
    with transaction.atomic():
        request = _lock_request(request)
        document = Document.objects.select_for_update().select_related("registry__unit").get(
            pk=request.source_copy.document_id
        )
        source = lock_copy(request.source_copy_id)
        source.document = document
        request.source_copy = source
        raise_if(check_execute_reproduction(request, by))
        last = document.copies.aggregate(last=Max("number"))["last"] or 0
        note = system_reason(
            "Reproduction of copy %(source)d under request #%(request)d: %(reason)s",
            source=source.number,
            request=request.pk,
            reason=reason,
        )
        copies = [
            Copy(
                document=document,
                number=last + offset,
                status=CopyStatus.IN_REGISTRY,
                source_copy=source,
                reproduction_request=request,
            )
            for offset in range(1, request.count + 1)
        ]
        copies = bulk_create_with_history(copies, Copy, default_user=by, default_change_reason=note)
        document.copies_count += request.count
        stamp(document, by=by, reason=note).save()
        request.status = ReproductionStatus.EXECUTED
        request.executed_by = by
        request.executed_at = timezone.now()
        stamp(request, by=by, reason=system_reason("Copies made: %s", reason)).save()
    return copies
