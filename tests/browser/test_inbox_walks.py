"""Each role's day through the inbox on the home page, in Chromium, at a desktop and a phone's size."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from documents.levels import Level
from documents.models import Circulation, CirculationStatus, LoanMode
from documents.services import borrowing, copying
from documents.services import circulation as steps
from documents.services import inventory as inventories
from tests.browser.conftest import shoot, sign_in
from tests.factories import PASSWORD, DocumentFactory, proved

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"desktop": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}


def document(office, title, copies=1):
    return DocumentFactory(
        registry=office.registry, by=office.clerk, level=Level.SECRET, title=title, copies_count=copies,
        scope_users=[office.leader, office.reader, office.reader2],
    )


def proposed(office, copy):
    return steps.propose_circulation(copy=copy, readers=[office.reader, office.reader2], by=office.clerk,
                                     reason="For reading")


def a_day(office):
    """The states a clerk's day reaches: a list approved and waiting, a copy out, a loan, copying approved."""
    waiting = document(office, "关于年度保密检查的通知")
    circulation = steps.approve_circulation(circulation=proposed(office, waiting.copies.get()), by=office.leader,
                                            reason="Agreed")
    out = document(office, "关于防汛抗旱工作的通知")
    read = steps.approve_circulation(circulation=proposed(office, out.copies.get()), by=office.leader, reason="Agreed")
    steps.hand_out(circulation=read, by=office.clerk, reason="Handed over")
    lent = document(office, "关于做好年终总结工作的通知")
    loan = borrowing.request_loan(copy=lent.copies.get(), borrower=office.reader2, by=office.reader2,
                                  purpose="Drafting the summary", mode=LoanMode.TAKE_OUT,
                                  due_on=timezone.localdate() + datetime.timedelta(days=3))
    borrowing.hand_out_loan(loan=borrowing.approve_loan(loan=loan, by=office.leader, reason="Agreed"),
                            by=office.clerk, reason="Handed over")
    copied = document(office, "关于印发保密工作要点的通知")
    request = copying.request_reproduction(source_copy=copied.copies.get(), kind="copy", count=2, by=office.clerk,
                                           reason="Two more for the branches")
    copying.approve_reproduction(request=request, by=office.leader, reason="Agreed", proof=proved(office.leader))
    # No open inventory here: an open inventory holds the copies it counts, hand-outs included (issue 14, item 5).
    return circulation


@pytest.mark.parametrize("size", SIZES)
def test_a_clerk_hands_out_the_next_approved_copy_from_home_in_one_click(page, live_server, office, size):
    page.set_viewport_size(SIZES[size])
    circulation = a_day(office)

    sign_in(page, live_server, "clerk", PASSWORD)
    shoot(page, f"inbox-clerk-{size}")
    ready = page.locator("#ready")
    ready.get_by_role("button", name=f"Hand out to {office.reader.first_name}").click()

    expect(page.locator(".messages")).to_contain_text(f"Copy handed out to {office.reader.first_name}")
    assert page.url.endswith("/#ready")
    expect(page.locator("#out")).to_contain_text("关于年度保密检查的通知")
    circulation.copy.refresh_from_db()
    assert circulation.copy.holder == office.reader


@pytest.mark.parametrize("size", SIZES)
def test_a_leader_approves_three_reading_lists_from_the_inbox_at_once(page, live_server, office, size):
    page.set_viewport_size(SIZES[size])
    doc = document(office, "关于年度保密检查的通知", copies=3)
    lists = [proposed(office, copy) for copy in doc.copies.order_by("number")]

    sign_in(page, live_server, "leader", PASSWORD)
    expect(page.locator("#nav-decisions .count")).to_have_text("3")
    shoot(page, f"inbox-leader-{size}")
    page.locator("#decisions [data-select-all]").check()
    page.locator("#bulk-approve input[name=reason]").fill("同意，按名单传阅。")
    page.locator("#bulk-approve").get_by_role("button", name="Approve selected").click()

    expect(page.locator(".messages")).to_contain_text("3 items approved.")
    expect(page.locator("#nav-decisions .count")).to_have_text("0")
    approved = Circulation.objects.filter(pk__in=[c.pk for c in lists], status=CirculationStatus.APPROVED)
    assert set(approved.values_list("decision_reason", flat=True)) == {"同意，按名单传阅。"}
    assert approved.count() == 3


@pytest.mark.parametrize("size", SIZES)
def test_the_reader_marks_the_copy_they_hold_read_from_home(page, live_server, office, size):
    page.set_viewport_size(SIZES[size])
    a_day(office)

    sign_in(page, live_server, "reader", PASSWORD)
    shoot(page, f"inbox-reader-{size}")
    page.locator("#held").get_by_role("button", name="Mark as read").click()

    expect(page.locator(".messages")).to_contain_text("Marked as read")
    expect(page.locator("#held")).to_contain_text("Return it to the secrecy clerk.")


@pytest.mark.parametrize("size", SIZES)
def test_the_inspector_finds_the_inventory_to_sign_off_and_the_audit_check(page, live_server, office, size):
    page.set_viewport_size(SIZES[size])
    document(office, "关于年度保密检查的通知")
    inventory = inventories.open_inventory(registry=office.registry, by=office.clerk, reason="Annual inventory 2026")
    inventories.close_inventory(inventory=inventory, by=office.clerk, reason="Done")

    sign_in(page, live_server, "inspector", PASSWORD)
    shoot(page, f"inbox-inspector-{size}")
    expect(page.locator("#inspection").get_by_role("link", name="Audit trail check")).to_be_visible()
    page.locator("#sign-off").get_by_role("link", name="Review and sign off").click()

    assert page.url.endswith(f"/inventories/{inventory.pk}/")
