"""Circulation's checks: the one rule each step has, asked by the service and by the pages.

In every state a list reaches, for every person of the office: a step's
service refuses with exactly the refusal its check returns (and succeeds when
the check returns None), and the pages offer the step exactly when the check
lets the person take it.
"""

import pytest
from django.urls import reverse

from documents.models import Circulation, CopyStatus
from documents.services import circulation as circulating
from documents.services import loss
from tests.documents.checks import expected, outcome, signed_in
from tests.documents.test_procedure_prints import as_pdf, print_slip, text_of
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db

PEOPLE = ("clerk", "leader", "reader", "reader2", "inspector")
STATES = (
    "proposed", "approved", "out_unread", "out_read", "between_readers", "completed", "rejected", "cancelled", "none",
)  # fmt: skip

# step: (check, service call, what the page shows when it is offered)
STEPS = {
    "approve": (
        circulating.check_approve_circulation,
        lambda c, u: circulating.approve_circulation(circulation=c, by=u, reason="Approved"),
        "documents:circulation_decide",
    ),
    "reject": (
        circulating.check_reject_circulation,
        lambda c, u: circulating.reject_circulation(circulation=c, by=u, reason="No"),
        "documents:circulation_decide",
    ),
    "hand_out": (
        circulating.check_hand_out,
        lambda c, u: circulating.hand_out(circulation=c, by=u, reason="Handed out"),
        "documents:circulation_hand_out",
    ),
    "mark_read": (
        circulating.check_mark_read,
        lambda c, u: circulating.mark_read(circulation=c, by=u, reason="Read"),
        "documents:circulation_mark_read",
    ),
    "take_back": (
        circulating.check_take_back,
        lambda c, u: circulating.take_back(circulation=c, by=u, reason="Back"),
        "documents:circulation_take_back",
    ),
    "cancel": (
        circulating.check_cancel_circulation,
        lambda c, u: circulating.cancel_circulation(circulation=c, by=u, reason="Stop"),
        "documents:circulation_cancel",
    ),
}


@pytest.fixture
def document(office):
    return DocumentFactory(
        registry=office.registry, by=office.clerk, copies_count=1, scope_users=[office.leader, office.reader, office.reader2]
    )


def reach(office, document, state):
    """A circulation of the document's copy in `state` (None for "none": the copy has no list)."""
    if state == "none":
        return None
    copy = document.copies.get()
    c = circulating.propose_circulation(copy=copy, readers=[office.reader, office.reader2], by=office.clerk, reason="r")
    if state == "proposed":
        return c
    if state == "rejected":
        circulating.reject_circulation(circulation=c, by=office.leader, reason="No")
        return c
    circulating.approve_circulation(circulation=c, by=office.leader, reason="Approved")
    if state == "cancelled":
        circulating.cancel_circulation(circulation=c, by=office.clerk, reason="Stop")
    if state in ("approved", "cancelled"):
        return c
    circulating.hand_out(circulation=c, by=office.clerk, reason="Out")
    if state == "out_unread":
        return c
    circulating.mark_read(circulation=c, by=office.reader, reason="Read")
    if state == "out_read":
        return c
    circulating.take_back(circulation=c, by=office.clerk, reason="Back")
    if state == "between_readers":
        return c
    circulating.hand_out(circulation=c, by=office.clerk, reason="Out")
    circulating.take_back(circulation=c, by=office.clerk, reason="Back")
    return c


def fresh(circulation):
    return Circulation.objects.select_related("copy__document__registry__unit").get(pk=circulation.pk)


@pytest.mark.parametrize("state", [s for s in STATES if s != "none"])
def test_each_circulation_step_refuses_exactly_what_its_check_returns(office, document, state):
    circulation = reach(office, document, state)
    for who in PEOPLE:
        user = getattr(office, who)
        for name, (check, step, _page) in STEPS.items():
            refusal = check(fresh(circulation), user)
            assert outcome(lambda: step(fresh(circulation), user)) == expected(refusal), (state, who, name)


@pytest.mark.parametrize("state", STATES)
def test_proposing_and_reporting_loss_refuse_exactly_what_their_checks_return(office, document, state):
    reach(office, document, state)
    for who in PEOPLE:
        user = getattr(office, who)
        copy = document.copies.select_related("document__registry__unit").get()
        refusal = circulating.check_propose_circulation(copy, user)
        done = outcome(lambda: circulating.propose_circulation(copy=copy, readers=[office.reader], by=user, reason="r"))
        assert done == expected(refusal), (state, who, "propose")
        refusal = loss.check_report_loss(copy, user)
        done = outcome(lambda: loss.report_loss(copy=copy, by=user, reason="Lost", circumstances="Not found"))
        assert done == expected(refusal), (state, who, "report_loss")


@pytest.mark.parametrize("state", [s for s in STATES if s != "none"])
def test_the_round_page_offers_a_step_exactly_when_its_check_allows_it(client, office, document, state):
    circulation = reach(office, document, state)
    for who in PEOPLE:
        user = getattr(office, who)
        page = signed_in(client, user).get(reverse("documents:circulation_detail", args=[circulation.pk])).content.decode()
        for name, (check, _step, url) in STEPS.items():
            offered = reverse(url, args=[circulation.pk]) in page
            assert offered == (check(fresh(circulation), user) is None), (state, who, name)


@pytest.mark.parametrize("state", STATES)
def test_the_document_page_offers_a_step_exactly_when_its_check_allows_it(client, office, document, state):
    circulation = reach(office, document, state)
    copy = document.copies.select_related("document__registry__unit").get()
    for who in PEOPLE:
        user = getattr(office, who)
        page = signed_in(client, user).get(reverse("documents:detail", args=[document.pk])).content.decode()
        assert (reverse("documents:circulation_propose", args=[copy.pk]) in page) == (
            circulating.check_propose_circulation(copy, user) is None
        ), (state, who)
        assert (reverse("documents:loss_report", args=[copy.pk]) in page) == (loss.check_report_loss(copy, user) is None)
        if circulation is not None:
            for name, (check, _step, url) in STEPS.items():
                offered = reverse(url, args=[circulation.pk]) in page
                assert offered == (check(fresh(circulation), user) is None), (state, who, name)


def test_a_reader_out_of_scope_gets_no_hand_out_button_and_the_same_refusal_from_the_service(client, office, document):
    from documents.services.scope import change_scope

    circulation = reach(office, document, "approved")
    change_scope(document=document, by=office.clerk, reason="Narrowed", remove_users=[office.reader])

    refusal = circulating.check_hand_out(fresh(circulation), office.clerk)
    page = signed_in(client, office.clerk).get(reverse("documents:detail", args=[document.pk])).content.decode()

    assert "no longer in the knowledge scope" in str(refusal.message)
    assert reverse("documents:circulation_hand_out", args=[circulation.pk]) not in page
    assert outcome(lambda: circulating.hand_out(circulation=fresh(circulation), by=office.clerk, reason="Out")) == expected(
        refusal
    )


def test_a_hand_out_from_the_document_page_comes_back_to_the_copy_row(client, office, document):
    circulation = reach(office, document, "approved")
    page = reverse("documents:detail", args=[document.pk])

    response = signed_in(client, office.clerk).post(
        reverse("documents:circulation_hand_out", args=[circulation.pk]), {"reason": "Out", "next": f"{page}#copy-1"}
    )

    assert response.status_code == 302 and response["Location"] == f"{page}#copy-1"
    assert document.copies.get().status == CopyStatus.OUT


def test_a_step_never_sends_the_person_to_another_site(client, office, document):
    circulation = reach(office, document, "approved")

    response = signed_in(client, office.clerk).post(
        reverse("documents:circulation_hand_out", args=[circulation.pk]), {"reason": "Out", "next": "https://evil.example/"}
    )

    assert response["Location"] == reverse("documents:circulation_detail", args=[circulation.pk])


def test_a_refused_step_is_a_message_and_changes_nothing(client, office, document):
    circulation = reach(office, document, "out_unread")

    response = signed_in(client, office.clerk).post(
        reverse("documents:circulation_hand_out", args=[circulation.pk]), {"reason": "Again"}, follow=True
    )

    assert "must come back to the registry" in response.content.decode()
    assert document.copies.get().holder == office.reader


def test_a_step_on_a_circulation_out_of_scope_is_not_found(client, office, other_unit, document):
    circulation = reach(office, document, "approved")

    response = signed_in(client, other_unit.clerk).post(
        reverse("documents:circulation_hand_out", args=[circulation.pk]), {"reason": "Out"}
    )

    assert response.status_code == 404
    assert document.copies.get().status == CopyStatus.IN_REGISTRY


# ------------------------------------------------------------------ honest history (issue 13, item 10)


def test_the_take_back_button_warns_that_the_reader_has_not_marked_the_copy_read(client, office, document):
    circulation = reach(office, document, "out_unread")

    page = signed_in(client, office.clerk).get(reverse("documents:circulation_detail", args=[circulation.pk])).content.decode()

    assert "has not marked the copy as read" in page
    assert 'value="Returned to the registry"' in page
    assert "Returned after reading" not in page


def test_the_take_back_button_offers_returned_after_reading_once_the_reader_marked_it(client, office, document):
    circulation = reach(office, document, "out_read")

    page = signed_in(client, office.clerk).get(reverse("documents:circulation_detail", args=[circulation.pk])).content.decode()

    assert "has not marked the copy as read" not in page
    assert 'value="Returned after reading"' in page


def test_taking_back_an_unread_copy_records_that_it_was_not_marked_read(client, office, document):
    circulation = reach(office, document, "out_unread")

    signed_in(client, office.clerk).post(
        reverse("documents:circulation_take_back", args=[circulation.pk]), {"reason": "Returned after reading"}
    )

    entry = circulation.entries.get(position=1)
    copy_row = document.copies.get().history.order_by("-history_date", "-history_id").first()
    assert entry.returned_at is not None and entry.read_at is None
    assert copy_row.history_change_reason == "Taken back without being marked read: Returned after reading"
    assert entry.history.order_by("-history_date", "-history_id").first().history_change_reason.startswith(
        "Taken back without being marked read"
    )


def test_taking_back_a_copy_marked_read_records_the_clerks_reason_as_given(office, document):
    circulation = reach(office, document, "out_read")

    circulating.take_back(circulation=circulation, by=office.clerk, reason="Returned after reading")

    assert document.copies.get().history.order_by("-history_date", "-history_id").first().history_change_reason == (
        "Returned after reading"
    )


def test_the_slip_shows_a_reader_who_returned_the_copy_unread(client, office, document):
    circulation = reach(office, document, "approved")
    circulating.hand_out(circulation=circulation, by=office.clerk, reason="Out")
    circulating.take_back(circulation=circulation, by=office.clerk, reason="Returned to the registry")
    circulating.hand_out(circulation=circulation, by=office.clerk, reason="Out")
    circulating.mark_read(circulation=circulation, by=office.reader2, reason="Read")
    circulating.take_back(circulation=circulation, by=office.clerk, reason="Back")

    text = text_of(as_pdf(print_slip(signed_in(client, office.clerk), circulation)))

    assert text.count("Notmarkedread") == 1
