"""A leader approves a destruction list through the step-up form, in Chromium (issue 14, item 2)."""

import pytest
from playwright.sync_api import expect

from documents.models import DestructionList, DestructionStatus
from documents.services import destruction
from tests.browser.conftest import shoot, sign_in
from tests.factories import PASSWORD, DocumentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_leader_signed_in_a_while_ago_approves_a_destruction_list_through_the_step_up_form(
    page, live_server, office, settings
):
    document = DocumentFactory(registry=office.registry, by=office.clerk, copies_count=2, scope_users=[office.leader])
    dlist = destruction.prepare_destruction_list(
        registry=office.registry, copies=list(document.copies.all()), by=office.clerk, reason="Kept beyond its use"
    )
    destruction.submit_destruction_list(dlist=dlist, by=office.clerk, reason="Complete")
    sign_in(page, live_server, "leader", PASSWORD)
    # The sign-in is the leader's last proof; past the window, the decision asks for the password again.
    settings.STEP_UP_WINDOW_SECONDS = 0

    page.goto(f"{live_server.url}/destruction/{dlist.pk}/")
    page.fill("#approve-reason", "Agreed at the office meeting")
    page.locator("form[action$='/approve/'] button[type=submit]").click()

    expect(page.locator("#step-up h1")).to_have_text("Confirm it is you")
    assert DestructionList.objects.get(pk=dlist.pk).status == DestructionStatus.SUBMITTED
    page.fill("#id_step_up_password", "not my password")
    settings.STEP_UP_WINDOW_SECONDS = 300
    page.click("#step-up-continue")
    expect(page.locator("#step-up .error")).to_contain_text("This password is not right.")
    page.fill("#id_step_up_password", PASSWORD)
    shoot(page, "step-up-form")
    page.click("#step-up-continue")

    expect(page.locator(".messages")).to_contain_text(f"Destruction list {dlist.label} approved.")
    dlist.refresh_from_db()
    assert (dlist.status, dlist.approved_by, dlist.decision_reason) == (
        DestructionStatus.APPROVED, office.leader, "Agreed at the office meeting",
    )
    shoot(page, "step-up-approved")
