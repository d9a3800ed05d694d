"""Issue 16's walk in Chromium: copies dispatched to three units and an outside organ, received by scanning,
one not received, the organ's receipt recorded, and at clean-up copy 1 recalled back into the General Office."""

import os

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from dispatch.models import DispatchItem, ItemStatus, RecallItem, RecallStatus
from documents.levels import Level
from documents.models import CopyStatus, Document, Incident
from people.roles import Role
from tests.browser.conftest import shoot, sign_in, sign_out
from tests.factories import PASSWORD, RegistryFactory, UnitFactory, approved_outgoing, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ORGAN = "省审计厅"
WIDTHS = {"desktop": (1400, 900), "phone": (390, 844)}


def shoot_widths(page, name):
    """The page at desktop and phone width, for docs/screenshots (only when SCREENSHOT_DIR is set)."""
    if not os.environ.get("SCREENSHOT_DIR"):
        return
    for label, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        shoot(page, f"{name}-{label}" if label == "phone" else name)
    page.set_viewport_size({"width": 1400, "height": 900})


@pytest.fixture
def units(office):
    finance = UnitFactory(code="finance", name="Finance Division")
    legal = UnitFactory(code="legal", name="Legal Affairs Division")
    audit = UnitFactory(code="audit", name="Audit Division")
    registries = {
        "finance": RegistryFactory(unit=finance, code="CWC"),
        "legal": RegistryFactory(unit=legal, code="FGC"),
        "audit": RegistryFactory(unit=audit, code="SJC"),
    }
    member(finance, Role.CLERK, username="clerk2")
    member(legal, Role.CLERK, username="clerk3")
    return registries


def test_copies_go_out_arrive_and_copy_1_is_recalled_home(page, live_server, office, units):
    # Drafted, reviewed and approved (the review app's own walk drives those pages: tests/browser/test_review_walk.py).
    notice = approved_outgoing(
        registry=office.registry, drafter=office.reader, reviewer=office.clerk, leader=office.leader,
        level=Level.SECRET, copies_count=5, title="关于做好年终保密清退工作的通知", originating_organ="办公室",
        reference_number="BGS [2026] No. 120", scope_users=[office.leader],
    )
    copies = {copy.number: copy for copy in notice.copies.all()}
    detail = f"{live_server.url}/documents/{notice.pk}/"

    # The General Office's clerk dispatches copies 1-3 to three units and 4 to an outside organ.
    sign_in(page, live_server, "clerk", PASSWORD)
    page.goto(detail)
    page.click("text=Dispatch copies")
    for number, registry in ((1, "finance"), (2, "finance"), (3, "legal")):
        page.get_by_label(f"Copy {number} goes to").select_option(f"r{units[registry].pk}")
    page.get_by_label("Copy 4 goes to").select_option("organ")
    page.get_by_label("Outside organ for copy 4").fill(ORGAN)
    page.click("button.primary")
    expect(page.locator(".messages")).to_contain_text("4 copies are in transit under BGS-FF-")
    page.goto(detail)
    expect(page.locator("#dispatched-3")).to_contain_text("Legal Affairs Division")
    expect(page.locator("#dispatched-3")).to_contain_text("In transit")
    sign_out(page)

    # Finance's clerk receives copy 1 by scanning its code into the receive box; copy 2 did not arrive.
    sign_in(page, live_server, "clerk2", PASSWORD)
    page.goto(f"{live_server.url}/dispatch/incoming/")
    page.locator("#id_code").fill("")
    page.keyboard.type(copies[1].label)
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text(f"Copy {copies[1].label} received and registered as CWC-")
    page.goto(f"{live_server.url}/ledger/")
    expect(page.locator("#ledger")).to_contain_text("BGS [2026] No. 120")
    item_2 = DispatchItem.objects.get(copy=copies[2])
    page.goto(f"{live_server.url}/dispatch/incoming/")
    page.locator(f"#item-{item_2.pk} a:has-text('Not received')").click()
    page.get_by_label("The copy did not arrive").check()
    page.fill("#id_circumstances", "The envelope held copy 1 only; its seal was intact.")
    page.fill("#id_reason", "Copy 2 missing from the envelope")
    page.click("button:has-text('Report it')")
    expect(page.locator(".messages")).to_contain_text("has a loss incident to follow up")
    assert Incident.objects.filter(copy=copies[2]).exists()
    sign_out(page)

    # The General Office records the outside organ's signed receipt, then recalls copy 1.
    sign_in(page, live_server, "clerk", PASSWORD)
    page.goto(detail)
    page.locator("#dispatch-panel a[href^='/dispatch/']", has_text="BGS-FF-").first.click()
    organ = DispatchItem.objects.get(copy=copies[4]).recipient
    page.fill(f"#id_r{organ.pk}-signed_by", "王明")
    page.fill(f"#id_r{organ.pk}-signed_on", f"{timezone.localdate():%Y-%m-%d}")
    page.click(f"#recipient-{organ.pk} button:has-text('Record the receipt')")
    expect(page.locator(".messages")).to_contain_text(f"The receipt of {ORGAN} is recorded.")
    page.goto(detail)
    expect(page.locator("#dispatched-1")).to_contain_text("by Finance Division")
    expect(page.locator("#dispatched-2")).to_contain_text("Not received")
    shoot_widths(page, "recall-issuer-document")
    page.goto(f"{live_server.url}/ledger/")
    expect(page.locator("#ledger")).to_contain_text("Finance Division, received")
    shoot_widths(page, "recall-issuer-ledger")
    page.goto(detail)
    page.click("#recall-copies")
    page.get_by_label(f"Copy 4 · {ORGAN}").uncheck()
    shoot_widths(page, "recall-new")
    page.click("button:has-text('Ask these copies back')")
    expect(page.locator(".messages")).to_contain_text("1 copy is asked back under BGS-QT-")
    expect(page.locator("#recall-totals")).to_contain_text("1 outstanding")
    sign_out(page)

    # Finance's clerk finds the request in the inbox and hands the copy back.
    sign_in(page, live_server, "clerk2", PASSWORD)
    expect(page.locator("body")).to_contain_text("Copies asked back")
    shoot_widths(page, "recall-recipient-inbox")
    page.goto(f"{live_server.url}/dispatch/recalled/")
    shoot_widths(page, "recall-recipient-recalled")
    page.click("#asked-back a:has-text('Hand back')")
    shoot_widths(page, "recall-recipient-hand-back")
    page.click("button:has-text('Hand it back')")
    expect(page.locator(".messages")).to_contain_text("is handed back and on its way to General Office")
    sign_out(page)

    # The General Office confirms it arrived: copy 1 is in its registry again.
    sign_in(page, live_server, "clerk", PASSWORD)
    expect(page.locator("body")).to_contain_text("Recalled copies on their way back")
    page.click("#returning button:has-text('Confirm receipt')")
    expect(page.locator(".messages")).to_contain_text(f"Copy {copies[1].label} is back in your registry.")
    recall = RecallItem.objects.get().recall
    page.goto(f"{live_server.url}/dispatch/recalls/{recall.pk}/")
    expect(page.locator("#recall-totals")).to_contain_text("1 copy recovered")
    shoot_widths(page, "recall-issuer-recall")
    page.goto(detail)
    expect(page.locator("#dispatched-1")).to_contain_text("recovered on")
    expect(page.locator("#dispatched-1")).to_contain_text("General Office")

    copies[1].refresh_from_db()
    assert (copies[1].status, copies[1].holder) == (CopyStatus.IN_REGISTRY, None)
    assert RecallItem.objects.get().status == RecallStatus.RECOVERED
    assert DispatchItem.objects.get(copy=copies[1]).status == ItemStatus.RECOVERED
    received = Document.objects.get(registry=units["finance"], reference_number="BGS [2026] No. 120")
    assert received.copies.get(number=1).status == CopyStatus.RETURNED_TO_ISSUER
