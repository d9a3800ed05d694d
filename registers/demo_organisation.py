"""The demo's register of organisation and responsibility (load_demo): the General Office's secrecy group (a leader,
a deputy, members, one who left this year), its leader in charge, two letters signed this year, and this year's
plan with three tasks, one done."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from registers.models import GroupMembership, Position
from registers.services import organisation

REASON = "Demo data"


def load(unit, clerk):
    if GroupMembership.objects.filter(unit=unit).exists():
        return
    users = {user.username: user for user in get_user_model().objects.filter(
        username__in=["leader", "clerk", "reader", "inspector", "reader2"])}
    if len(users) < 5:
        return
    today = timezone.localdate()

    def day(month, date):
        # Inside this year and never after today, whenever the demo is loaded.
        return min(datetime.date(today.year, month, date), today)

    for username, position, since in (("leader", Position.LEADER, datetime.date(today.year - 2, 3, 1)),
                                      ("leader", Position.IN_CHARGE, datetime.date(today.year - 2, 3, 1)),
                                      ("clerk", Position.DEPUTY, datetime.date(today.year - 2, 3, 1)),
                                      ("inspector", Position.MEMBER, datetime.date(today.year - 1, 5, 20)),
                                      ("reader", Position.MEMBER, datetime.date(today.year - 1, 5, 20)),
                                      ("reader2", Position.MEMBER, datetime.date(today.year - 1, 5, 20))):
        place = organisation.appoint(unit=unit, person=users[username], position=position, appointed_on=since,
                                     by=clerk, reason=REASON)
    organisation.record_leaving(membership=place, left_on=day(6, 30), by=clerk, reason="调任其他处室")
    for fields in ({"party": "财务处", "person": None}, {"party": "", "person": users["reader"]}):
        organisation.enter_letter(unit=unit, by=users["leader"], reason=REASON, signed_on=day(1, 8),
                                  valid_from=day(1, 1), valid_until=datetime.date(today.year, 12, 31), **fields)
    plan = organisation.adopt_plan(unit=unit, year=today.year, title=f"{today.year}年度保密工作计划",
                                   adopted_on=day(1, 15), by=clerk, reason=REASON)
    tasks = [("开展全员保密教育培训", "办公室", users["clerk"], datetime.date(today.year, 6, 30)),
             ("组织涉密载体年度清查", "保密办公室", users["inspector"], datetime.date(today.year, 11, 30)),
             ("修订保密工作管理制度", "办公室", users["leader"], datetime.date(today.year, 12, 31))]
    for task, office, person, due in tasks:
        entry = organisation.add_task(plan=plan, by=clerk, reason=REASON, task=task, office=office,
                                      responsible=person, due_on=due)
        if due.month == 6:
            organisation.record_done(task=entry, done_on=day(6, 20), by=clerk, reason=REASON)
