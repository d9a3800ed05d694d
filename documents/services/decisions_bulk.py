"""A leader approves several waiting items at once, with one reason: all of them, or none.

Each item goes through its own procedure's approve service (which locks it,
calls its check and writes its history), inside one transaction: the first
refusal undoes every approval made before it, and the error names the item
that refused and why. Items are approved in one global order (kind, then
primary key) so that two leaders approving overlapping sets never deadlock.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from archives.models import Consultation
from archives.services import consultation as consultations
from documents.models import Circulation, DestructionList, Loan, ReproductionRequest
from documents.services import borrowing, circulation, copying, destruction
from documents.services.errors import InvalidInput, LifecycleError
from documents.services.recording import require_reason

# kind: (model, approve service, how the item is named in a message)
APPROVALS = {
    "circulation": (
        Circulation,
        lambda item, by, reason, proof: circulation.approve_circulation(circulation=item, by=by, reason=reason),
        lambda item: _("the reading list of copy %(copy)s") % {"copy": item.copy.label},
    ),
    "loan": (
        Loan,
        lambda item, by, reason, proof: borrowing.approve_loan(loan=item, by=by, reason=reason),
        lambda item: _("the loan of copy %(copy)s") % {"copy": item.copy.label},
    ),
    "reproduction": (
        ReproductionRequest,
        lambda item, by, reason, proof: copying.approve_reproduction(request=item, by=by, reason=reason, proof=proof),
        lambda item: _("copying request #%(id)d (copy %(copy)s)") % {"id": item.pk, "copy": item.source_copy.label},
    ),
    "destruction": (
        DestructionList,
        lambda item, by, reason, proof: destruction.approve_destruction_list(dlist=item, by=by, reason=reason, proof=proof),
        lambda item: _("destruction list %(list)s") % {"list": item.label},
    ),
    "consultation": (
        Consultation,
        lambda item, by, reason, proof: consultations.approve_consultation(consultation=item, by=by, reason=reason),
        lambda item: _("the archive consultation of %(name)s") % {"name": item.reader_name},
    ),
}
KINDS = {model: kind for kind, (model, _approve, _name) in APPROVALS.items()}
ORDER = list(APPROVALS)


class RefusedInBulk(LifecycleError):
    """One item refused: nothing of the bulk approval was kept."""

    code = "refused_in_bulk"

    def __init__(self, *, item, kind, error):
        self.item, self.kind, self.error = item, kind, error
        self.status = error.status
        super().__init__(
            _("Nothing was approved: %(item)s was refused: %(reason)s")
            % {"item": describe(item), "reason": error.message}
        )


def kind_of(item) -> str:
    return KINDS[type(item)]


def describe(item) -> str:
    return APPROVALS[kind_of(item)][2](item)


def approve_several(*, items, by, reason, proof=None) -> list:
    """Approve every item (reading lists, loans, copying requests, destruction lists, outside consultations).

    `proof`: the leader's recent re-authentication (accounts.services.reauth),
    which the destruction lists and top-secret copying among them need.

    Raises RefusedInBulk naming the first item whose own service refused; then no item is approved.
    """
    reason = require_reason(reason)
    items = sorted(items, key=lambda item: (ORDER.index(kind_of(item)), item.pk))
    if not items:
        raise InvalidInput({"items": [_("Tick at least one item to approve.")]})
    approved = []
    with transaction.atomic():
        for item in items:
            kind = kind_of(item)
            try:
                approved.append(APPROVALS[kind][1](item, by, reason, proof))
            except LifecycleError as error:
                raise RefusedInBulk(item=item, kind=kind, error=error) from error
    return approved
