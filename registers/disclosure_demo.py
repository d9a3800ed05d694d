"""The demo's disclosure review and data given outside (load_demo): a news item of the General Office reviewed by
the leader and released on the website, and material given to the municipal audit bureau on its letter."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from documents.models import Copy
from registers.models import Channel, Decision, Provision, Publication
from registers.services.disclosure import record_decision, record_provision, record_release, submit_publication

REASON = "Demo data"


def load(unit, clerk):
    users = get_user_model().objects
    leader = users.filter(username="leader").first()
    if leader is None:
        return
    today = timezone.localdate()
    if not Publication.objects.filter(unit=unit).exists():
        item = submit_publication(unit=unit, by=clerk, reason=REASON, title="关于开展保密宣传月活动的新闻稿",
                                  channel=Channel.WEBSITE, submitted_by="办公室综合科", submitter=None, reviewer=leader)
        record_decision(publication=item, by=leader, decision=Decision.WITH_CHANGES, decided_on=today,
                        changes="删去涉密会议的地点和参会人数", reason=REASON)
        record_release(publication=item, by=clerk, released_on=today, reason=REASON)
        submit_publication(unit=unit, by=clerk, reason=REASON, title="年度工作总结（公开版）", channel=Channel.REPORT,
                           submitted_by="办公室", submitter=None, reviewer=leader)
    if not Provision.objects.filter(unit=unit).exists():
        copy = Copy.objects.filter(document__registry__unit=unit).select_related("document").order_by("pk").first()
        record_provision(unit=unit, by=clerk, reason=REASON, recipient="市审计局", letter_number="审计介〔2026〕15号",
                         purpose="年度预算执行审计", sealed=True, approved_by=leader,
                         description="2025 年度经费支出凭证复印件一套", copies=[str(copy)] if copy else [],
                         provided_on=today - datetime.timedelta(days=3))
