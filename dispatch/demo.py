"""The demo's dispatch (load_demo): a secret notice of the General Office on its way to the Finance Division.

Copies 1 and 2 go to Finance (its clerk, clerk2, finds them in the inbox),
copy 3 to the Legal Affairs Division, copy 4 to an outside organ whose
receipt is still to be recorded; copy 5 stays in the registry.
"""

import datetime

from django.contrib.auth import get_user_model

from dispatch.services import dispatch_copies
from documents.levels import Level
from documents.models import Direction, Document, Registry
from documents.services.registration import register_document

REFERENCE = "BGS [2026] No. 100"
REASON = "Demo data"


def load():
    office = Registry.objects.filter(code="BGS").first()
    finance = Registry.objects.filter(code="CWC").first()
    legal = Registry.objects.filter(code="FGC").first()
    clerk = get_user_model().objects.filter(username="clerk").first()
    if None in (office, finance, legal, clerk) or Document.objects.filter(registry=office, reference_number=REFERENCE).exists():
        return
    leader = get_user_model().objects.filter(username="leader").first()
    notice = register_document(
        registry=office, by=clerk, reason=REASON, scope_users=[leader] if leader else [],
        direction=Direction.OUTGOING, title="关于做好年终保密清退工作的通知", originating_organ="办公室",
        reference_number=REFERENCE, level=Level.SECRET, secrecy_period_years=None,
        date_classified=datetime.date(2026, 11, 20), pages=6, attachments=1, copies_count=5,
        urgency="urgent", medium="paper", remarks="",
    )
    copies = {copy.number: copy for copy in notice.copies.all()}
    dispatch_copies(
        document=notice, by=clerk, reason=REASON,
        lines=[(copies[1], finance), (copies[2], finance), (copies[3], legal), (copies[4], "省审计厅")],
    )
