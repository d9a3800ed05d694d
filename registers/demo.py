"""The demo's secrecy work registers (load_demo): the General Office's two rules, one revised this year, and its
confidential room, a key part whose protections were checked twice, the second check finding a fault; its education
events (registers/demo_education.py)."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from people.models import Unit
from registers import demo_education, demo_incidents, demo_meetings, demo_organisation
from registers.models import CheckResult, KeyPart, Protection, Rule
from registers.services.key_parts import record_check, register_part
from registers.services.rules import adopt_rule

REASON = "Demo data"


def load():
    unit = Unit.objects.filter(code="office").first()
    clerk = get_user_model().objects.filter(username="clerk").first()
    if unit is None or clerk is None:
        return
    if not KeyPart.objects.filter(unit=unit).exists():
        _key_parts(unit, clerk)
    demo_meetings.load()
    demo_incidents.load(unit, clerk)
    from registers.disclosure_demo import load as load_disclosure

    load_disclosure(unit, clerk)
    demo_organisation.load(unit, clerk)
    demo_education.load(unit, clerk)
    if Rule.objects.filter(unit=unit).exists():
        return
    adopt_rule(unit=unit, by=clerk, reason=REASON, name="保密工作管理制度", scope="全体工作人员",
               adopted_on=datetime.date(2023, 3, 1), revised_on=datetime.date(2026, 4, 15),
               approved_by="局党组会议", kept_at="办公室文书档案 2026-WS-003")
    adopt_rule(unit=unit, by=clerk, reason=REASON, name="涉密计算机及移动存储介质管理规定",
               scope="涉密计算机、移动存储介质及其使用人员", adopted_on=datetime.date(2024, 6, 10), revised_on=None,
               approved_by="分管保密工作的副局长", kept_at="保密办公室 文件柜 2")


def _key_parts(unit, clerk):
    inspector = get_user_model().objects.filter(username="inspector").first() or clerk
    room = register_part(unit=unit, by=clerk, reason=REASON, name="机要室", location="办公楼三楼 301 室",
                         protections=[Protection.SECURE_DOOR, Protection.SAFE_CABINET, Protection.ALARM, Protection.CCTV],
                         responsible=clerk)
    today = timezone.localdate()
    record_check(part=room, by=clerk, checked_on=today - datetime.timedelta(days=120), result=CheckResult.SOUND,
                 reason=REASON)
    record_check(part=room, by=inspector, checked_on=today - datetime.timedelta(days=10), result=CheckResult.PROBLEMS,
                 findings="报警器备用电池电量不足，已当场更换", reason=REASON)
