"""The demo data: every role's inbox in its ordinary states, reached through the services, loaded twice safely."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings

from documents.models import (
    Circulation,
    CirculationStatus,
    Copy,
    CopyStatus,
    DestructionList,
    DestructionStatus,
    Document,
    Inventory,
    InventoryStatus,
    Loan,
    ReproductionRequest,
    ReproductionStatus,
)
from documents.selectors import circulations_awaiting_approval, overdue_loans, periods_ending, visible_documents
from tests import seeds

pytestmark = pytest.mark.django_db
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # as tests/conftest.py sets per test


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """load_demo run twice, once for the whole module (it registers three dozen documents), rolled back after."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            seeds.default_checklist()  # the demo's self-inspections start from it
            call_command("load_demo")
            counts = _counts()
            call_command("load_demo")
            # Its deferred checks and chain links run once here; else each test's end runs them again,
            # and its rollback brings them back for the next.
            connection.check_constraints()
            yield counts
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (Document, Copy, Circulation, Loan, ReproductionRequest, DestructionList, Inventory)
    }


def users():
    return {user.username: user for user in get_user_model().objects.all()}


def test_loading_the_demo_twice_adds_nothing_the_second_time(demo):
    assert _counts() == demo


def test_demo_accounts_sign_in_with_the_demo_password(demo):
    for name in ("clerk", "leader", "reader", "inspector", "admin"):
        assert users()[name].check_password("demo-pass-2026")


def test_demo_scope_keeps_the_administrator_out_and_lets_the_inspector_in(demo):
    people = users()
    assert visible_documents(people["admin"]).count() == 0
    assert visible_documents(people["inspector"]).count() == Document.objects.count()


def test_a_reading_list_waits_for_the_leader(demo):
    assert circulations_awaiting_approval(users()["leader"]).count() == 1


def test_a_reading_list_is_approved_and_waiting_for_hand_out(demo):
    approved = Circulation.objects.get(status=CirculationStatus.APPROVED)

    assert approved.copy.status == CopyStatus.IN_REGISTRY
    assert not approved.entries.filter(handed_out_at__isnull=False).exists()


def test_a_copy_is_between_two_readers(demo):
    between = [
        round_ for round_ in Circulation.objects.filter(status=CirculationStatus.IN_PROGRESS)
        if round_.copy.status == CopyStatus.IN_REGISTRY
    ]

    assert len(between) == 1
    first, second = between[0].entries.order_by("position")
    assert first.returned_at is not None and first.read_at is not None
    assert second.handed_out_at is None


def test_a_copy_is_out_with_a_reader_on_a_reading_list(demo):
    reader = users()["reader"]
    out = Copy.objects.filter(status=CopyStatus.OUT, holder=reader, circulations__status=CirculationStatus.IN_PROGRESS)

    assert out.count() == 1


def test_a_loan_is_overdue(demo):
    assert overdue_loans(users()["clerk"]).count() == 1


def test_a_reproduction_is_approved_and_waiting_to_be_made(demo):
    assert ReproductionRequest.objects.filter(status=ReproductionStatus.APPROVED).count() == 1


def test_a_destruction_list_is_approved_and_one_waits_for_the_leader(demo):
    assert DestructionList.objects.filter(status=DestructionStatus.APPROVED).count() == 1
    assert DestructionList.objects.filter(status=DestructionStatus.SUBMITTED).count() == 1


def test_an_inventory_is_open(demo):
    assert Inventory.objects.filter(status=InventoryStatus.OPEN).count() == 1


def test_a_documents_secrecy_period_ends_within_the_year(demo):
    assert periods_ending(users()["leader"], within_days=365).exists()


def test_the_demo_states_have_history_with_actors_and_reasons(demo):
    people = users()
    approved = Circulation.objects.get(status=CirculationStatus.APPROVED)
    rows = list(approved.history.order_by("history_date"))

    assert rows[0].history_user == people["clerk"] and rows[0].history_change_reason
    assert rows[-1].history_user == people["leader"] and rows[-1].history_change_reason


def _general_office_sections():
    from django.utils import timezone

    from inspections.report import build_report
    from inspections.summary import annual_summary
    from people.models import Unit

    unit = Unit.objects.get(code="office")
    year = timezone.localdate().year
    report = build_report(unit, year, annual_summary(users()["leader"], unit, year))
    return {section.key: section for section in report.sections}


def _numbers(section):
    values = []
    for _label, value in section.figures:
        values.append(int(str(value).split(" ")[0].split(".")[0]) if str(value)[:1].isdigit() else 0)
    return values


@pytest.mark.parametrize(
    "key", ["training", "personnel", "documents", "devices", "archives", "classification", "self_inspection"]
)
def test_every_section_the_registry_can_fill_has_figures_for_the_general_office_this_year(demo, key):
    section = _general_office_sections()[key]

    assert section.recorded
    assert any(_numbers(section)), section.figures


def test_the_demo_general_office_has_one_of_each_classification_decision_and_a_departure(demo):
    figures = dict(_general_office_sections()["classification"].figures)
    personnel = dict(_general_office_sections()["personnel"].figures)

    assert [figures[label] for label in ("Declassify", "Extend the secrecy period", "Change the classification level")] == [1, 1, 1]
    assert personnel["Departures this year"] == 1


def test_the_demo_self_inspection_has_one_rectification_done_and_one_open_with_its_own_owner(demo):
    from inspections.models import InspectionKind, Rectification, RectificationStatus

    items = Rectification.objects.filter(self_inspection__kind=InspectionKind.ANNUAL, self_inspection__unit__code="office")
    done, still_open = items.get(status=RectificationStatus.DONE), items.get(status=RectificationStatus.OPEN)
    assert still_open.owner != done.owner and still_open.deadline != done.deadline


def test_the_leaders_periods_ending_window_shows_a_document_ending_this_year(demo):
    from django.utils import timezone

    from documents.forms.classification import DEFAULT_WINDOW

    ending = periods_ending(users()["leader"], within_days=DEFAULT_WINDOW)
    assert any(document.period_ends_on.year == timezone.localdate().year for document in ending)


def test_the_demo_has_notifications_of_each_kind_and_no_twice(demo):
    from notifications.models import Kind, Notification

    people = users()
    kinds = {(n.user.username, n.kind) for n in Notification.objects.current().select_related("user")}
    assert ("clerk", Kind.LOAN_OVERDUE) in kinds
    assert ("leader", Kind.APPROVAL_WAITING) in kinds
    assert ("admin", Kind.RECTIFICATION_DUE) in kinds
    assert Kind.PERIOD_ENDING in {kind for _name, kind in kinds}
    assert Notification.objects.filter(user=people["clerk"]).exists()
