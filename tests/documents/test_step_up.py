"""Step-up for decisions that cannot be undone (issue 14, item 2; OWASP ASVS 5.0 §7.5.3)."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.services.reauth import SESSION_KEY, Proof, StepUpRequired
from documents.levels import Level
from documents.models import Document, DestructionList, DestructionStatus, ReproductionRequest, ReproductionStatus
from documents.services import copying, destruction
from documents.services.decisions_bulk import RefusedInBulk, approve_several
from documents.services.declassification import decide
from documents.services.scope import change_scope, scope_of
from tests.api.conftest import token_client
from tests.factories import PASSWORD, DocumentFactory, proved

pytestmark = pytest.mark.django_db


def stale(user):
    return Proof(user_id=user.pk, at=timezone.now() - datetime.timedelta(minutes=10), how="password")


@pytest.fixture
def submitted(office):
    document = DocumentFactory(registry=office.registry, by=office.clerk, copies_count=1, scope_users=[office.leader])
    dlist = destruction.prepare_destruction_list(
        registry=office.registry, copies=list(document.copies.all()), by=office.clerk, reason="Kept beyond its use"
    )
    return destruction.submit_destruction_list(dlist=dlist, by=office.clerk, reason="Complete")


def copying_request(office, level):
    document = DocumentFactory(registry=office.registry, by=office.clerk, level=level, scope_users=[office.leader])
    extra = {"originating_approval": "Bureau letter [2026] 7"} if level == Level.TOP_SECRET else {}
    return copying.request_reproduction(
        source_copy=document.copies.get(number=1), kind="copy", count=1, by=office.clerk, reason="Working group", **extra
    )


def status_of(dlist):
    return DestructionList.objects.get(pk=dlist.pk).status


# The services refuse -------------------------------------------------------------------------


@pytest.mark.parametrize("proof", [None, "stale", "someone else"])
def test_approving_a_destruction_list_without_a_fresh_proof_of_the_leader_is_refused(office, submitted, proof):
    given = {None: None, "stale": stale(office.leader), "someone else": proved(office.clerk)}[proof]

    with pytest.raises(StepUpRequired):
        destruction.approve_destruction_list(dlist=submitted, by=office.leader, reason="Agreed", proof=given)

    assert status_of(submitted) == DestructionStatus.SUBMITTED


def test_a_proof_within_the_window_approves_the_list(office, submitted):
    destruction.approve_destruction_list(dlist=submitted, by=office.leader, reason="Agreed", proof=proved(office.leader))

    assert status_of(submitted) == DestructionStatus.APPROVED


def test_approving_top_secret_copying_needs_step_up(office):
    request = copying_request(office, Level.TOP_SECRET)

    with pytest.raises(StepUpRequired):
        copying.approve_reproduction(request=request, by=office.leader, reason="Agreed", proof=stale(office.leader))

    assert ReproductionRequest.objects.get(pk=request.pk).status == ReproductionStatus.REQUESTED


def test_approving_secret_copying_needs_no_step_up(office):
    request = copying_request(office, Level.SECRET)

    copying.approve_reproduction(request=request, by=office.leader, reason="Agreed")

    assert ReproductionRequest.objects.get(pk=request.pk).status == ReproductionStatus.APPROVED


@pytest.mark.parametrize(
    "kind, extra",
    [("declassify", {}), ("extend", {"new_period_years": 15}), ("change_level", {"new_level": Level.TOP_SECRET})],
)
def test_every_classification_decision_needs_step_up(office, kind, extra):
    document = DocumentFactory(
        registry=office.registry, by=office.clerk, level=Level.SECRET, secrecy_period_years=10, scope_users=[office.leader]
    )
    before = (document.level, document.secrecy_period_years, document.declassified_on)

    with pytest.raises(StepUpRequired):
        decide(document=document, kind=kind, by=office.leader, basis="Bureau notice", proof=None, **extra)

    document = Document.objects.get(pk=document.pk)
    assert (document.level, document.secrecy_period_years, document.declassified_on) == before
    assert not document.classification_decisions.exists()


def test_widening_a_scope_needs_step_up_and_narrowing_does_not(office):
    document = DocumentFactory(registry=office.registry, by=office.clerk, scope_users=[office.leader, office.reader2])

    with pytest.raises(StepUpRequired):
        change_scope(document=document, by=office.clerk, reason="Needs it", add_users=[office.reader])
    change_scope(document=document, by=office.clerk, reason="Need to know ended", remove_users=[office.reader2])

    users, _units = scope_of(document)
    assert office.reader not in users and office.reader2 not in users


def test_a_bulk_approval_with_a_destruction_list_needs_step_up_and_approves_nothing(office, submitted):
    request = copying_request(office, Level.SECRET)

    with pytest.raises(RefusedInBulk) as refused:
        approve_several(items=[request, submitted], by=office.leader, reason="Agreed", proof=stale(office.leader))

    assert isinstance(refused.value.error, StepUpRequired)
    assert ReproductionRequest.objects.get(pk=request.pk).status == ReproductionStatus.REQUESTED
    assert status_of(submitted) == DestructionStatus.SUBMITTED


# The pages ask again -------------------------------------------------------------------------


def signed_in_long_ago(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    session = client.session
    session[SESSION_KEY] = {"user": user.pk, "at": (timezone.now() - datetime.timedelta(minutes=10)).timestamp()}
    session.save()
    return client


def test_a_leader_who_signed_in_just_now_approves_without_being_asked(client, office, submitted):
    assert client.login(username="leader", password=PASSWORD)

    client.post(reverse("documents:destruction_approve", args=[submitted.pk]), {"reason": "Agreed"})

    assert status_of(submitted) == DestructionStatus.APPROVED


def test_a_leader_signed_in_long_ago_is_asked_for_the_password_and_the_reason_is_kept(client, office, submitted):
    signed_in_long_ago(client, office.leader)
    url = reverse("documents:destruction_approve", args=[submitted.pk])

    asked = client.post(url, {"reason": "Agreed at the office meeting"})

    page = asked.content.decode()
    assert 'id="step-up"' in page and 'value="Agreed at the office meeting"' in page
    assert status_of(submitted) == DestructionStatus.SUBMITTED

    client.post(url, {"reason": "Agreed at the office meeting", "step_up_password": PASSWORD})

    dlist = DestructionList.objects.get(pk=submitted.pk)
    assert (dlist.status, dlist.decision_reason) == (DestructionStatus.APPROVED, "Agreed at the office meeting")


def test_a_wrong_step_up_password_approves_nothing_and_counts_as_a_failed_sign_in(client, office, submitted):
    signed_in_long_ago(client, office.leader)

    refused = client.post(
        reverse("documents:destruction_approve", args=[submitted.pk]), {"reason": "Agreed", "step_up_password": "guess"}
    )

    assert "This password is not right." in refused.content.decode()
    assert status_of(submitted) == DestructionStatus.SUBMITTED
    assert AccessAttempt.objects.filter(username="leader").exists()


def test_a_leader_with_an_authenticator_gives_the_code_as_well(client, office, submitted):
    device = TOTPDevice.objects.create(user=office.leader, name="phone", confirmed=True)
    signed_in_long_ago(client, office.leader)
    url = reverse("documents:destruction_approve", args=[submitted.pk])

    without = client.post(url, {"reason": "Agreed", "step_up_password": PASSWORD})
    assert "Give the six-digit code" in without.content.decode()
    assert status_of(submitted) == DestructionStatus.SUBMITTED

    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    client.post(url, {"reason": "Agreed", "step_up_password": PASSWORD, "step_up_code": code})
    assert status_of(submitted) == DestructionStatus.APPROVED


def test_the_inbox_bulk_approval_asks_for_the_password_then_approves_the_ticked_rows(client, office, submitted):
    signed_in_long_ago(client, office.leader)
    data = {"item": [f"destruction-{submitted.pk}"], "reason": "Agreed"}

    asked = client.post(reverse("documents:inbox_approve"), data)
    assert 'id="step-up"' in asked.content.decode()

    client.post(reverse("documents:inbox_approve"), {**data, "step_up_password": PASSWORD})
    assert status_of(submitted) == DestructionStatus.APPROVED


def test_a_classification_decision_on_the_page_asks_for_the_password(client, office):
    document = DocumentFactory(registry=office.registry, by=office.clerk, level=Level.SECRET, scope_users=[office.leader])
    signed_in_long_ago(client, office.leader)
    data = {"kind": "declassify", "basis": "Published by the bureau", "confirm": "1"}

    asked = client.post(reverse("documents:classification_decide", args=[document.pk]), data)
    assert 'id="step-up"' in asked.content.decode()
    assert Document.objects.get(pk=document.pk).declassified_on is None

    client.post(reverse("documents:classification_decide", args=[document.pk]), {**data, "step_up_password": PASSWORD})
    assert Document.objects.get(pk=document.pk).declassified_on == timezone.localdate()


# The API refuses a token not issued for decisions ---------------------------------------------


def test_the_api_refuses_a_plain_token_naming_step_up(office, submitted):
    response = token_client(office.leader).post(
        f"/api/v1/destruction-lists/{submitted.pk}/approve/", {"reason": "Agreed"}, format="json"
    )

    assert (response.status_code, response.json()["code"]) == (403, "step_up_required")
    assert "step-up" in response.json()["message"]
    assert status_of(submitted) == DestructionStatus.SUBMITTED


def test_the_api_takes_the_decision_from_a_token_issued_for_decisions(office, submitted):
    response = token_client(office.leader, for_decisions=True).post(
        f"/api/v1/destruction-lists/{submitted.pk}/approve/", {"reason": "Agreed"}, format="json"
    )

    assert response.status_code == 200, response.json()
    assert status_of(submitted) == DestructionStatus.APPROVED


def test_the_api_refuses_a_classification_decision_from_a_plain_token(office):
    document = DocumentFactory(registry=office.registry, by=office.clerk, level=Level.SECRET, scope_users=[office.leader])

    response = token_client(office.leader).post(
        f"/api/v1/documents/{document.pk}/classification-decisions/",
        {"kind": "declassify", "basis": "Published"}, format="json",
    )  # fmt: skip

    assert (response.status_code, response.json()["code"]) == (403, "step_up_required")
    assert Document.objects.get(pk=document.pk).declassified_on is None
