"""Independent witnesses who confirm for themselves (issue 14, item 1)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from documents.models import Copy, CopyStatus, DestructionList, DestructionStatus
from documents.services import destruction
from documents.services.errors import InvalidInput, NotPermitted
from tests.factories import PASSWORD, DocumentFactory, proved

pytestmark = pytest.mark.django_db


@pytest.fixture
def dlist(office):
    document = DocumentFactory(registry=office.registry, by=office.clerk, copies_count=2, scope_users=[office.leader])
    made = destruction.prepare_destruction_list(
        registry=office.registry, copies=list(document.copies.all()), by=office.clerk, reason="Kept beyond its use"
    )
    destruction.submit_destruction_list(dlist=made, by=office.clerk, reason="Complete")
    return destruction.approve_destruction_list(dlist=made, by=office.leader, reason="Agreed", proof=proved(office.leader))


def record(office, dlist, *, proofs=(), witness_1=None, witness_2=None):
    return destruction.execute_destruction_list(
        dlist=dlist, by=office.clerk, executed_on=timezone.localdate(), place="Shredding room B-104",
        method="shredding", witness_1=witness_1 or office.inspector, witness_2=witness_2 or office.reader2,
        reason="Destroyed as approved", witness_proofs=list(proofs),
    )  # fmt: skip


def statuses(dlist):
    return set(Copy.objects.filter(destruction_items__list=dlist).values_list("status", flat=True))


def form(office, **extra):
    return {
        "executed_on": timezone.localdate().isoformat(), "place": "Shredding room", "method": "shredding",
        "witness_1": office.inspector.pk, "witness_2": office.reader2.pk, "reason": "Destroyed as approved",
        "confirm": "1", **extra,
    }  # fmt: skip


def test_the_approving_leader_named_as_witness_is_refused(office, dlist):
    with pytest.raises(InvalidInput) as refused:
        record(office, dlist, witness_1=office.leader, proofs=[proved(office.leader), proved(office.reader2)])

    assert "witness_1" in refused.value.errors
    assert DestructionList.objects.get(pk=dlist.pk).status == DestructionStatus.APPROVED
    assert statuses(dlist) == {CopyStatus.IN_REGISTRY}


def test_a_witness_who_does_not_confirm_leaves_the_list_approved_and_nothing_destroyed(office, dlist):
    record(office, dlist, proofs=[proved(office.inspector)])

    dlist.refresh_from_db()
    assert dlist.status == DestructionStatus.APPROVED and dlist.awaits_witnesses
    assert dlist.witness_1_confirmed_at is not None and dlist.witness_2_confirmed_at is None
    assert statuses(dlist) == {CopyStatus.IN_REGISTRY}


def test_the_second_witness_confirming_from_their_own_session_executes_the_list(office, dlist):
    record(office, dlist)
    destruction.confirm_witness(dlist=dlist, by=office.inspector, proof=proved(office.inspector))
    assert statuses(dlist) == {CopyStatus.IN_REGISTRY}

    destruction.confirm_witness(dlist=dlist, by=office.reader2, proof=proved(office.reader2))

    dlist.refresh_from_db()
    assert dlist.status == DestructionStatus.EXECUTED
    assert statuses(dlist) == {CopyStatus.DESTROYED}


def test_the_history_row_of_each_confirmation_is_the_witnesss(office, dlist):
    record(office, dlist, proofs=[proved(office.inspector)])
    destruction.confirm_witness(dlist=dlist, by=office.reader2, proof=proved(office.reader2))

    rows = list(DestructionList.history.filter(id=dlist.pk).order_by("history_id"))
    witnessed = [row for row in rows if row.history_change_reason.startswith("Witnessed the destruction")]
    assert [row.history_user for row in witnessed] == [office.inspector, office.reader2]
    assert witnessed[-1].status == DestructionStatus.EXECUTED
    recorded = next(row for row in rows if row.history_change_reason.startswith("Destruction recorded"))
    assert recorded.history_user == office.clerk and recorded.status == DestructionStatus.APPROVED


def test_a_proof_of_someone_else_does_not_confirm_a_witness(office, dlist):
    record(office, dlist)

    with pytest.raises(NotPermitted):
        destruction.confirm_witness(dlist=dlist, by=office.inspector, proof=proved(office.clerk))

    assert DestructionList.objects.get(pk=dlist.pk).witness_1_confirmed_at is None


def test_a_stale_proof_does_not_confirm_a_witness(office, dlist):
    record(office, dlist)
    stale = proved(office.inspector)
    stale = type(stale)(user_id=stale.user_id, at=stale.at - datetime.timedelta(hours=1), how=stale.how)

    with pytest.raises(NotPermitted):
        destruction.confirm_witness(dlist=dlist, by=office.inspector, proof=stale)


def test_someone_not_named_cannot_confirm(office, dlist):
    record(office, dlist)

    with pytest.raises(NotPermitted):
        destruction.confirm_witness(dlist=dlist, by=office.reader, proof=proved(office.reader))


def test_a_wrong_witness_password_on_the_form_is_refused_and_nothing_changes(client, office, dlist):
    client.force_login(office.clerk)
    before = list(DestructionList.history.filter(id=dlist.pk).values_list("history_id", flat=True))

    response = client.post(
        reverse("documents:destruction_execute", args=[dlist.pk]),
        form(office, witness_1_password=PASSWORD, witness_2_password="not-the-password"),
    )

    assert response.status_code == 200
    assert "This password is not right." in response.content.decode()
    assert list(DestructionList.history.filter(id=dlist.pk).values_list("history_id", flat=True)) == before
    assert statuses(dlist) == {CopyStatus.IN_REGISTRY}


def test_the_witness_passwords_are_never_echoed_into_the_confirmation_page(client, office, dlist):
    client.force_login(office.clerk)
    data = form(office, witness_1_password=PASSWORD, witness_2_password=PASSWORD)
    del data["confirm"]

    page = client.post(reverse("documents:destruction_execute", args=[dlist.pk]), data).content.decode()

    assert 'id="confirm"' in page and PASSWORD not in page
    # The passwords were checked on that first POST: the confirmation executes the list without them.
    client.post(reverse("documents:destruction_execute", args=[dlist.pk]), form(office))
    assert DestructionList.objects.get(pk=dlist.pk).status == DestructionStatus.EXECUTED


def test_a_witness_with_an_authenticator_must_give_its_code_too(client, office, dlist):
    device = TOTPDevice.objects.create(user=office.inspector, name="phone", confirmed=True)
    client.force_login(office.clerk)
    url = reverse("documents:destruction_execute", args=[dlist.pk])

    without = client.post(url, form(office, witness_1_password=PASSWORD, witness_2_password=PASSWORD))
    assert "Give the six-digit code" in without.content.decode()
    assert statuses(dlist) == {CopyStatus.IN_REGISTRY}

    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    client.post(url, form(office, witness_1_password=PASSWORD, witness_1_code=code, witness_2_password=PASSWORD))
    assert statuses(dlist) == {CopyStatus.DESTROYED}


def test_a_witness_confirms_from_their_inbox_with_their_password(client, office, dlist):
    record(office, dlist, proofs=[proved(office.inspector)])
    client.force_login(office.reader2)

    home = client.get(reverse("home")).content.decode()
    assert reverse("documents:destruction_witness", args=[dlist.pk]) in home

    url = reverse("documents:destruction_witness", args=[dlist.pk])
    wrong = client.post(url, {"password": "not-it"})
    assert "This password is not right." in wrong.content.decode()
    assert statuses(dlist) == {CopyStatus.IN_REGISTRY}

    client.post(url, {"password": PASSWORD})
    assert DestructionList.objects.get(pk=dlist.pk).status == DestructionStatus.EXECUTED
    assert statuses(dlist) == {CopyStatus.DESTROYED}


def test_the_witness_page_is_404_for_anyone_not_awaited(client, office, dlist):
    record(office, dlist)
    client.force_login(office.reader)

    assert client.get(reverse("documents:destruction_witness", args=[dlist.pk])).status_code == 404
