"""The demo's notifications (load_demo): the daily job run as of two days after the demo was loaded.

Two days on, the demo's requests have waited more than a day, so the leader
sees decisions waiting beside the clerk's overdue loan and ending periods.
Run again, the job adds nothing (one notification per person, kind and object).
"""

import datetime

from django.utils import timezone

from notifications.jobs import make_notifications

DEMO_DAYS_ON = 2


def load():
    make_notifications(now=timezone.now() + datetime.timedelta(days=DEMO_DAYS_ON))
