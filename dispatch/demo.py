"""The demo's dispatch (load_demo): a secret notice of the General Office on its way to the Finance Division.

Copies 1 and 2 go to Finance (its clerk, clerk2, finds them in the inbox),
copy 3 to the Legal Affairs Division, copy 4 to an outside organ whose
receipt is still to be recorded; copy 5 stays in the registry.
And a recall under way (load_recall): of BGS [2026] No. 88, Finance had
copies 1 and 2; copy 1 is back in the General Office, copy 2 is asked back
(clerk2 finds it in the inbox).
"""

import datetime

from django.contrib.auth import get_user_model

from dispatch.models import DispatchItem, RecallItem
from dispatch.recall import confirm_return, hand_back, recall_copies
from dispatch.services import dispatch_copies, receive_copy
from documents.levels import Level
from accounts.services.reauth import on_console
from documents.models import Document, Registry
from review.services import approve_proposal, pass_review, propose

REFERENCE = "BGS [2026] No. 100"
REASON = "Demo data"


def load():
    load_dispatch()
    load_recall()


def _outgoing(registry, *, scope_users, basis, **fields):
    """An outgoing notice as the General Office makes one: drafted by a staff member, reviewed by the clerk, approved
    by the leader (the review app); only the approval registers and numbers it."""
    people = {user.username: user for user in get_user_model().objects.filter(username__in=["clerk", "leader", "reader"])}
    proposal = propose(registry=registry, by=people["reader"], reason=REASON, scope_users=scope_users, basis=basis,
                       originating_organ="办公室", secrecy_period_years=None, urgency="normal", medium="paper",
                       remarks="", **fields)
    pass_review(proposal=proposal, by=people["clerk"], reason="Checked: level, period, basis and scope are right")
    return approve_proposal(proposal=proposal, by=people["leader"], reason="Approved",
                            proof=on_console(people["leader"])).document


def load_dispatch():
    office = Registry.objects.filter(code="BGS").first()
    finance = Registry.objects.filter(code="CWC").first()
    legal = Registry.objects.filter(code="FGC").first()
    clerk = get_user_model().objects.filter(username="clerk").first()
    if None in (office, finance, legal, clerk) or Document.objects.filter(registry=office, reference_number=REFERENCE).exists():
        return
    leader = get_user_model().objects.filter(username="leader").first()
    notice = _outgoing(
        office, scope_users=[leader], basis="本单位保密事项范围目录 第1.4项：年终清退工作部署",
        title="关于做好年终保密清退工作的通知", reference_number=REFERENCE, level=Level.SECRET,
        date_classified=datetime.date(2026, 11, 20), pages=6, attachments=1, copies_count=5,
    )
    copies = {copy.number: copy for copy in notice.copies.all()}
    dispatch_copies(
        document=notice, by=clerk, reason=REASON,
        lines=[(copies[1], finance), (copies[2], finance), (copies[3], legal), (copies[4], "省审计厅")],
    )


RECALLED_REFERENCE = "BGS [2026] No. 88"


def load_recall():
    """A recall under way: BGS [2026] No. 88's copies 1 and 2 were received by Finance; copy 1 is back, 2 is asked back."""
    office = Registry.objects.filter(code="BGS").first()
    finance = Registry.objects.filter(code="CWC").first()
    users = {user.username: user for user in get_user_model().objects.filter(username__in=["clerk", "clerk2", "leader"])}
    clerk, clerk2 = users.get("clerk"), users.get("clerk2")
    if None in (office, finance, clerk, clerk2):
        return
    if Document.objects.filter(registry=office, reference_number=RECALLED_REFERENCE).exists():
        return
    notice = _outgoing(
        office, scope_users=[users["leader"]], basis="本单位保密事项范围目录 第1.1项：年度保密工作部署",
        title="关于印发2026年度保密工作要点的通知", reference_number=RECALLED_REFERENCE, level=Level.SECRET,
        date_classified=datetime.date(2026, 3, 2), pages=4, attachments=0, copies_count=3,
    )
    copies = {copy.number: copy for copy in notice.copies.all()}
    dispatch_copies(document=notice, by=clerk, reason=REASON, lines=[(copies[1], finance), (copies[2], finance)])
    items = list(DispatchItem.objects.filter(copy__document=notice).order_by("copy__number"))
    for item in items:
        receive_copy(item=item, by=clerk2, reason=REASON)
    recall_copies(document=notice, items=items, by=clerk, reason=REASON)
    first = RecallItem.objects.get(item=items[0])
    hand_back(recall_item=first, by=clerk2, reason=REASON)
    confirm_return(recall_item=first, by=clerk, reason=REASON)
