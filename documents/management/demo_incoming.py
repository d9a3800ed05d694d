"""The demo's incoming document that keeps its sender's copy numbers (load_demo, issue 16).

The Provincial Security Bureau sends the General Office copies 4, 7 and 9
of a secret circular; the clerk registers them as copies 4, 7 and 9, with
the date received, who brought them and the bureau's registry number, and
shelves them in room 301, cabinet 4.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from documents.levels import Level
from documents.models import Direction, Document, Registry
from documents.services.registration import register_document
from documents.services.storage import Place

REFERENCE = "省保密局 [2026] No. 31"
ORGAN = "省保密局 Provincial Security Bureau"
REASON = "Demo data"


def load():
    office = Registry.objects.filter(code="BGS").first()
    clerk = get_user_model().objects.filter(username="clerk").first()
    if None in (office, clerk) or Document.objects.filter(registry=office, reference_number=REFERENCE).exists():
        return
    leader = get_user_model().objects.filter(username="leader").first()
    register_document(
        registry=office, by=clerk, reason=REASON, scope_users=[leader] if leader else [],
        copy_numbers=[4, 7, 9], location=Place("301", "4", "1"),
        direction=Direction.INCOMING, title="关于开展年度保密检查的通报", originating_organ=ORGAN,
        reference_number=REFERENCE, level=Level.SECRET, secrecy_period_years=None,
        date_classified=datetime.date(2026, 11, 2), pages=8, attachments=0,
        urgency="normal", medium="paper", remarks="",
        received_on=min(datetime.date(2026, 11, 5), timezone.localdate()), received_from_organ=ORGAN,
        delivered_by="机要交通员 王强", sender_registry_number="SBM-2026-00317",
    )
