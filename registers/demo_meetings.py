"""The demo's meetings (load_demo): the General Office's secrecy work meeting of the spring, and a secret-related
meeting held today whose materials, two numbered copies of a secret document, went out to the two readers and came
back: one at the end of the meeting, the other late, after it."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from documents.levels import Level
from documents.models import Registry
from documents.services.registration import register_document
from registers.models import Meeting, MeetingKind
from registers.services import meetings

REASON = "Demo data"


def load():
    users = {user.username: user for user in get_user_model().objects.filter(
        username__in=["clerk", "leader", "reader", "reader2", "inspector"])}
    registry = Registry.objects.filter(code="BGS").select_related("unit").first()
    if registry is None or len(users) < 5 or Meeting.objects.filter(unit=registry.unit).exists():
        return
    unit, clerk, leader = registry.unit, users["clerk"], users["leader"]
    today = timezone.localdate()
    meetings.record_meeting(
        unit=unit, by=clerk, reason=REASON, kind=MeetingKind.WORK, name="2026年第一次保密工作会议",
        held_on=max(today - datetime.timedelta(days=60), today.replace(month=1, day=1)), chaired_by="张伟（分管副局长）",
        attendees=[leader, clerk, users["inspector"]], guests="市保密局 指导处 李处长",
        topics="传达全市保密工作会议精神；部署年度保密自查自评工作",
        decisions="修订保密工作管理制度；十一月底前完成涉密载体清查",
    )
    meeting = meetings.record_meeting(
        unit=unit, by=clerk, reason=REASON, kind=MeetingKind.SECRET, name="重点项目涉密工作部署会", held_on=today,
        chaired_by="张伟", attendees=[users["reader"], users["reader2"]], guests="", topics="部署重点项目保密措施",
        decisions="会议材料会后收回，不得带离",
    )
    document = register_document(
        registry=registry, by=clerk, reason=REASON, scope_users=[leader, users["reader"], users["reader2"]],
        direction="internal", title="重点项目涉密工作部署会会议材料", originating_organ="办公室", reference_number="",
        level=Level.SECRET, secrecy_period_years=None, date_classified=today, pages=8, attachments=0, copies_count=3,
        urgency="normal", medium="paper", remarks="",
    )
    meetings.prepare_materials(meeting=meeting, document=document, by=clerk, reason=REASON)
    meetings.approve_materials(meeting=meeting, by=leader, reason=REASON)
    meetings.hand_out_materials(meeting=meeting, by=clerk, reason=REASON)
    first, late = sorted(meetings.out_copies(meeting), key=lambda circulation: circulation.pk)
    meetings.take_back_materials(meeting=meeting, circulations=[first], by=clerk, reason=REASON)
    meetings.take_back_materials(meeting=meeting, circulations=[late], by=clerk, reason=REASON)
