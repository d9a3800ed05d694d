"""Making the notifications: a plain function the daily run calls (secrecy_registry/schedule.py).

Who hears of what is asked of the selectors and checks the pages use, one
person at a time, never restated here:
- an overdue loan: the borrower, and the clerks of the copy's registry
  (overdue_loans, registries_kept_by);
- a secrecy period ending within PERIOD_NOTICE_DAYS (or ended, undecided):
  the clerks of the document's registry (periods_ending);
- an approval waiting more than APPROVAL_WAIT: each leader whose inbox holds
  it and whose check lets them decide it now (circulations_awaiting_approval
  with check_approve_circulation, and so on; outside archive consultations;
  classification proposals to review (a clerk) or approve (a leader); role
  grants to confirm);
- a rectification item near or past its deadline: its owner
  (rectifications_owned_due, the owner's inbox section);
- an incident not reported to the secrecy bureau 24 hours after its discovery, or without the result of
  its investigation 3 months after: the clerks and leaders of its unit (overdue_incidents, the home flag).

One notification per person, kind and object (a unique constraint): run
again, the job changes nothing that is still true, marks resolved what no
longer is, and reopens what has become true again.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from archives.models import ConsultationKind
from archives.selectors import awaiting_decision_by
from archives.services.consultation import check_approve_consultation
from documents.inbox import destruction_lists_to_decide
from documents.models import Loan, LoanStatus
from documents.selectors import (
    circulations_awaiting_approval,
    loans_awaiting_decision,
    overdue_loans,
    periods_ending,
    registries_kept_by,
    reproductions_awaiting_decision,
)
from documents.services.borrowing import check_approve_loan
from documents.services.circulation import check_approve_circulation
from documents.services.copying import check_approve_reproduction
from documents.services.destruction import check_approve_destruction_list
from inspections.models import Rectification, RectificationStatus
from inspections.selectors import rectifications_owned_due
from notifications.models import Kind, Notification
from people.models import Membership
from people.roles import Role
from people.selectors import role_grants_awaiting
from people.services.grants import check_decide_role_grant
from review.selectors import proposals_to_approve, proposals_to_review
from review.services import check_approve_proposal, check_pass_review
from registers.selectors import overdue_incidents
from registers.services.incidents import bureau_clock, result_clock

PERIOD_NOTICE_DAYS = 90
APPROVAL_WAIT = datetime.timedelta(days=1)


@dataclass
class Outcome:
    made: int = 0  # new, or true again after being resolved
    kept: int = 0
    resolved: int = 0

    def __str__(self):
        return f"{self.made} new, {self.kept} still true, {self.resolved} resolved"


def recipients(today):
    """Everyone who may have something to hear of: a narrowing only, each person's notices decide."""
    office = Membership.objects.filter(role__in=(Role.CLERK, Role.LEADER, Role.ADMINISTRATOR)).values("user")
    borrowers = Loan.objects.filter(status=LoanStatus.OUT, due_on__lt=today).values("borrower")
    owners = Rectification.objects.filter(status=RectificationStatus.OPEN).values("owner")
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(pk__in=office) | Q(pk__in=borrowers) | Q(pk__in=owners) | Q(is_superuser=True))
        .order_by("pk")
    )


def notices_for(user, *, now):
    """(kind, object, params) of everything this person should hear of at `now`."""
    today = timezone.localdate(now)
    kept = registries_kept_by(user).values("pk")
    loans = overdue_loans(user, today=today).filter(Q(borrower=user) | Q(copy__document__registry__in=kept))
    for loan in loans.order_by("pk"):
        yield Kind.LOAN_OVERDUE, loan, {"due_on": loan.due_on.isoformat()}
    for document in periods_ending(user, within_days=PERIOD_NOTICE_DAYS, today=today).filter(registry__in=kept):
        yield Kind.PERIOD_ENDING, document, {"ends_on": document.period_ends_on.isoformat()}
    cutoff = now - APPROVAL_WAIT
    waiting = (
        (circulations_awaiting_approval(user).filter(proposed_at__lte=cutoff), check_approve_circulation, "proposed_at"),
        (loans_awaiting_decision(user).filter(requested_at__lte=cutoff).select_related("copy"), check_approve_loan,
         "requested_at"),
        (reproductions_awaiting_decision(user).filter(requested_at__lte=cutoff).select_related("source_copy"),
         check_approve_reproduction, "requested_at"),
        (destruction_lists_to_decide(user).filter(submitted_at__lte=cutoff), check_approve_destruction_list,
         "submitted_at"),
        # Outside visitors' archive consultations are a leader's; internal ones a clerk's, decided at the desk.
        (awaiting_decision_by(user).filter(kind=ConsultationKind.OUTSIDE, requested_at__lte=cutoff),
         check_approve_consultation, "requested_at"),
        (proposals_to_review(user).filter(proposed_at__lte=cutoff), check_pass_review, "proposed_at"),
        (proposals_to_approve(user).filter(reviewed_at__lte=cutoff), check_approve_proposal, "reviewed_at"),
        (role_grants_awaiting(user).filter(granted_at__lte=cutoff), check_decide_role_grant, "granted_at"),
    )
    for items, check, since in waiting:
        for item in items.order_by("pk"):
            if check(item, user) is None:
                yield Kind.APPROVAL_WAITING, item, {"since": getattr(item, since).isoformat()}
    for item in rectifications_owned_due(user, today=today):
        yield Kind.RECTIFICATION_DUE, item, {"deadline": item.deadline.isoformat()}
    for incident in overdue_incidents(user, now=now):
        late = [what for what, clock in (("bureau", bureau_clock(incident, now)),
                                         ("result", result_clock(incident, today))) if clock.state == "overdue"]
        yield Kind.INCIDENT_OVERDUE, incident, {"late": late, "discovered_at": incident.discovered_at.isoformat()}


def make_notifications(*, now=None) -> Outcome:
    """Bring every person's notifications in line with what is true at `now` (default: this moment)."""
    now = now or timezone.now()
    wanted = {}
    for user in recipients(timezone.localdate(now)):
        for kind, obj, params in notices_for(user, now=now):
            content_type = ContentType.objects.get_for_model(obj)
            wanted[(user.pk, kind, content_type.pk, obj.pk)] = params
    outcome = Outcome()
    with transaction.atomic():
        current = {
            (n.user_id, n.kind, n.content_type_id, n.object_id): n
            for n in Notification.objects.current().select_for_update()
        }
        gone = [n.pk for key, n in current.items() if key not in wanted]
        outcome.resolved = Notification.objects.filter(pk__in=gone).update(resolved_at=now)
        changed = []
        for key, n in current.items():
            if key in wanted and n.params != wanted[key]:
                n.params = wanted[key]
                changed.append(n)
        Notification.objects.bulk_update(changed, ["params"])
        outcome.kept = len(current) - len(gone)
        new = [
            Notification(user_id=user_id, kind=kind, content_type_id=content_type_id, object_id=object_id,
                         params=params, created_at=now)
            for (user_id, kind, content_type_id, object_id), params in wanted.items()
            if (user_id, kind, content_type_id, object_id) not in current
        ]
        # A resolved one that is true again comes back unread, as new.
        Notification.objects.bulk_create(
            new, update_conflicts=True, unique_fields=["user", "kind", "content_type", "object_id"],
            update_fields=["params", "created_at", "read_at", "resolved_at"],
        )
        outcome.made = len(new)
    return outcome
