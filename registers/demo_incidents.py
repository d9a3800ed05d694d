"""The demo's register of incidents: a classified computer found connected to the Internet at a device check,
reported to the secrecy bureau within the 24 hours, its investigation under way. The loss the demo's procedures
report (documents.management.demo_procedures) is the register's other incident."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from documents.models import Incident, IncidentKind
from registers.services.incidents import open_incident, record_follow_up, report_to_bureau

REASON = "Demo data"


def load(unit, clerk):
    leader = get_user_model().objects.filter(username="leader").first() or clerk
    # The demo's periodic check of BGS-PC-02 (carriers/demo.py) found it on the Internet and opened the incident;
    # the office reported it within hours. Without that check, the incident is entered by hand.
    incident = Incident.objects.filter(unit=unit, kind=IncidentKind.INTERNET).first()
    if incident is not None and incident.bureau_reported_at is not None:
        return
    if incident is None:
        now = timezone.now().replace(second=0, microsecond=0)
        discovered = now - datetime.timedelta(days=6, hours=3)
        incident = open_incident(
            unit=unit, kind=IncidentKind.INTERNET, by=clerk, reason=REASON, discovered_at=discovered,
            occurred_at=discovered - datetime.timedelta(days=2),
            circumstances="季度设备检查发现涉密计算机 BGS-PC-02 的网线接入了办公楼互联网交换机，已当场断开并封存硬盘。",
            notified="分管保密工作的副局长", source="设备检查：涉密计算机 BGS-PC-02",
        )
    discovered = incident.discovered_at
    report_to_bureau(incident=incident, by=leader, reason=REASON, reported_at=discovered + datetime.timedelta(hours=5),
                     report="市保密局检查处 王科长，电话报告，随后书面报告 保密〔2026〕7 号")
    record_follow_up(incident=incident, by=clerk, reason=REASON,
                     action="硬盘送市保密技术服务中心检测；全办公室网络端口排查")
