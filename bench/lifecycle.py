"""Stand-ins for the circulation services, so a lifecycle step can be measured before they land.

`hand_out_step` and `take_back_step` do what a real step does inside one
transaction: lock the copy (documents.services.copies.lock_copy), check the
clerk's role and that the reader may know the document, move the copy
(documents.services.copies.move, which checks the transition table) and
write its history row with actor and reason. When
documents.services.circulation lands, bench/run.py should call its
`hand_out`/`take_back` instead (see docs/performance.md).
"""

from django.db import transaction

from documents.models import CopyStatus
from documents.selectors import visible_documents
from documents.services.copies import lock_copy, move
from documents.services.errors import NotPermitted
from documents.services.recording import require_reason
from documents.services.roles import require_clerk


def hand_out_step(*, copy, to, by, reason):
    reason = require_reason(reason)
    with transaction.atomic():
        locked = lock_copy(copy)
        require_clerk(by, locked.document.registry)
        if not visible_documents(to).filter(pk=locked.document_id).exists():
            raise NotPermitted("The reader is outside the document's knowledge scope.")
        return move(locked, to=CopyStatus.OUT, holder=to, by=by, reason=reason)


def take_back_step(*, copy, by, reason):
    reason = require_reason(reason)
    with transaction.atomic():
        locked = lock_copy(copy)
        require_clerk(by, locked.document.registry)
        return move(locked, to=CopyStatus.IN_REGISTRY, by=by, reason=reason)
