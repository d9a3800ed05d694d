"""The demo's notifications (load_demo): the daily job run as of two days after the demo was loaded.

Two days on, the demo's requests have waited more than a day, so the leader
sees decisions waiting beside the clerk's overdue loan and ending periods.
Run again, the job adds nothing (one notification per person, kind and object).
"""

import datetime

from django.utils import timezone

from notifications.jobs import make_notifications
from notifications.models import Notification

DEMO_DAYS_ON = 2


def load():
    now = timezone.now()
    as_of = now + datetime.timedelta(days=DEMO_DAYS_ON)
    make_notifications(now=as_of)
    # Shown as made now, not on a day still to come.
    Notification.objects.filter(created_at=as_of).update(created_at=now)
