"""Demo data: one telegram (电报) in the General Office, to show what may not be done with one.

Registered after the procedures' documents, so that none of them picks its
copy to copy or circulate: the telegram's page offers no copying request and
its scope page nothing to add (documents/services/telegrams.py).
"""

import datetime

from django.contrib.auth import get_user_model

from documents.levels import Level
from documents.models import Direction, Document, DocumentType, Medium, Registry, Urgency
from documents.services.registration import register_document

REFERENCE = "省委办公厅明电〔2026〕15号"
REASON = "Demo data"


def load():
    registry = Registry.objects.filter(code="BGS").select_related("unit").first()
    people = {user.username: user for user in get_user_model().objects.filter(username__in=["clerk", "leader", "reader"])}
    if registry is None or len(people) < 3 or Document.objects.filter(registry=registry, reference_number=REFERENCE).exists():
        return False
    register_document(
        registry=registry, by=people["clerk"], reason=REASON, scope_users=[people["leader"], people["reader"]],
        direction=Direction.INCOMING, document_type=DocumentType.TELEGRAM,
        title="关于做好节日期间值班和保密工作的电报", originating_organ="省委办公厅", reference_number=REFERENCE,
        level=Level.SECRET, secrecy_period_years=None, date_classified=datetime.date(2026, 9, 28),
        pages=2, attachments=0, copies_count=2, urgency=Urgency.EXTRA_URGENT, medium=Medium.PAPER, remarks="",
    )
    return True
