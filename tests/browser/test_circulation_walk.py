"""The circulation of a secret copy to two readers, walked in Chromium as clerk, leader and readers."""

import pytest
from playwright.sync_api import expect

from documents.levels import Level
from documents.models import Circulation, CirculationStatus
from tests.browser.conftest import pick_person, shoot, sign_in, sign_out
from tests.factories import PASSWORD, DocumentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secret_copy_goes_out_and_back_twice_and_the_round_shows_every_step(page, live_server, office):
    document = DocumentFactory(
        registry=office.registry, by=office.clerk, level=Level.SECRET, title="关于年度保密检查的通知", copies_count=1,
        scope_users=[office.leader, office.reader, office.reader2],
    )
    detail = f"{live_server.url}/documents/{document.pk}/"

    # The clerk proposes the reading list.
    sign_in(page, live_server, "clerk", PASSWORD)
    shoot(page, "01-clerk-home")
    page.goto(detail)
    shoot(page, "02-document-detail")
    page.click("text=Propose circulation")
    pick_person(page, "readers", office.reader.username)
    pick_person(page, "readers", office.reader2.username)
    page.click("button:has-text('Propose the list')")
    sign_out(page)

    # The leader approves it from the queue.
    sign_in(page, live_server, "leader", PASSWORD)
    page.goto(f"{live_server.url}/circulations/awaiting/")
    shoot(page, "03-leader-queue")
    page.click("button:has-text('Approve as proposed')")
    sign_out(page)

    circulation = Circulation.objects.get()
    for reader in (office.reader, office.reader2):
        sign_in(page, live_server, "clerk", PASSWORD)
        page.goto(f"{live_server.url}/circulations/{circulation.pk}/")
        page.click("button:has-text('Hand out to')")
        expect(page.locator(".messages")).not_to_contain_text("not")
        sign_out(page)

        sign_in(page, live_server, reader.username, PASSWORD)
        expect(page.locator("body")).to_contain_text("关于年度保密检查的通知")  # on the reader's home: the copy they hold
        page.goto(detail)
        expect(page.locator("body")).not_to_contain_text("Hand out to")
        page.fill("textarea[name=comment]", "已阅，同意。")
        page.click("button:has-text('Mark as read')")
        if reader == office.reader:
            shoot(page, "04-reader-marked-read")
        sign_out(page)

        sign_in(page, live_server, "clerk", PASSWORD)
        page.goto(f"{live_server.url}/circulations/{circulation.pk}/")
        page.click("button:has-text('Take back from')")
        sign_out(page)

    sign_in(page, live_server, "clerk", PASSWORD)
    page.goto(f"{live_server.url}/circulations/{circulation.pk}/")
    shoot(page, "05-circulation-round")
    body = page.locator("body")
    expect(body).to_contain_text("已阅，同意。")
    circulation.refresh_from_db()
    assert circulation.status == CirculationStatus.COMPLETED
    entries = list(circulation.entries.order_by("position"))
    assert [e.reader for e in entries] == [office.reader, office.reader2]
    assert all(e.handed_out_at and e.returned_at and e.handed_out_by == office.clerk for e in entries)
