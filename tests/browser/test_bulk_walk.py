"""Bulk work in Chromium: several copies to one ordered reading list, then a scanned stack handed out and back."""

import pytest
from playwright.sync_api import expect

from documents.models import Circulation, CopyStatus
from documents.services.circulation import approve_circulation
from tests.browser.conftest import pick_person, shoot, sign_in
from tests.factories import PASSWORD, DocumentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width, height", [(1440, 900), (390, 844)])
def test_clerk_circulates_three_copies_in_one_form_and_hands_them_out_in_one_scan(
    page, live_server, office, width, height
):
    page.set_viewport_size({"width": width, "height": height})
    document = DocumentFactory(
        registry=office.registry, by=office.clerk, title="关于批量传阅的通知", copies_count=3,
        scope_users=[office.leader, office.reader, office.reader2],
    )
    sign_in(page, live_server, "clerk", PASSWORD)
    page.goto(f"{live_server.url}/documents/{document.pk}/")
    page.click("text=Circulate several copies at once")

    page.click("text=Select all shown")
    expect(page.locator("#bulk-copies input[type=checkbox]:checked")).to_have_count(3)
    pick_person(page, "readers", office.reader.username)
    pick_person(page, "readers", office.reader2.username)
    # reader2 first: the list is ordered, and the arrows reorder it.
    page.locator("#id_readers-picker [data-picked] li").nth(1).locator("[data-move=up]").click()
    shoot(page, f"bulk-propose-{width}")
    page.click("button:has-text('Propose a list for each ticked copy')")
    expect(page.locator(".messages")).to_contain_text("3 reading lists proposed")

    circulations = list(Circulation.objects.order_by("copy__number"))
    assert len(circulations) == 3
    for circulation in circulations:
        assert [e.reader.username for e in circulation.entries.order_by("position")] == ["reader2", "reader"]
        approve_circulation(circulation=circulation, by=office.leader, reason="Approved")

    page.goto(f"{live_server.url}/ledger/")
    page.click("#scan-stack")
    codes = page.locator("#id_codes")
    for circulation in circulations:
        codes.press_sequentially(circulation.copy.label.lower())
        codes.press("Enter")  # what a scanner sends after each code
    page.click("button:has-text('Show what will happen')")
    expect(page.locator("#stack-preview")).to_contain_text("Hand out to")
    shoot(page, f"bulk-stack-{width}")
    page.click("button:has-text('Confirm 3 copies')")
    expect(page.locator(".messages")).to_contain_text("Done: 3 handed out, 0 taken back.")

    for circulation in circulations:
        circulation.copy.refresh_from_db()
        assert (circulation.copy.status, circulation.copy.holder) == (CopyStatus.OUT, office.reader2)


@pytest.mark.parametrize("width, height", [(1440, 900), (390, 844)])
def test_leader_edits_the_readers_with_the_picker_and_approves(page, live_server, office, other_unit, width, height):
    from documents.services.circulation import propose_circulation

    page.set_viewport_size({"width": width, "height": height})
    document = DocumentFactory(
        registry=office.registry, by=office.clerk, copies_count=1, scope_users=[office.leader, office.reader, office.reader2]
    )
    circulation = propose_circulation(
        copy=document.copies.get(), readers=[office.reader, office.reader2], by=office.clerk, reason="For reading"
    )
    sign_in(page, live_server, "leader", PASSWORD)
    page.goto(f"{live_server.url}/circulations/{circulation.pk}/decide/")

    picked = page.locator("#id_approve-readers-picker [data-picked] li")
    expect(picked).to_have_count(2)
    picked.first.locator("[data-remove]").click()
    page.fill("#id_approve-readers", other_unit.reader.username)  # out of the scope: never offered
    expect(page.locator("#id_approve-readers-results")).to_contain_text("No one who may take this part matches.")
    shoot(page, f"bulk-decide-{width}")
    page.click("button:has-text('Approve this list')")

    circulation.refresh_from_db()
    assert circulation.status == "approved"
    assert [e.reader for e in circulation.entries.order_by("position")] == [office.reader2]
