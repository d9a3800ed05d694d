"""The classification review through the pages: the drafter's form, the proposal's page, the inboxes, the refusals."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.services.reauth import SESSION_KEY
from documents.models import Document
from review.models import ClassificationProposal, ProposalStatus
from review.services import approve_proposal, send_back
from tests.factories import PASSWORD, proved
from tests.review.conftest import proposal_fields

pytestmark = pytest.mark.django_db


def signed_in(client, user):
    client.logout()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def form_data(office, **overrides):
    data = {**proposal_fields(), "registry": office.registry.pk, "reason": "Draft ready", "level": 2,
            "date_classified": "2026-11-20", "secrecy_period_years": "", **overrides}  # fmt: skip
    return {name: value for name, value in data.items() if value is not None}


def test_a_staff_member_proposes_through_the_form_and_the_clerk_finds_it_in_the_inbox(client, office):
    signed_in(client, office.reader)
    form = client.get(reverse("review:new"))
    assert form.status_code == 200 and 'name="basis"' in form.content.decode()

    response = client.post(reverse("review:new"), form_data(office, scope_users=[office.leader.pk]))

    proposal = ClassificationProposal.objects.get()
    assert response.status_code == 302 and response.url == reverse("review:detail", args=[proposal.pk])
    assert (proposal.proposed_by, proposal.scope_user_ids, proposal.basis) == (office.reader, [office.leader.pk], "保密事项范围目录 第3.2项")

    inbox = signed_in(client, office.clerk).get(reverse("home")).content.decode()
    assert 'id="proposals-review"' in inbox and proposal.label in inbox and "Pass it on" in inbox


def test_the_form_shows_what_registration_would_refuse_next_to_its_field(client, office):
    signed_in(client, office.reader)

    response = client.post(reverse("review:new"), form_data(office, secrecy_period_years=40, basis="\u200b"))

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "basis" in errors or "secrecy_period_years" in errors
    assert not ClassificationProposal.objects.exists()


def test_a_person_of_no_unit_role_gets_no_form(client, office, other_unit):
    signed_in(client, office.administrator)
    assert client.get(reverse("review:new")).status_code == 404


def test_the_clerk_passes_it_on_and_the_leader_finds_it_to_approve(client, office, proposal):
    signed_in(client, office.clerk)
    page = client.get(reverse("review:detail", args=[proposal.pk])).content.decode()
    assert "Pass it on to the leaders" in page and "Send it back to the drafter" in page
    assert "Approve and register" not in page

    client.post(reverse("review:pass", args=[proposal.pk]), {"reason": "Checked: level, period, basis and scope are right"})

    assert ClassificationProposal.objects.get().status == ProposalStatus.REVIEWED
    inbox = signed_in(client, office.leader).get(reverse("home")).content.decode()
    assert 'id="proposals-approve"' in inbox and proposal.label in inbox


def test_the_leader_confirms_then_the_document_is_registered(client, office, reviewed):
    signed_in(client, office.leader)
    url = reverse("review:approve", args=[reviewed.pk])

    asked = client.post(url, {"reason": "Agreed for issue"})
    assert asked.status_code == 200 and "Confirm: approve and register" in asked.content.decode()
    assert not Document.objects.exists()

    done = client.post(url, {"reason": "Agreed for issue", "confirm": "1"})

    document = Document.objects.get()
    assert done.status_code == 302 and done.url == reverse("documents:detail", args=[document.pk])
    page = client.get(done.url).content.decode()
    assert 'id="classification-review"' in page and "保密事项范围目录 第3.2项" in page
    assert "Agreed for issue" in page


def test_a_leader_signed_in_long_ago_is_asked_for_the_password_first(client, office, reviewed):
    signed_in(client, office.leader)
    session = client.session
    session[SESSION_KEY] = {"user": office.leader.pk, "at": (timezone.now() - datetime.timedelta(minutes=10)).timestamp()}
    session.save()
    url = reverse("review:approve", args=[reviewed.pk])

    asked = client.post(url, {"reason": "Agreed", "confirm": "1"})

    assert 'id="step-up"' in asked.content.decode()
    assert not Document.objects.exists()
    client.post(url, {"reason": "Agreed", "confirm": "1", "step_up_password": PASSWORD})
    assert Document.objects.count() == 1


def test_the_drafter_approving_is_refused_with_a_message(client, office):
    from people.roles import Role
    from review.services import pass_review, propose
    from tests.factories import member

    clerk_b = member(office.unit, Role.CLERK, username="clerk_b")
    proposal = propose(registry=office.registry, by=office.leader, reason="Draft", **proposal_fields())
    pass_review(proposal=proposal, by=clerk_b, reason="Checked")
    signed_in(client, office.leader)

    page = client.get(reverse("review:detail", args=[proposal.pk])).content.decode()
    assert "Approve and register" not in page
    assert "You drafted this proposal; another leader must decide on it." in page

    response = client.post(reverse("review:approve", args=[proposal.pk]), {"reason": "Mine", "confirm": "1"}, follow=True)
    assert "You drafted this proposal; another leader must decide on it." in response.content.decode()
    assert not Document.objects.exists()


def test_the_drafter_reviewing_is_refused_with_a_message(client, office):
    from review.services import propose

    proposal = propose(registry=office.registry, by=office.clerk, reason="Draft", **proposal_fields())
    signed_in(client, office.clerk)

    page = client.get(reverse("review:detail", args=[proposal.pk])).content.decode()
    assert "Pass it on to the leaders" not in page
    response = client.post(reverse("review:pass", args=[proposal.pk]), {"reason": "Fine"}, follow=True)

    assert "You drafted this proposal; another secrecy clerk must review it." in response.content.decode()
    assert ClassificationProposal.objects.get().status == ProposalStatus.PROPOSED


def test_approving_before_the_review_is_refused_with_a_message(client, office, proposal):
    signed_in(client, office.leader)

    response = client.post(reverse("review:approve", args=[proposal.pk]), {"reason": "Agreed", "confirm": "1"}, follow=True)

    assert "has not been reviewed yet" in response.content.decode()
    assert not Document.objects.exists()


def test_a_proposal_sent_back_is_corrected_through_the_form(client, office, proposal):
    send_back(proposal=proposal, by=office.clerk, reason="Basis is item 3.4")
    signed_in(client, office.reader)
    inbox = client.get(reverse("home")).content.decode()
    assert 'id="proposals-returned"' in inbox and "Basis is item 3.4" in inbox

    form = client.get(reverse("review:revise", args=[proposal.pk]))
    assert "Basis is item 3.4" in form.content.decode()
    client.post(reverse("review:revise", args=[proposal.pk]), form_data(office, basis="第3.4项", reason="Corrected as asked"))

    proposal.refresh_from_db()
    assert (proposal.status, proposal.basis) == (ProposalStatus.PROPOSED, "第3.4项")


def test_a_proposal_is_not_found_outside_its_unit(client, office, other_unit, proposal):
    signed_in(client, other_unit.clerk)
    assert client.get(reverse("review:detail", args=[proposal.pk])).status_code == 404
    assert proposal.label not in client.get(reverse("review:list")).content.decode()


def test_another_staff_member_does_not_see_the_proposal(client, office, proposal):
    signed_in(client, office.reader2)
    assert client.get(reverse("review:detail", args=[proposal.pk])).status_code == 404


def test_a_leader_outside_the_registered_documents_scope_no_longer_sees_its_proposal(client, office, reviewed):
    from people.roles import Role
    from tests.factories import member

    leader_b = member(office.unit, Role.LEADER, username="leader_b")
    approve_proposal(proposal=reviewed, by=office.leader, reason="Agreed", proof=proved(office.leader))

    signed_in(client, leader_b)
    assert client.get(reverse("review:detail", args=[reviewed.pk])).status_code == 404
    signed_in(client, office.leader)
    assert client.get(reverse("review:detail", args=[reviewed.pk])).status_code == 200


def test_the_list_shows_each_state(client, office, reviewed):
    signed_in(client, office.clerk)
    page = client.get(reverse("review:list")).content.decode()
    assert 'id="proposals-reviewed"' in page and reviewed.label in page
    assert "Propose an outgoing document" in page


def test_a_reviewed_proposal_counts_in_the_leaders_decisions(client, office, reviewed):
    page = signed_in(client, office.leader).get(reverse("documents:ledger")).content.decode()
    assert 'id="nav-decisions">Decisions <span class="count waiting">1</span>' in page

    approve_proposal(proposal=reviewed, by=office.leader, reason="Agreed", proof=proved(office.leader))

    page = client.get(reverse("documents:ledger")).content.decode()
    assert 'id="nav-decisions">Decisions <span class="count">0</span>' in page


def test_the_proposal_form_offers_the_document_type(client, office):
    from django.urls import reverse

    from tests.factories import PASSWORD

    assert client.login(username=office.reader.username, password=PASSWORD)
    page = client.get(reverse("review:new")).content.decode()

    assert 'name="document_type"' in page and "Telegram" in page
