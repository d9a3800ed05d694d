"""The demo's classification review (load_demo): one proposal awaiting review, one approved and registered.

In the General Office, the staff member `reader` has drafted a notice that
waits for the clerk's review (it is in `clerk`'s inbox); `reader2` drafted a
report that `clerk` reviewed and `leader` approved, registered with its
copies. Safe to run twice.
"""

import datetime

from django.contrib.auth import get_user_model

from accounts.services.reauth import on_console
from documents.levels import Level
from documents.models import Registry
from review.models import ClassificationProposal
from review.services import approve_proposal, pass_review, propose

REASON = "Demo data"
WAITING = "BGS [2026] No. 101"
APPROVED = "BGS [2026] No. 102"


def _fields(**fields):
    return {
        "originating_organ": "办公室", "secrecy_period_years": None, "date_classified": datetime.date(2026, 11, 25),
        "attachments": 0, "urgency": "normal", "medium": "paper", "remarks": "", **fields,
    }  # fmt: skip


def load():
    office = Registry.objects.filter(code="BGS").first()
    people = {user.username: user for user in get_user_model().objects.filter(
        username__in=["clerk", "leader", "reader", "reader2"])}  # fmt: skip
    if office is None or len(people) < 4:
        return
    if ClassificationProposal.objects.filter(registry=office, reference_number__in=[WAITING, APPROVED]).exists():
        return
    propose(
        registry=office, by=people["reader"], reason=REASON, scope_users=[people["leader"], people["reader"]],
        **_fields(title="关于开展2027年度保密自查工作的通知", reference_number=WAITING, level=Level.CONFIDENTIAL,
                  pages=4, copies_count=3, basis="本单位保密事项范围目录 第3.2项：年度保密检查工作部署"),
    )  # fmt: skip
    report = propose(
        registry=office, by=people["reader2"], reason=REASON, scope_users=[people["leader"], people["reader2"]],
        **_fields(title="关于重点涉密岗位人员调整情况的报告", reference_number=APPROVED, level=Level.SECRET,
                  pages=8, copies_count=2, basis="本单位保密事项范围目录 第2.1项：涉密人员管理情况"),
    )  # fmt: skip
    pass_review(proposal=report, by=people["clerk"], reason="Checked: level, period, basis and scope are right")
    approve_proposal(proposal=report, by=people["leader"], reason="Approved", proof=on_console(people["leader"]))
