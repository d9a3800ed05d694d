"""Notifications made by the daily job: who hears of what, once, until it is no longer true.

The clock is passed in (`make_notifications(now=...)`): the data is made
today through the services, and the job is asked about a moment later on.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from documents.levels import Level
from documents.models import LoanMode
from documents.services.borrowing import approve_loan, hand_out_loan, request_loan, return_loan
from documents.services.circulation import approve_circulation, propose_circulation
from inspections.models import Rectification
from notifications.jobs import make_notifications
from notifications.models import Kind, Notification
from tests.factories import PASSWORD, DocumentFactory, member
from tests.inspections.test_special_and_rectification import completed_with_two_items

pytestmark = pytest.mark.django_db

NOW = timezone.now()
TODAY = timezone.localdate(NOW)


def days(n):
    return NOW + datetime.timedelta(days=n)


def of(user, kind=None):
    found = Notification.objects.current().filter(user=user)
    return found.filter(kind=kind) if kind else found


@pytest.fixture
def document(office):
    return DocumentFactory(registry=office.registry, by=office.clerk, level=Level.SECRET,
                           scope_users=[office.leader, office.reader, office.reader2])


def loan_out(office, document, *, borrower=None, due_in=3):
    borrower = borrower or office.reader
    loan = request_loan(copy=document.copies.get(number=1), borrower=borrower, by=borrower, purpose="Drafting a reply",
                        mode=LoanMode.TAKE_OUT, due_on=TODAY + datetime.timedelta(days=due_in))
    approve_loan(loan=loan, by=office.leader, reason="Needed for the reply")
    return hand_out_loan(loan=loan, by=office.clerk, reason="Handed over against signature")


# Overdue loans --------------------------------------------------------------------------------


def test_an_overdue_loan_is_told_to_the_borrower_and_the_registrys_clerk(office, other_unit, document):
    loan = loan_out(office, document, due_in=3)

    make_notifications(now=days(5))

    assert [n.object_id for n in of(office.reader, Kind.LOAN_OVERDUE)] == [loan.pk]
    assert [n.object_id for n in of(office.clerk, Kind.LOAN_OVERDUE)] == [loan.pk]
    for someone in (office.reader2, office.leader, office.inspector, other_unit.clerk):
        assert not of(someone, Kind.LOAN_OVERDUE).exists()


def test_a_loan_not_yet_past_its_due_date_tells_nobody(office, document):
    loan_out(office, document, due_in=3)

    make_notifications(now=days(3))  # due today: not overdue

    assert not Notification.objects.exists()


def test_running_the_job_again_makes_no_second_notification(office, document):
    loan_out(office, document, due_in=3)
    make_notifications(now=days(5))
    first = set(Notification.objects.values_list("pk", "created_at"))

    outcome = make_notifications(now=days(6))

    assert set(Notification.objects.values_list("pk", "created_at")) == first
    assert (outcome.made, outcome.kept, outcome.resolved) == (0, 2, 0)


def test_a_returned_loan_disappears_from_both_lists(client, office, document):
    loan = loan_out(office, document, due_in=3)
    make_notifications(now=days(5))
    return_loan(loan=loan, by=office.clerk, reason="Returned complete", pages_complete=True, attachments_complete=True)

    outcome = make_notifications(now=days(6))

    assert outcome.resolved == 2
    assert not of(office.reader).exists() and not of(office.clerk).exists()
    client.login(username="reader", password=PASSWORD)
    assert loan.copy.label not in client.get(reverse("notifications:list")).content.decode()


# Secrecy periods ------------------------------------------------------------------------------


@pytest.fixture
def ending(office):
    """A secret document classified a year ago less 30 days, for one year: its period ends in 30 days."""
    return DocumentFactory(registry=office.registry, by=office.clerk, level=Level.SECRET, secrecy_period_years=1,
                           date_classified=TODAY.replace(year=TODAY.year - 1) + datetime.timedelta(days=30),
                           scope_users=[office.leader, office.reader])


def test_a_period_ending_within_90_days_is_told_to_the_registrys_clerks(office, other_unit, ending):
    make_notifications(now=NOW)

    notification = of(office.clerk, Kind.PERIOD_ENDING).get()
    assert notification.target == ending
    assert notification.params == {"ends_on": ending.period_ends_on.isoformat()}
    for someone in (office.reader, office.leader, other_unit.clerk):
        assert not of(someone, Kind.PERIOD_ENDING).exists()


def test_a_period_ending_in_more_than_90_days_is_not_told_yet(office, ending):
    make_notifications(now=days(-70))  # then it ended 100 days later

    assert not of(office.clerk, Kind.PERIOD_ENDING).exists()


def test_a_period_that_ended_undecided_is_still_told(office, ending):
    make_notifications(now=days(40))

    assert of(office.clerk, Kind.PERIOD_ENDING).exists()


# Approvals waiting --------------------------------------------------------------------------


def test_a_loan_request_waiting_more_than_a_day_is_told_to_the_leader_who_may_decide(office, other_unit, document):
    second = member(office.unit, "leader", username="leader2")
    loan = request_loan(copy=document.copies.get(number=1), borrower=office.reader, by=office.reader,
                        purpose="Drafting a reply", mode=LoanMode.TAKE_OUT, due_on=TODAY + datetime.timedelta(days=7))

    make_notifications(now=days(0.5))
    assert not of(office.leader).exists()

    make_notifications(now=days(2))
    assert [n.target for n in of(office.leader, Kind.APPROVAL_WAITING)] == [loan]
    # A second leader of the unit who is not in the document's scope may not decide: the check says so.
    assert not of(second).exists()
    for someone in (office.clerk, office.reader, other_unit.clerk):
        assert not of(someone, Kind.APPROVAL_WAITING).exists()


def test_a_decided_request_is_resolved_at_the_next_run(office, document):
    circulation = propose_circulation(copy=document.copies.get(number=2), readers=[office.reader], by=office.clerk,
                                      reason="For reading")
    make_notifications(now=days(2))
    assert [n.target for n in of(office.leader, Kind.APPROVAL_WAITING)] == [circulation]

    approve_circulation(circulation=circulation, by=office.leader, reason="Approved")
    make_notifications(now=days(3))

    assert not of(office.leader).exists()
    assert Notification.objects.get().resolved_at == days(3)


def test_a_leaders_own_request_is_not_theirs_to_decide(office, document):
    request_loan(copy=document.copies.get(number=1), borrower=office.leader, by=office.leader,
                 purpose="Drafting a reply", mode=LoanMode.TAKE_OUT, due_on=TODAY + datetime.timedelta(days=7))

    make_notifications(now=days(2))

    assert not of(office.leader, Kind.APPROVAL_WAITING).exists()


# Rectification deadlines ----------------------------------------------------------------------


def test_a_rectification_deadline_is_told_to_its_owner_from_30_days_before(office, default_checklist):
    completed_with_two_items(office, owner=office.reader2, deadline=TODAY + datetime.timedelta(days=40))

    make_notifications(now=NOW)
    assert not Notification.objects.filter(kind=Kind.RECTIFICATION_DUE).exists()

    make_notifications(now=days(15))
    told = of(office.reader2, Kind.RECTIFICATION_DUE)
    assert {n.target for n in told} == set(Rectification.objects.all())
    assert not Notification.objects.exclude(user=office.reader2).filter(kind=Kind.RECTIFICATION_DUE).exists()


# A resolved notification that is true again -----------------------------------------------


def test_what_becomes_true_again_comes_back_unread(office, document):
    loan = loan_out(office, document, due_in=3)
    make_notifications(now=days(5))
    of(office.reader).update(read_at=days(5))
    make_notifications(now=days(1))  # as if the loan were not overdue (a due date extended)
    assert not of(office.reader).exists()

    make_notifications(now=days(8))

    notification = of(office.reader).get()
    assert notification.object_id == loan.pk and notification.read_at is None and notification.created_at == days(8)
    assert Notification.objects.filter(user=office.reader).count() == 1


# Classification proposals and role grants --------------------------------------------------------


def test_a_proposal_waits_a_day_for_its_review_and_then_for_its_approval(client, office):
    from review.services import pass_review, propose
    from tests.review.conftest import proposal_fields

    proposal = propose(registry=office.registry, by=office.reader, reason="Draft ready", scope_users=[office.reader],
                       **proposal_fields())
    make_notifications(now=days(2))
    assert [n.target for n in of(office.clerk, Kind.APPROVAL_WAITING)] == [proposal]
    assert not of(office.leader, Kind.APPROVAL_WAITING).exists()  # nothing to approve before the review
    assert not of(office.reader, Kind.APPROVAL_WAITING).exists()  # the drafter does not review their own

    pass_review(proposal=proposal, by=office.clerk, reason="Checked")
    make_notifications(now=days(4))
    assert not of(office.clerk, Kind.APPROVAL_WAITING).exists()
    assert [n.target for n in of(office.leader, Kind.APPROVAL_WAITING)] == [proposal]

    assert client.login(username=office.leader.username, password=PASSWORD)
    page = client.get(reverse("notifications:list")).content.decode()
    assert f"Classification proposal {proposal.label} has waited for your decision" in page
    assert reverse("review:detail", args=[proposal.pk]) in page


def test_a_role_grant_waiting_a_day_is_told_to_the_leader_who_confirms_it(client, office):
    from people.roles import Role
    from people.services.grants import grant_role
    from tests.factories import UserFactory

    newcomer = UserFactory(username="newcomer", first_name="Wen", last_name="Zhang")
    grant = grant_role(user=newcomer, unit=office.unit, role=Role.READER, by=office.administrator, reason="New staff")

    make_notifications(now=days(0.5))
    assert not of(office.leader, Kind.APPROVAL_WAITING).exists()
    make_notifications(now=days(2))
    assert [n.target for n in of(office.leader, Kind.APPROVAL_WAITING)] == [grant]
    assert not of(office.administrator, Kind.APPROVAL_WAITING).exists()  # who gave it does not confirm it

    assert client.login(username=office.leader.username, password=PASSWORD)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "has waited for your decision" in page and "Zhang" in page
