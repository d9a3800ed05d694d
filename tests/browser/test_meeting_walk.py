"""A secret-related meeting in Chromium: entered with its attendees, its materials put on reading lists, approved,
handed out in one go, taken back at the end with one copy left out, and that copy taken back late."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from documents.models import CopyStatus
from registers.models import Meeting
from registers.services.meetings import approve_materials
from tests.browser.conftest import pick_person, shoot, sign_in
from tests.factories import PASSWORD, DocumentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_clerk_walks_a_secret_related_meeting_and_a_copy_comes_back_late(page, live_server, office):
    document = DocumentFactory(registry=office.registry, by=office.clerk, title="会议材料", copies_count=2,
                               scope_users=[office.leader, office.reader, office.reader2])
    sign_in(page, live_server, "clerk", PASSWORD)
    page.goto(f"{live_server.url}/office/")
    page.click("text=Register of meetings")

    page.check("#record-meeting input[name=kind][value=secret]")
    page.fill("#id_name", "年度工作部署会")
    page.fill("#id_held_on", timezone.localdate().isoformat())
    page.fill("#id_chaired_by", "王局长")
    pick_person(page, "attendees", office.reader.username)
    pick_person(page, "attendees", office.reader2.username)
    page.fill("#id_topics", "传达上级涉密文件")
    page.click("#record-meeting button.primary")
    expect(page.locator(".messages")).to_contain_text("entered in the register of meetings")

    page.fill("#prepare-materials input[name=document]", document.registry_number)
    page.click("#prepare-materials button.primary")
    expect(page.locator(".messages")).to_contain_text("2 copies put on reading lists")
    approve_materials(meeting=Meeting.objects.get(), by=office.leader, reason="Approved")

    page.reload()
    page.click("#hand-out-materials button.primary")
    expect(page.locator(".messages")).to_contain_text("2 copies handed out")
    expect(page.locator("#meeting-copies")).to_contain_text("Out with the attendee")

    # At the end of the meeting one attendee keeps their copy.
    page.locator("#take-back-materials input[type=checkbox]").nth(1).uncheck()
    page.click("#take-back-materials button.primary")
    expect(page.locator("#materials")).to_contain_text("1 still out")
    shoot(page, "meeting-copy-out")
    late = document.copies.get(number=2)
    late.refresh_from_db()
    assert (late.status, late.holder) == (CopyStatus.OUT, office.reader2)

    expect(page.locator("#take-back-materials h3")).to_have_text("Take back a late copy")
    page.click("#take-back-materials button.primary")
    expect(page.locator("#meeting-copies")).to_contain_text("Came back late")
    late.refresh_from_db()
    assert late.status == CopyStatus.IN_REGISTRY
