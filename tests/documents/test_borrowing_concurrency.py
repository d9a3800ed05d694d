"""Two clerks lending the same copy at the same moment, on PostgreSQL with real transactions."""

import datetime
import threading

import pytest
from django.db import connections
from django.utils import timezone

from documents.levels import Level
from documents.models import CopyStatus, Loan, LoanMode, LoanStatus
from documents.services.borrowing import hand_out_loan, request_loan
from documents.services.errors import Conflict, InvalidState
from tests.factories import DocumentFactory, member

pytestmark = pytest.mark.django_db(transaction=True)


def run_together(*targets):
    barrier = threading.Barrier(len(targets))
    results, errors = [], []

    def runner(target):
        def run():
            try:
                barrier.wait()
                results.append(target())
            except Exception as error:  # noqa: BLE001 - the test reports what each thread met
                errors.append(error)
            finally:
                connections.close_all()

        return threading.Thread(target=run)

    threads = [runner(target) for target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


@pytest.fixture
def lendable(office):
    document = DocumentFactory(
        registry=office.registry, by=office.clerk, level=Level.INTERNAL, scope_users=[office.reader, office.reader2]
    )
    return document.copies.get(number=1)


def test_two_clerks_lending_the_same_copy_to_two_people_one_succeeds(office, lendable):
    second_clerk = member(office.unit, "clerk", username="clerk_b")
    due = timezone.localdate() + datetime.timedelta(days=5)

    def lend_to(clerk, reader):
        return lambda: request_loan(
            copy=lendable, borrower=reader, by=clerk, purpose="Urgent reading", mode=LoanMode.TAKE_OUT, due_on=due
        )

    results, errors = run_together(lend_to(office.clerk, office.reader), lend_to(second_clerk, office.reader2))

    assert len(results) == 1
    assert len(errors) == 1 and isinstance(errors[0], Conflict)
    assert "already has an open loan" in str(errors[0].message)
    assert Loan.objects.filter(copy=lendable).count() == 1


def test_two_clerks_handing_out_the_same_loan_one_succeeds(office, lendable):
    second_clerk = member(office.unit, "clerk", username="clerk_b")
    loan = request_loan(
        copy=lendable, borrower=office.reader, by=office.reader, purpose="Reading", mode=LoanMode.TAKE_OUT,
        due_on=timezone.localdate(),
    )

    results, errors = run_together(
        lambda: hand_out_loan(loan=loan, by=office.clerk, reason="Handed over"),
        lambda: hand_out_loan(loan=loan, by=second_clerk, reason="Handed over"),
    )

    assert len(results) == 1
    assert len(errors) == 1 and isinstance(errors[0], InvalidState)
    lendable.refresh_from_db()
    assert (lendable.status, lendable.holder) == (CopyStatus.ON_LOAN, office.reader)
    assert Loan.objects.get(pk=loan.pk).status == LoanStatus.OUT
    assert lendable.history.filter(status=CopyStatus.ON_LOAN).count() == 1
