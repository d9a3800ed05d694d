"""The demo's register of rules (load_demo): the General Office's two rules, one of them revised this year."""

import datetime

from django.contrib.auth import get_user_model

from people.models import Unit
from registers.models import Rule
from registers.services.rules import adopt_rule

REASON = "Demo data"


def load():
    unit = Unit.objects.filter(code="office").first()
    clerk = get_user_model().objects.filter(username="clerk").first()
    if unit is None or clerk is None or Rule.objects.filter(unit=unit).exists():
        return
    adopt_rule(unit=unit, by=clerk, reason=REASON, name="保密工作管理制度", scope="全体工作人员",
               adopted_on=datetime.date(2023, 3, 1), revised_on=datetime.date(2026, 4, 15),
               approved_by="局党组会议", kept_at="办公室文书档案 2026-WS-003")
    adopt_rule(unit=unit, by=clerk, reason=REASON, name="涉密计算机及移动存储介质管理规定",
               scope="涉密计算机、移动存储介质及其使用人员", adopted_on=datetime.date(2024, 6, 10), revised_on=None,
               approved_by="分管保密工作的副局长", kept_at="保密办公室 文件柜 2")
