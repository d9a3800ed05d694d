"""A leader's decision on a request (a loan, a copying request): who may decide, and how it is recorded.

The state a request must be in, and who counts as having asked, differ by
procedure and stay in its module; the rules that a decider leads the
document's unit, knows the document, and leaves the same trace live here.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from documents.reasons import system_reason
from documents.selectors import may_know
from documents.services.errors import NotPermitted, raise_if
from documents.services.recording import stamp
from documents.services.roles import leader_refusal


def deciding_leader_refusal(by, document):
    """Why `by` may not decide on a request about `document`, or None (part of every decision's check)."""
    refusal = leader_refusal(by, document.registry)
    if refusal is None and not may_know(by, document):
        refusal = NotPermitted(_("You are not in the knowledge scope of this document; another leader must decide."))
    return refusal


def require_deciding_leader(by, document):
    raise_if(deciding_leader_refusal(by, document))


def record_decision(request, *, by, reason, status, label):
    """`label`: the system phrase of the history row, e.g. "Loan approved: %s" (documents.reasons)."""
    request.status = status
    request.approved_by = by
    request.decided_at = timezone.now()
    request.decision_reason = reason
    stamp(request, by=by, reason=system_reason(label, reason)).save()
    return request
