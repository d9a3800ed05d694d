"""The demo's register of education (load_demo): the General Office's annual training session, whose attendance
was taken with everyone present but the person leaving their post, and a course of the municipal secrecy bureau
the clerk attended and was certified for."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from registers.models import EducationEvent, EventKind
from registers.services.education import enter_event, take_attendance

REASON = "Demo data"
TRAINING = "年度保密教育培训 Annual confidentiality training"
PRESENT = ("clerk", "leader", "reader", "reader2", "inspector", "admin")
ABSENT = "reader4"


def _this_year_days_ago(days):
    today = timezone.localdate()
    return max(today - datetime.timedelta(days=days), datetime.date(today.year, 1, 1))


def load(unit, clerk):
    if EducationEvent.objects.filter(unit=unit).exists():
        return
    people = {user.username: user for user in get_user_model().objects.filter(username__in=[*PRESENT, ABSENT])}
    session = enter_event(unit=unit, by=clerk, reason=REASON, kind=EventKind.STUDY, name=TRAINING,
                          organiser="办公室 General Office", held_on=_this_year_days_ago(40), hours=Decimal("4"))
    for name in PRESENT:
        if name in people:
            take_attendance(event=session, by=clerk, person=people[name], present=True, reason=REASON)
    if ABSENT in people:
        take_attendance(event=session, by=clerk, person=people[ABSENT], present=False, reason="On leave that day")
    course = enter_event(unit=unit, by=clerk, reason=REASON, kind=EventKind.BUREAU_COURSE, name="保密员业务培训班",
                         organiser="市国家保密局", held_on=_this_year_days_ago(20), hours=Decimal("16"))
    take_attendance(event=course, by=clerk, person=clerk, present=True, certificate="BMJ-2026-0417", reason=REASON)
