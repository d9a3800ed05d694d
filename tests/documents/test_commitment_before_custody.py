"""Commitment before custody: a classified copy goes only to someone with a signed confidentiality commitment on file."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from documents.levels import Level
from documents.models import Circulation, CopyStatus, Loan, LoanMode
from documents.selectors import eligible_borrowers, eligible_readers
from documents.services import borrowing, circulation
from documents.services.errors import InvalidInput, InvalidState
from people.names import person_name
from people.roles import Role
from people.services.personnel import record_person
from tests.api.conftest import recorded_state, token_client
from tests.documents.checks import signed_in
from tests.factories import DocumentFactory, member

pytestmark = pytest.mark.django_db

MISSING = "has no signed confidentiality commitment on file"


@pytest.fixture
def newcomer(office):
    """A reader of the office who has not signed the commitment yet."""
    return member(office.unit, Role.READER, username="newcomer", commitment=False)


def document_of(office, newcomer, level=Level.SECRET):
    return DocumentFactory(
        registry=office.registry, by=office.clerk, level=level, copies_count=1,
        scope_users=[office.leader, office.reader, newcomer],
    )  # fmt: skip


def tomorrow():
    return timezone.localdate() + datetime.timedelta(days=1)


def withdraw_commitment(office, person):
    record_person(user=person, by=office.clerk, reason="Commitment withdrawn for renewal", post_level="general",
                  commitment_signed_on=None)  # fmt: skip


def test_a_reading_list_naming_someone_without_a_commitment_is_refused_by_name(office, newcomer):
    copy = document_of(office, newcomer).copies.get()

    with pytest.raises(InvalidInput) as refused:
        circulation.propose_circulation(copy=copy, readers=[office.reader, newcomer], by=office.clerk, reason="Read")

    (message,) = refused.value.errors["readers"]
    assert message.startswith(f"{person_name(newcomer)} {MISSING}")
    assert person_name(office.reader) not in message
    assert not Circulation.objects.exists()


def test_a_loan_for_someone_without_a_commitment_is_refused_on_the_borrower(office, newcomer):
    copy = document_of(office, newcomer).copies.get()

    with pytest.raises(InvalidInput) as refused:
        borrowing.request_loan(
            copy=copy, borrower=newcomer, by=newcomer, purpose="Drafting", mode=LoanMode.READING_ROOM, due_on=tomorrow()
        )

    assert MISSING in refused.value.errors["borrower"][0]
    assert not Loan.objects.exists()


def test_the_copy_is_not_handed_to_a_reader_whose_commitment_is_no_longer_on_file(office, newcomer):
    copy = document_of(office, newcomer).copies.get()
    round_ = circulation.propose_circulation(copy=copy, readers=[office.reader], by=office.clerk, reason="Read")
    round_ = circulation.approve_circulation(circulation=round_, by=office.leader, reason="Yes")
    withdraw_commitment(office, office.reader)

    refusal = circulation.check_hand_out(round_, office.clerk)
    with pytest.raises(InvalidState, match=MISSING):
        circulation.hand_out(circulation=round_, by=office.clerk, reason="Out")

    assert MISSING in str(refusal.message)
    copy.refresh_from_db()
    assert (copy.status, copy.holder) == (CopyStatus.IN_REGISTRY, None)


def test_the_copy_is_not_lent_to_a_borrower_whose_commitment_is_no_longer_on_file(office, newcomer):
    copy = document_of(office, newcomer).copies.get()
    loan = borrowing.request_loan(
        copy=copy, borrower=office.reader, by=office.reader, purpose="Drafting", mode=LoanMode.READING_ROOM,
        due_on=tomorrow(),
    )  # fmt: skip
    borrowing.approve_loan(loan=loan, by=office.leader, reason="Yes")
    withdraw_commitment(office, office.reader)

    with pytest.raises(InvalidState, match=MISSING):
        borrowing.hand_out_loan(loan=loan, by=office.clerk, reason="Out")
    assert Loan.objects.get(pk=loan.pk).status == "approved"


def test_internal_material_needs_no_commitment(office, newcomer):
    copy = document_of(office, newcomer, level=Level.INTERNAL).copies.get()
    round_ = circulation.propose_circulation(copy=copy, readers=[newcomer], by=office.clerk, reason="Read")
    circulation.approve_circulation(circulation=round_, by=office.leader, reason="Yes")

    circulation.hand_out(circulation=round_, by=office.clerk, reason="Out")

    copy.refresh_from_db()
    assert copy.holder == newcomer


def test_the_pickers_leave_out_people_without_a_commitment_for_classified_documents_only(office, newcomer):
    secret = document_of(office, newcomer)
    internal = document_of(office, newcomer, level=Level.INTERNAL)

    assert newcomer not in eligible_readers(secret) and newcomer not in eligible_borrowers(secret)
    assert office.reader in eligible_readers(secret)
    assert newcomer in eligible_readers(internal)


def test_once_the_commitment_is_recorded_the_person_is_offered_and_receives_the_copy(office, newcomer):
    copy = document_of(office, newcomer).copies.get()
    record_person(user=newcomer, by=office.clerk, reason="Signed on arrival", post_level="general",
                  commitment_signed_on=timezone.localdate())  # fmt: skip

    round_ = circulation.propose_circulation(copy=copy, readers=[newcomer], by=office.clerk, reason="Read")
    circulation.approve_circulation(circulation=round_, by=office.leader, reason="Yes")
    circulation.hand_out(circulation=round_, by=office.clerk, reason="Out")

    assert newcomer in eligible_readers(copy.document)
    copy.refresh_from_db()
    assert copy.holder == newcomer


def test_the_reader_picker_does_not_offer_someone_without_a_commitment(client, office, newcomer):
    document = document_of(office, newcomer)

    url = reverse("documents:people_readers", args=[document.pk])
    client = signed_in(client, office.clerk)

    assert f'data-value="{newcomer.pk}"' not in client.get(url, {"q": "newcomer"}).content.decode()
    assert f'data-value="{office.reader.pk}"' in client.get(url, {"q": "reader"}).content.decode()


def test_the_clerks_inbox_names_what_is_missing_instead_of_offering_the_hand_out(client, office, newcomer):
    copy = document_of(office, newcomer).copies.get()
    round_ = circulation.propose_circulation(copy=copy, readers=[office.reader], by=office.clerk, reason="Read")
    circulation.approve_circulation(circulation=round_, by=office.leader, reason="Yes")
    withdraw_commitment(office, office.reader)

    content = signed_in(client, office.clerk).get("/").content.decode()

    assert MISSING in content
    assert reverse("documents:circulation_hand_out", args=[round_.pk]) not in content


def test_the_api_refuses_a_loan_for_someone_without_a_commitment_with_400_on_the_borrower(office, newcomer):
    copy = document_of(office, newcomer).copies.get()
    before = recorded_state()

    response = token_client(newcomer).post(
        f"/api/v1/copies/{copy.pk}/loans/",
        {"purpose": "Drafting", "mode": "reading_room", "due_on": tomorrow().isoformat()},
        format="json",
    )

    assert (response.status_code, response.json()["code"]) == (400, "invalid_input")
    assert MISSING in response.json()["errors"]["borrower"][0]
    assert recorded_state() == before
