"""The work inbox on the home page: each role's rows in the states a day produces, with the steps offered.

Every state is reached through the services, as people would reach it.
"""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from documents.levels import Level
from documents.models import Circulation, CirculationStatus, Copy, LoanMode, LoanStatus
from documents.services import borrowing, copying, destruction
from documents.services import circulation as steps
from documents.services import inventory as inventories
from documents.services.decisions_bulk import RefusedInBulk, approve_several
from documents.services.recording import stamp
from tests.factories import PASSWORD, DocumentFactory, member, proved

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def signed_in(client, user):
    client.logout()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def home(client, user):
    response = signed_in(client, user).get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def section(page, section_id):
    """The HTML of one inbox section, or '' when the page does not show it."""
    match = re.search(rf'<section class="card inbox" id="{section_id}">(.*?)</section>', page, re.S)
    return match.group(1) if match else ""


def document(office, title="关于年度保密检查的通知", copies=1, also=(), **fields):
    return DocumentFactory(
        registry=office.registry, by=office.clerk, title=title, copies_count=copies,
        scope_users=[office.leader, office.reader, office.reader2, *also], **fields,
    )


def approved_list(office, copy, readers=None):
    circulation = steps.propose_circulation(
        copy=copy, readers=readers or [office.reader, office.reader2], by=office.clerk, reason="For reading"
    )
    return steps.approve_circulation(circulation=circulation, by=office.leader, reason="Agreed")


def proposed_list(office, copy):
    return steps.propose_circulation(copy=copy, readers=[office.reader], by=office.clerk, reason="For reading")


def lent(office, copy, *, due_in=3):
    loan = borrowing.request_loan(
        copy=copy, borrower=office.reader, by=office.reader, purpose="Drafting the summary",
        mode=LoanMode.TAKE_OUT, due_on=TODAY + datetime.timedelta(days=due_in),
    )
    loan = borrowing.approve_loan(loan=loan, by=office.leader, reason="Agreed")
    return borrowing.hand_out_loan(loan=loan, by=office.clerk, reason="Handed over")


def overdue(loan, office):
    """Time passes: the loan's due date is now yesterday."""
    loan.refresh_from_db()
    loan.due_on = TODAY - datetime.timedelta(days=1)
    stamp(loan, by=office.clerk, reason="test: the due date passes").save()
    return loan


# The clerk -------------------------------------------------------------------------------------


def test_an_approved_list_waits_in_ready_with_a_one_click_hand_out_to_the_first_reader(client, office):
    circulation = approved_list(office, document(office).copies.get())

    ready = section(home(client, office.clerk), "ready")

    assert "关于年度保密检查的通知" in ready
    assert reverse("documents:circulation_hand_out", args=[circulation.pk]) in ready
    assert f"Hand out to {office.reader.first_name}" in ready


def test_the_clerk_hands_out_from_home_in_one_click_and_is_back_on_home_with_the_message(client, office):
    circulation = approved_list(office, document(office).copies.get())
    signed_in(client, office.clerk)

    response = client.post(
        reverse("documents:circulation_hand_out", args=[circulation.pk]),
        {"reason": "Handed over against signature", "next": "/#ready"},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == "/#ready"
    assert f"Copy handed out to {office.reader.first_name}" in response.content.decode()
    copy = circulation.copy
    copy.refresh_from_db()
    assert copy.holder == office.reader
    out = section(response.content.decode(), "out")
    assert copy.label in out and f"Take back from {office.reader.first_name}" in out


def test_a_copy_between_two_readers_offers_the_second_reader_next(client, office):
    circulation = approved_list(office, document(office).copies.get())
    steps.hand_out(circulation=circulation, by=office.clerk, reason="Out")
    steps.mark_read(circulation=circulation, by=office.reader, reason="Read")
    steps.take_back(circulation=circulation, by=office.clerk, reason="Back")

    ready = section(home(client, office.clerk), "ready")

    assert f"Hand out to {office.reader2.first_name}" in ready
    assert "(2 of 2)" in ready


def test_a_copy_out_with_a_reader_is_offered_for_take_back_with_holder_and_since(client, office):
    circulation = approved_list(office, document(office).copies.get())
    steps.hand_out(circulation=circulation, by=office.clerk, reason="Out")

    page = home(client, office.clerk)

    out = section(page, "out")
    assert reverse("documents:circulation_take_back", args=[circulation.pk]) in out
    assert office.reader.first_name in out and "since " in out
    assert "Hand out to" not in section(page, "ready")


def test_an_overdue_loan_comes_first_in_copies_out_with_its_due_date(client, office):
    doc = document(office, copies=2)
    first, second = doc.copies.order_by("number")
    approved_list(office, first)
    steps.hand_out(circulation=Circulation.objects.get(copy=first), by=office.clerk, reason="Out")
    loan = overdue(lent(office, second), office)

    out = section(home(client, office.clerk), "out")

    assert out.index(second.label) < out.index(first.label)
    assert f"overdue since {loan.due_on:%Y-%m-%d}" in out
    assert reverse("documents:loan_return", args=[loan.pk]) in out


def test_an_approved_loan_is_ready_to_hand_out_in_one_click(client, office):
    copy = document(office).copies.get()
    loan = borrowing.request_loan(copy=copy, borrower=office.reader, by=office.reader, purpose="Summary",
                                  mode=LoanMode.TAKE_OUT, due_on=TODAY + datetime.timedelta(days=3))
    borrowing.approve_loan(loan=loan, by=office.leader, reason="Agreed")
    signed_in(client, office.clerk)

    assert reverse("documents:loan_hand_out", args=[loan.pk]) in section(home(client, office.clerk), "ready")
    client.post(reverse("documents:loan_hand_out", args=[loan.pk]), {"reason": "Handed over", "next": "/#ready"})

    loan.refresh_from_db()
    assert loan.status == LoanStatus.OUT


def test_an_approved_reproduction_is_made_from_home_in_one_click(client, office):
    copy = document(office).copies.get()
    request = copying.request_reproduction(source_copy=copy, kind="copy", count=2, by=office.clerk, reason="Two more")
    copying.approve_reproduction(request=request, by=office.leader, reason="Agreed", proof=proved(office.leader))
    signed_in(client, office.clerk)

    assert reverse("documents:reproduction_execute", args=[request.pk]) in section(home(client, office.clerk), "copying")
    response = client.post(reverse("documents:reproduction_execute", args=[request.pk]),
                           {"reason": "Copies made, marked and registered", "next": "/#copying"})

    assert response["Location"] == "/#copying"
    assert Copy.objects.filter(document=copy.document).count() == 3


def test_an_approved_destruction_list_links_to_its_execution_form(client, office):
    copy = document(office).copies.get()
    dlist = destruction.prepare_destruction_list(registry=office.registry, copies=[copy], by=office.clerk, reason="Old")
    destruction.submit_destruction_list(dlist=dlist, by=office.clerk, reason="Complete")
    destruction.approve_destruction_list(dlist=dlist, by=office.leader, reason="Agreed", proof=proved(office.leader))

    rows = section(home(client, office.clerk), "destruction")

    assert reverse("documents:destruction_execute", args=[dlist.pk]) in rows


def test_an_open_inventory_is_on_the_clerks_home(client, office):
    document(office)
    inventory = inventories.open_inventory(registry=office.registry, by=office.clerk, reason="Annual inventory 2026")

    rows = section(home(client, office.clerk), "inventories")

    assert "Annual inventory 2026" in rows and reverse("documents:inventory", args=[inventory.pk]) in rows


def test_what_waits_for_a_leader_is_shown_to_the_clerk_without_a_step(client, office):
    circulation = proposed_list(office, document(office).copies.get())

    rows = section(home(client, office.clerk), "waiting")

    assert circulation.copy.label in rows and "Awaiting a leader" in rows
    assert "<button" not in rows


def test_a_clerk_who_is_the_next_reader_is_not_offered_the_hand_out_and_sees_why(client, office):
    clerk2 = member(office.unit, "clerk", username="clerk2")
    doc = DocumentFactory(registry=office.registry, by=office.clerk, copies_count=1, scope_users=[office.leader, clerk2])
    circulation = approved_list(office, doc.copies.get(), readers=[clerk2])

    ready = section(home(client, clerk2), "ready")

    assert circulation.copy.label in ready
    assert reverse("documents:circulation_hand_out", args=[circulation.pk]) not in ready
    assert "another clerk must hand the copy to you" in ready


def test_a_next_reader_no_longer_in_scope_is_not_offered_and_the_clerk_sees_why(client, office):
    from documents.services.scope import withdraw

    circulation = approved_list(office, document(office).copies.get())
    withdraw(document=circulation.copy.document, users=[office.reader], by=office.clerk, reason="Scope narrowed")

    ready = section(home(client, office.clerk), "ready")

    assert reverse("documents:circulation_hand_out", args=[circulation.pk]) not in ready
    assert "no longer in the knowledge scope" in ready


def test_another_units_work_never_appears(client, office, other_unit):
    theirs = DocumentFactory(registry=other_unit.registry, by=other_unit.clerk, title="财务处的文件", copies_count=2,
                             scope_users=[other_unit.reader])
    steps.propose_circulation(copy=theirs.copies.get(number=1), readers=[other_unit.reader], by=other_unit.clerk,
                              reason="For reading")
    inventories.open_inventory(registry=other_unit.registry, by=other_unit.clerk, reason="Their inventory")

    for user in (office.clerk, office.leader, office.reader, office.inspector):
        page = home(client, user)
        assert "财务处的文件" not in page and "Their inventory" not in page


# The leader ------------------------------------------------------------------------------------


def three_proposed(office, also=()):
    doc = document(office, copies=3, also=also)
    return [proposed_list(office, copy) for copy in doc.copies.order_by("number")]


def test_the_leader_sees_every_kind_of_decision_in_one_inbox(client, office):
    doc = document(office, copies=3)
    first, second, third = doc.copies.order_by("number")
    proposed_list(office, first)
    loan = borrowing.request_loan(copy=second, borrower=office.reader, by=office.reader, purpose="Summary",
                                  mode=LoanMode.TAKE_OUT, due_on=TODAY + datetime.timedelta(days=3))
    request = copying.request_reproduction(source_copy=third, kind="copy", count=1, by=office.clerk, reason="One")

    rows = section(home(client, office.leader), "decisions")

    assert f'value="circulation-{first.circulations.get().pk}"' in rows
    assert f'value="loan-{loan.pk}"' in rows
    assert f'value="reproduction-{request.pk}"' in rows


def test_the_leader_approves_three_reading_lists_at_once_with_one_reason(client, office):
    lists = three_proposed(office)
    signed_in(client, office.leader)

    response = client.post(
        reverse("documents:inbox_approve"),
        {"item": [f"circulation-{c.pk}" for c in lists], "reason": "Agreed at the office meeting", "next": "/#decisions"},
        follow=True,
    )

    assert "3 items approved." in response.content.decode()
    assert response.redirect_chain[-1][0] == "/#decisions"
    assert set(Circulation.objects.values_list("status", flat=True)) == {CirculationStatus.APPROVED}
    assert set(Circulation.objects.values_list("decision_reason", flat=True)) == {"Agreed at the office meeting"}


def test_bulk_approval_is_all_or_nothing_and_names_the_item_that_refused(office):
    leader2 = member(office.unit, "leader", username="leader2")
    lists = three_proposed(office, also=[leader2])
    steps.approve_circulation(circulation=lists[1], by=leader2, reason="Already decided")

    with pytest.raises(RefusedInBulk) as refused:
        approve_several(items=lists, by=office.leader, reason="Agreed", proof=proved(office.leader))

    assert lists[1].copy.label in refused.value.message and "already been decided" in refused.value.message
    statuses = dict(Circulation.objects.values_list("pk", "status"))
    assert statuses[lists[0].pk] == statuses[lists[2].pk] == CirculationStatus.PROPOSED


def test_a_refused_bulk_approval_from_the_inbox_changes_nothing_and_says_why(client, office):
    leader2 = member(office.unit, "leader", username="leader2")
    lists = three_proposed(office, also=[leader2])
    steps.reject_circulation(circulation=lists[2], by=leader2, reason="No")
    signed_in(client, office.leader)

    response = client.post(reverse("documents:inbox_approve"),
                           {"item": [f"circulation-{c.pk}" for c in lists], "reason": "Agreed"}, follow=True)

    page = response.content.decode()
    assert "Nothing was approved" in page and lists[2].copy.label in page
    assert Circulation.objects.filter(status=CirculationStatus.APPROVED).count() == 0


def test_bulk_approval_of_an_item_out_of_scope_changes_nothing(client, office, other_unit):
    mine = three_proposed(office)[0]
    theirs = DocumentFactory(registry=other_unit.registry, by=other_unit.clerk, copies_count=1,
                             scope_users=[other_unit.reader])
    foreign = steps.propose_circulation(copy=theirs.copies.get(), readers=[other_unit.reader], by=other_unit.clerk,
                                        reason="For reading")
    signed_in(client, office.leader)

    response = client.post(reverse("documents:inbox_approve"),
                           {"item": [f"circulation-{mine.pk}", f"circulation-{foreign.pk}"], "reason": "Agreed"},
                           follow=True)

    assert "nothing was approved" in response.content.decode()
    assert not Circulation.objects.filter(status=CirculationStatus.APPROVED).exists()


def test_the_leaders_count_is_in_the_navigation_of_every_page(client, office):
    three_proposed(office)
    signed_in(client, office.leader)

    page = client.get(reverse("documents:ledger")).content.decode()

    assert re.search(r'id="nav-decisions">Decisions <span class="count waiting">3</span>', page)


def test_only_leaders_have_the_count(client, office):
    three_proposed(office)

    for user in (office.clerk, office.reader, office.inspector):
        assert 'id="nav-decisions"' not in signed_in(client, user).get(reverse("documents:ledger")).content.decode()


def test_the_count_follows_the_decisions(client, office):
    lists = three_proposed(office)
    approve_several(items=lists[:2], by=office.leader, reason="Agreed", proof=proved(office.leader))

    page = signed_in(client, office.leader).get(reverse("documents:ledger")).content.decode()

    assert '<span class="count waiting">1</span>' in page


def test_periods_ending_are_decisions_with_a_link_to_the_decision_form(client, office):
    ends = TODAY + datetime.timedelta(days=20)
    if (ends.month, ends.day) == (2, 29):
        ends -= datetime.timedelta(days=1)
    doc = DocumentFactory(registry=office.registry, by=office.clerk, level=Level.SECRET, secrecy_period_years=10,
                          date_classified=ends.replace(year=ends.year - 10), scope_users=[office.leader])

    rows = section(home(client, office.leader), "periods")

    assert reverse("documents:classification_decide", args=[doc.pk]) in rows


def test_an_overdue_loan_is_on_the_leaders_home(client, office):
    loan = overdue(lent(office, document(office).copies.get()), office)

    assert loan.copy.label in section(home(client, office.leader), "overdue")


# The reader and the inspector ------------------------------------------------------------------


def test_the_reader_sees_the_copy_they_hold_why_and_marks_it_read_in_one_click(client, office):
    circulation = approved_list(office, document(office).copies.get())
    steps.hand_out(circulation=circulation, by=office.clerk, reason="Out")

    held = section(home(client, office.reader), "held")
    assert "Reading list" in held and "SECRET" in held.upper()
    assert reverse("documents:circulation_mark_read", args=[circulation.pk]) in held

    client.post(reverse("documents:circulation_mark_read", args=[circulation.pk]), {"reason": "Read", "next": "/#held"})

    held = section(home(client, office.reader), "held")
    assert "Return it to the secrecy clerk" in held
    assert reverse("documents:circulation_mark_read", args=[circulation.pk]) not in held


def test_the_reader_sees_a_loan_with_its_due_date_and_no_mark_read(client, office):
    loan = lent(office, document(office).copies.get(), due_in=3)

    held = section(home(client, office.reader), "held")

    assert "Loan" in held and f"due {loan.due_on:%Y-%m-%d}" in held and "Mark as read" not in held


def test_the_inspector_sees_a_closed_inventory_to_sign_off(client, office):
    document(office)
    inventory = inventories.open_inventory(registry=office.registry, by=office.clerk, reason="Annual")
    inventories.close_inventory(inventory=inventory, by=office.clerk, reason="Done")

    rows = section(home(client, office.inspector), "sign-off")

    assert reverse("documents:inventory", args=[inventory.pk]) in rows and "Review and sign off" in rows


def test_the_inspector_has_the_audit_check_on_home(client, office):
    assert reverse("audit:check") in home(client, office.inspector)


# Cost ---------------------------------------------------------------------------------------------


def busy_day(office, documents):
    """A day's worth of every state, `documents` times."""
    for index in range(documents):
        doc = document(office, title=f"文件{index}", copies=4)
        first, second, third, fourth = doc.copies.order_by("number")
        approved_list(office, first)
        out = approved_list(office, second)
        steps.hand_out(circulation=out, by=office.clerk, reason="Out")
        proposed_list(office, third)
        overdue(lent(office, fourth), office)


# Session, user, memberships, then each section's rows (at most LIMIT) and the records their checks
# read, fetched for all rows at once: a constant per role, however busy the day.
# One of them, for everyone: the destructions awaiting this person as a witness (inbox.destruction_to_witness).
# The clerk's one more since holds block hand-outs: one read of the holds of every row's copy (services/holds.py: read_holds),
# and one for the copies other units sent (dispatch app: incoming); two more for recalls (dispatch app: the copies
# asked back of this clerk's registries, and the recalled copies on their way back to them).
# The classification review (review app): one read each for proposals to review (clerk), to approve (leader,
# within its margin), and the person's own proposals sent back (clerk, leader, reader).
# One more for everyone: the unread notifications in the top bar (notifications/context_processors.py).
INBOX_QUERIES = {"clerk": 39, "leader": 26, "reader": 14, "inspector": 19}


@pytest.mark.parametrize("who", ["clerk", "leader", "reader", "inspector"])
def test_each_roles_inbox_is_a_bounded_number_of_queries(client, office, django_assert_max_num_queries, who):
    signed_in(client, getattr(office, who))
    for documents in (1, 4):
        busy_day(office, documents)

        with django_assert_max_num_queries(INBOX_QUERIES[who]):
            response = client.get(reverse("home"))

        assert response.status_code == 200


def test_bulk_approval_takes_every_kind_of_decision_through_its_own_service(office):
    from archives.models import ConsultationStatus
    from documents.models import DestructionStatus, ReproductionStatus
    from tests.archives.conftest import new_volume, request_outside

    doc = document(office, copies=3)
    first, second, third = doc.copies.order_by("number")
    loan = borrowing.request_loan(copy=first, borrower=office.reader, by=office.reader, purpose="Summary",
                                  mode=LoanMode.TAKE_OUT, due_on=TODAY + datetime.timedelta(days=3))
    request = copying.request_reproduction(source_copy=second, kind="copy", count=1, by=office.clerk, reason="One")
    dlist = destruction.prepare_destruction_list(registry=office.registry, copies=[third], by=office.clerk, reason="Old")
    destruction.submit_destruction_list(dlist=dlist, by=office.clerk, reason="Complete")
    consultation = request_outside([new_volume(office.registry, office.clerk)], by=office.clerk)

    approve_several(items=[consultation, dlist, request, loan], by=office.leader, reason="Agreed at the office meeting", proof=proved(office.leader))

    for item in (loan, request, dlist, consultation):
        item.refresh_from_db()
    assert loan.status == LoanStatus.APPROVED and request.status == ReproductionStatus.APPROVED
    assert dlist.status == DestructionStatus.APPROVED and consultation.status == ConsultationStatus.APPROVED
    assert loan.history.first().history_user == office.leader


def test_a_leader_who_opens_a_list_from_the_inbox_is_back_on_the_inbox_after_deciding(client, office):
    circulation = three_proposed(office)[0]
    page = home(client, office.leader)
    link = re.search(rf'href="(/circulations/{circulation.pk}/decide/[^"]*)"', page).group(1).replace("&amp;", "&")

    form = client.get(link).content.decode()
    action = re.search(r'action="(/circulations/\d+/reject/[^"]*)"', form).group(1).replace("&amp;", "&")
    response = client.post(action, {"reject-reason": "Not now"})

    assert response["Location"] == "/#decisions"


def test_a_malformed_ticked_item_approves_nothing_and_says_so(client, office):
    circulation = three_proposed(office)[0]
    signed_in(client, office.leader)

    response = client.post(reverse("documents:inbox_approve"),
                           {"item": [f"circulation-{circulation.pk}", "circulation-x", "nothing-1"], "reason": "Agreed"},
                           follow=True)

    assert response.status_code == 200 and "nothing was approved" in response.content.decode()
    assert not Circulation.objects.filter(status=CirculationStatus.APPROVED).exists()
