import pytest
from django.db import transaction
from django.urls import reverse

from documents.models import CopyStatus, Incident, InventoryItem, InventoryStatus, ItemResult
from documents.services import inventory as service
from documents.services.copies import lock_copy, move
from documents.services.errors import Conflict, InvalidInput, InvalidState, NotPermitted
from documents.views import inventory as inventory_views
from tests.factories import PASSWORD, DocumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry_with_copies(office):
    first = DocumentFactory(registry=office.registry, by=office.clerk, copies_count=3, scope_users=[office.reader])
    second = DocumentFactory(registry=office.registry, by=office.clerk, copies_count=2)
    return first, second


def hand(copy, to, by, status=CopyStatus.OUT):
    with transaction.atomic():
        return move(lock_copy(copy), to=status, holder=to, by=by, reason="test")


def code(copy):
    return f"{copy.document.registry_number}-{copy.number}"


def test_inventory_lists_every_copy_in_the_registry_or_out_and_nothing_gone(office, registry_with_copies):
    first, second = registry_with_copies
    hand(first.copies.get(number=1), office.reader, office.clerk)
    hand(second.copies.get(number=2), None, office.clerk, CopyStatus.DESTROYED)

    inventory = service.open_inventory(registry=office.registry, by=office.clerk, reason="Annual inventory 2026")

    assert inventory.items.count() == 4
    out_item = inventory.items.get(copy__document=first, copy__number=1)
    assert (out_item.expected_status, out_item.expected_holder) == ("out", office.reader)


def test_scanning_marks_seen_in_any_written_form(office, registry_with_copies):
    first, _ = registry_with_copies
    inventory = service.open_inventory(registry=office.registry, by=office.clerk, reason="Annual")

    full_width = first.registry_number.translate({ord(c): ord(c) + 0xFEE0 for c in "BGS-0123456789"})
    for typed, number in [(f"{first.registry_number}-001", 1), (f"{first.registry_number}/2", 2), (f" {first.registry_number} 3 ", 3),
                          (f"{full_width}－１", 1), (f"{first.registry_number.lower()}-2", 2)]:
        item = service.mark_seen(inventory=inventory, code=typed, by=office.clerk)
        assert (item.copy.number, item.result) == (number, ItemResult.SEEN)


def test_an_unknown_code_is_a_clear_error(office, registry_with_copies):
    inventory = service.open_inventory(registry=office.registry, by=office.clerk, reason="Annual")

    with pytest.raises(InvalidInput) as refused:
        service.mark_seen(inventory=inventory, code="BGS-1999-00001-1", by=office.clerk)
    assert "No copy" in refused.value.message
    with pytest.raises(InvalidInput):
        service.mark_seen(inventory=inventory, code="hello", by=office.clerk)


def test_closing_with_two_copies_unseen_lists_exactly_those_two_as_missing(office, registry_with_copies):
    first, second = registry_with_copies
    inventory = service.open_inventory(registry=office.registry, by=office.clerk, reason="Annual")
    for copy in [*first.copies.all(), second.copies.get(number=1)]:
        service.mark_seen(inventory=inventory, code=code(copy), by=office.clerk)
    # second/2 is never seen; first/3 turns out damaged: neither is "seen".
    service.record_problem(
        item=inventory.items.get(copy__document=first, copy__number=3), result=ItemResult.DAMAGED,
        by=office.clerk, reason="Water damage", note="Pages 3-4 illegible",
    )
    service.close_inventory(inventory=inventory, by=office.clerk, reason="Done")

    result = service.inventory_result(inventory)
    missing = [item.copy.label for item in result["discrepancies"] if item.result == ItemResult.MISSING]
    assert missing == [second.copies.get(number=2).label]
    counts = {value: n for value, _label, n in result["counts"]}
    assert counts == {
        "pending": 0, "seen": 3, "with_holder": 0, "missing": 1, "damaged": 1, "wrong_holder": 0, "unexpected": 0,
        "unconfirmed": 0,
    }


def test_a_copy_found_with_someone_else_is_recorded_as_wrong_holder(office, registry_with_copies):
    first, _ = registry_with_copies
    hand(first.copies.get(number=1), office.reader, office.clerk)
    inventory = service.open_inventory(registry=office.registry, by=office.clerk, reason="Annual")
    item = inventory.items.get(copy__document=first, copy__number=1)

    with pytest.raises(InvalidInput):
        service.record_problem(item=item, result=ItemResult.WRONG_HOLDER, by=office.clerk, reason="check")
    service.record_problem(item=item, result=ItemResult.WRONG_HOLDER, found_holder=office.reader2, by=office.clerk, reason="check")

    item.refresh_from_db()
    assert (item.expected_holder, item.found_holder) == (office.reader, office.reader2)


def test_a_copy_the_ledger_says_is_destroyed_but_turns_up_is_unexpected(office, registry_with_copies):
    _, second = registry_with_copies
    gone = hand(second.copies.get(number=2), None, office.clerk, CopyStatus.DESTROYED)
    inventory = service.open_inventory(registry=office.registry, by=office.clerk, reason="Annual")

    item = service.mark_seen(inventory=inventory, code=code(gone), by=office.clerk)

    assert item.result == ItemResult.UNEXPECTED


def test_only_one_open_inventory_per_registry(office, registry_with_copies):
    service.open_inventory(registry=office.registry, by=office.clerk, reason="Annual")
    with pytest.raises(Conflict):
        service.open_inventory(registry=office.registry, by=office.clerk, reason="Again")


def test_copies_under_an_open_inventory_are_held_until_it_closes(office, registry_with_copies):
    first, _ = registry_with_copies
    inventory = service.open_inventory(registry=office.registry, by=office.clerk, reason="Annual")
    assert service.copies_under_open_inventory().filter(document=first).count() == 3

    service.close_inventory(inventory=inventory, by=office.clerk, reason="Done")
    assert service.copies_under_open_inventory().count() == 0


def test_a_closed_inventory_is_final_and_the_inspector_signs_it_off(office, registry_with_copies):
    first, _ = registry_with_copies
    inventory = service.open_inventory(registry=office.registry, by=office.clerk, reason="Annual")
    service.close_inventory(inventory=inventory, by=office.clerk, reason="Done")

    with pytest.raises(InvalidState):
        service.mark_seen(inventory=inventory, code=code(first.copies.first()), by=office.clerk)
    with pytest.raises(NotPermitted):
        service.sign_off(inventory=inventory, by=office.clerk, note="I approve my own work")
    service.sign_off(inventory=inventory, by=office.inspector, note="Checked against the ledger; two copies to follow up.")

    inventory.refresh_from_db()
    assert inventory.status == InventoryStatus.SIGNED_OFF
    assert inventory.signed_off_by == office.inspector


def test_only_the_clerk_opens_an_inventory(office, registry_with_copies):
    with pytest.raises(NotPermitted):
        service.open_inventory(registry=office.registry, by=office.inspector, reason="Annual")


def test_clerk_checks_copies_from_the_keyboard_on_the_page(client, office, registry_with_copies):
    first, _ = registry_with_copies
    client.login(username="clerk", password=PASSWORD)
    opened = client.post(reverse("documents:inventories"), {"registry": office.registry.pk, "reason": "Annual"})
    url = opened["Location"]

    response = client.post(url, {"code": f"{first.registry_number}-2"}, follow=True)

    assert f"{first.registry_number}-002 seen" in response.content.decode()
    assert response.context["pending_count"] == 4
    page = client.get(url).content.decode()
    assert 'autofocus' in page


def test_reader_cannot_see_inventories(client, office, registry_with_copies):
    inventory = service.open_inventory(registry=office.registry, by=office.clerk, reason="Annual")
    client.login(username="reader", password=PASSWORD)

    assert client.get(reverse("documents:inventory", args=[inventory.pk])).status_code == 404
    assert client.post(reverse("documents:inventory_close", args=[inventory.pk]), {"reason": "x"}).status_code == 404


def test_inspector_sees_but_cannot_scan(client, office, registry_with_copies):
    first, _ = registry_with_copies
    inventory = service.open_inventory(registry=office.registry, by=office.clerk, reason="Annual")
    client.login(username="inspector", password=PASSWORD)

    assert client.get(reverse("documents:inventory", args=[inventory.pk])).status_code == 200
    assert client.post(reverse("documents:inventory", args=[inventory.pk]), {"code": code(first.copies.first())}).status_code == 404


# ------------------------------------------------------------------ scanning at the speed of a scanner

HTMX = {"HTTP_HX_REQUEST": "true"}


def signed_in(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def page_url(inventory):
    return reverse("documents:inventory", args=[inventory.pk])


@pytest.fixture
def open_inventory(office, registry_with_copies):
    return service.open_inventory(registry=office.registry, by=office.clerk, reason="Annual")


def test_an_htmx_scan_answers_the_status_line_and_the_row_in_place_not_a_page(client, office, registry_with_copies, open_inventory):
    first, _ = registry_with_copies
    item = open_inventory.items.get(copy__document=first, copy__number=2)

    response = signed_in(client, office.clerk).post(page_url(open_inventory), {"code": code(item.copy)}, **HTMX)

    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body and "<form" not in body.split("<template>")[0]
    assert f"{first.registry_number}-002 seen." in body
    assert f'<tr id="item-{item.pk}" class="item item-seen" hx-swap-oob="true">' in body
    assert 'id="inventory-counts" hx-swap-oob="true"' in body
    item.refresh_from_db()
    assert (item.result, item.checked_by) == (ItemResult.SEEN, office.clerk)


def test_the_scan_form_posts_through_htmx_and_still_works_as_a_plain_form(client, office, open_inventory):
    page = signed_in(client, office.clerk).get(page_url(open_inventory)).content.decode()

    form = page[page.index('<form method="post" class="card scan"'):]
    form = form[: form.index(">")]
    assert f'hx-post="{page_url(open_inventory)}"' in form and 'hx-target="#scan-status"' in form
    assert f'action="{page_url(open_inventory)}"' in form
    assert "js/inventory.js" in page


def test_a_scan_beyond_the_listed_rows_answers_without_a_row_to_swap(client, office, registry_with_copies, open_inventory, monkeypatch):
    _, second = registry_with_copies
    monkeypatch.setattr(inventory_views, "ROWS", 2)

    response = signed_in(client, office.clerk).post(page_url(open_inventory), {"code": code(second.copies.get(number=2))}, **HTMX)

    body = response.content.decode()
    assert "seen." in body and '<tr id="item-' not in body


def test_a_repeated_scan_says_when_and_by_whom_the_copy_was_first_seen(client, office, registry_with_copies, open_inventory):
    first, _ = registry_with_copies
    copy = first.copies.get(number=1)
    service.mark_seen(inventory=open_inventory, code=code(copy), by=office.clerk)
    office.clerk.first_name, office.clerk.last_name = "Ming", "Li"
    office.clerk.save()
    first_seen = InventoryItem.objects.get(inventory=open_inventory, copy=copy).checked_at

    response = signed_in(client, office.clerk).post(page_url(open_inventory), {"code": code(copy)}, **HTMX)

    body = response.content.decode()
    assert "was already checked: Seen" in body and "by Ming Li" in body and "Nothing changed." in body
    from django.utils import timezone

    assert timezone.localtime(first_seen).strftime("%Y-%m-%d %H:%M") in body
    item = InventoryItem.objects.get(inventory=open_inventory, copy=copy)
    assert item.checked_at == first_seen and item.history.count() == 2  # opened, seen once


def test_a_repeated_scan_comes_back_marked_as_a_repeat_from_the_service(office, registry_with_copies, open_inventory):
    first, _ = registry_with_copies

    assert service.mark_seen(inventory=open_inventory, code=code(first.copies.first()), by=office.clerk).repeat is False
    assert service.mark_seen(inventory=open_inventory, code=code(first.copies.first()), by=office.clerk).repeat is True


def test_an_unknown_code_and_a_copy_of_another_registry_get_the_same_words(client, office, other_unit, open_inventory):
    theirs = DocumentFactory(registry=other_unit.registry, by=other_unit.clerk, copies_count=1).copies.get()
    signed_in(client, office.clerk)
    before = InventoryItem.objects.count()

    answers = [
        client.post(page_url(open_inventory), {"code": typed}, **HTMX).content.decode().replace(typed, "CODE")
        for typed in (code(theirs), "BGS-1999-00001-1")
    ]

    assert answers[0] == answers[1]
    assert "No copy CODE in this registry." in answers[0]
    assert "scan-error" in answers[0]
    assert InventoryItem.objects.count() == before


@pytest.mark.parametrize(
    "typed",
    ["", " ", "hello", "BGS-2026-1", "BGS-2026-00001-99999", "BGS-20266-00001-1", "BGS-2026-" + "9" * 40 + "-1",
     "x" * 500, "BGS-2026-00001-1\x00", "<script>alert(1)</script>", "'; DROP TABLE x; --",
     "BGS-2026-00001-٣"],
)
def test_nonsense_in_the_scan_box_is_a_message_never_a_500(client, office, open_inventory, typed):
    signed_in(client, office.clerk)
    before = list(InventoryItem.objects.values_list("pk", "result"))

    with_htmx = client.post(page_url(open_inventory), {"code": typed}, **HTMX)
    plain = client.post(page_url(open_inventory), {"code": typed})

    assert with_htmx.status_code == 200 and "scan-error" in with_htmx.content.decode()
    assert plain.status_code == 400
    assert "<script>alert(1)</script>" not in with_htmx.content.decode() + plain.content.decode()
    assert list(InventoryItem.objects.values_list("pk", "result")) == before


def test_a_copy_out_with_a_reader_is_listed_with_its_holder_and_scanned_as_seen_with_its_holder(
    client, office, registry_with_copies
):
    first, _ = registry_with_copies
    office.reader.first_name, office.reader.last_name = "Fang", "Wang"
    office.reader.save()
    out = hand(first.copies.get(number=1), office.reader, office.clerk)
    inventory = service.open_inventory(registry=office.registry, by=office.clerk, reason="Annual")
    item = inventory.items.get(copy=out)

    page = signed_in(client, office.clerk).get(page_url(inventory)).content.decode()
    row = page[page.index(f'<tr id="item-{item.pk}"'):]
    row = row[: row.index("</tr>")]
    assert "Out with a reader · Fang Wang" in row and "Not yet seen" in row and "Seen with Fang Wang" in row

    response = client.post(page_url(inventory), {"code": code(out)}, **HTMX)

    assert "seen with its holder, Fang Wang." in response.content.decode()
    item.refresh_from_db()
    assert (item.result, item.found_holder) == (ItemResult.WITH_HOLDER, office.reader)


def test_a_copy_on_loan_is_checked_against_its_borrower_not_counted_missing(office, registry_with_copies):
    first, _ = registry_with_copies
    lent = hand(first.copies.get(number=2), office.reader2, office.clerk, CopyStatus.ON_LOAN)
    inventory = service.open_inventory(registry=office.registry, by=office.clerk, reason="Annual")

    service.close_inventory(inventory=inventory, by=office.clerk, reason="Done")

    item = inventory.items.get(copy=lent)
    assert (item.expected_holder, item.result) == (office.reader2, ItemResult.UNCONFIRMED)
    assert not service.missing_to_report(inventory).filter(copy=lent).exists()
    assert inventory.items.filter(result=ItemResult.MISSING).count() == 4


def test_the_clerk_records_a_held_copy_with_the_wrong_holder_or_missing_instead(office, registry_with_copies):
    first, _ = registry_with_copies
    hand(first.copies.get(number=1), office.reader, office.clerk)
    inventory = service.open_inventory(registry=office.registry, by=office.clerk, reason="Annual")
    item = inventory.items.get(copy__document=first, copy__number=1)

    assert ItemResult.WITH_HOLDER in service.recordable_results(item)
    service.record_problem(item=item, result=ItemResult.MISSING, by=office.clerk, reason="The reader cannot find it")

    item.refresh_from_db()
    assert item.result == ItemResult.MISSING


def test_seen_with_its_holder_is_refused_for_a_copy_the_ledger_keeps_in_the_registry(office, registry_with_copies, open_inventory):
    item = open_inventory.items.first()

    with pytest.raises(InvalidInput):
        service.record_problem(item=item, result=ItemResult.WITH_HOLDER, by=office.clerk, reason="check")
    item.refresh_from_db()
    assert item.result == ItemResult.PENDING


def test_a_copy_recorded_missing_that_turns_up_is_seen_when_scanned(office, registry_with_copies, open_inventory):
    item = open_inventory.items.select_related("copy__document").first()
    service.record_problem(item=item, result=ItemResult.MISSING, by=office.clerk, reason="Not on the shelf")

    scanned = service.mark_seen(inventory=open_inventory, code=code(item.copy), by=office.clerk)

    assert (scanned.repeat, scanned.result) == (False, ItemResult.SEEN)


def test_no_row_defaults_to_missing_not_yet_seen_is_its_own_state(client, office, registry_with_copies, open_inventory):
    item = open_inventory.items.first()
    signed_in(client, office.clerk)

    page = client.get(page_url(open_inventory)).content.decode()
    form = client.get(reverse("documents:inventory_problem", args=[open_inventory.pk, item.pk])).content.decode()

    assert item.result == ItemResult.PENDING
    assert page.count("Not yet seen") >= 5 and 'value="missing"' not in page
    assert 'value="missing"' in form and "checked" not in form.split('name="result"', 1)[1].split("</ul>")[0]


def test_a_problem_is_recorded_from_its_own_page_and_the_row_shows_it(client, office, registry_with_copies, open_inventory):
    item = open_inventory.items.first()
    signed_in(client, office.clerk)

    response = client.post(
        reverse("documents:inventory_problem", args=[open_inventory.pk, item.pk]),
        {"result": "damaged", "note": "Water stain", "reason": "Checked at inventory"}, follow=True,
    )

    assert response.redirect_chain[-1][0] == page_url(open_inventory) + f"#item-{item.pk}"
    assert "recorded: Damaged" in response.content.decode()
    item.refresh_from_db()
    assert (item.result, item.note) == (ItemResult.DAMAGED, "Water stain")


def test_a_problem_without_a_choice_is_a_form_error_and_changes_nothing(client, office, registry_with_copies, open_inventory):
    item = open_inventory.items.first()

    response = signed_in(client, office.clerk).post(
        reverse("documents:inventory_problem", args=[open_inventory.pk, item.pk]), {"reason": "Checked"}
    )

    assert response.status_code == 400
    item.refresh_from_db()
    assert item.result == ItemResult.PENDING


# ------------------------------------------------------------------ closing, confirmed

def test_closing_asks_for_confirmation_with_the_counts_before_it_closes(client, office, registry_with_copies):
    first, second = registry_with_copies
    hand(first.copies.get(number=1), office.reader, office.clerk)
    hand(second.copies.get(number=1), office.reader2, office.clerk, CopyStatus.ON_LOAN)
    inventory = service.open_inventory(registry=office.registry, by=office.clerk, reason="Annual")
    service.mark_seen(inventory=inventory, code=code(first.copies.get(number=2)), by=office.clerk)
    service.mark_seen(inventory=inventory, code=code(first.copies.get(number=1)), by=office.clerk)
    service.record_problem(
        item=inventory.items.get(copy__document=first, copy__number=3), result=ItemResult.DAMAGED, by=office.clerk,
        reason="Torn",
    )
    signed_in(client, office.clerk)
    close_url = reverse("documents:inventory_close", args=[inventory.pk])

    asked = client.post(close_url, {"reason": "Done"})

    page = asked.content.decode()
    assert asked.status_code == 200 and 'name="confirmed"' in page
    counts = {row: page.split(f'class="count-{row}"><th>')[1].split("<td>")[1].split("<")[0] for row in
              ("seen", "with_holder", "pending", "problems", "total")}
    assert counts == {"seen": "1", "with_holder": "1", "pending": "2", "problems": "1", "total": "5"}
    assert "1 copy the ledger says is in the registry was not seen: it will be recorded missing." in page
    assert "1 copy out with a holder was not confirmed" in page
    inventory.refresh_from_db()
    assert inventory.status == InventoryStatus.OPEN

    client.post(close_url, {"reason": "Done", "confirmed": "1"})

    inventory.refresh_from_db()
    assert (inventory.status, inventory.closed_by) == (InventoryStatus.CLOSED, office.clerk)


def test_the_inventory_page_offers_closing_as_a_link_to_the_confirmation(client, office, open_inventory):
    page = signed_in(client, office.clerk).get(page_url(open_inventory)).content.decode()

    assert f'href="{reverse("documents:inventory_close", args=[open_inventory.pk])}"' in page
    assert 'action="' + reverse("documents:inventory_close", args=[open_inventory.pk]) not in page


def test_confirming_a_close_without_a_reason_is_a_form_error_and_keeps_it_open(client, office, open_inventory):
    response = signed_in(client, office.clerk).post(
        reverse("documents:inventory_close", args=[open_inventory.pk]), {"reason": "  ", "confirmed": "1"}
    )

    assert response.status_code == 400 and "Give a reason" in response.content.decode()
    open_inventory.refresh_from_db()
    assert open_inventory.status == InventoryStatus.OPEN


def test_closing_a_closed_inventory_again_says_why_and_changes_nothing(client, office, open_inventory):
    service.close_inventory(inventory=open_inventory, by=office.clerk, reason="Done")

    response = signed_in(client, office.clerk).post(
        reverse("documents:inventory_close", args=[open_inventory.pk]), {"reason": "Again", "confirmed": "1"}
    )

    assert "This inventory is closed" in response.content.decode()
    assert open_inventory.history.count() == 2


# ------------------------------------------------------------------ the checks pages and the API ask

def test_each_step_has_a_check_that_names_who_may_take_it_and_when(office, registry_with_copies, open_inventory):
    assert service.check_mark_seen(open_inventory, office.clerk) is None
    assert isinstance(service.check_mark_seen(open_inventory, office.inspector), NotPermitted)
    assert service.check_close_inventory(open_inventory, office.clerk) is None
    assert isinstance(service.check_close_inventory(open_inventory, office.reader), NotPermitted)
    assert isinstance(service.check_sign_off(open_inventory, office.inspector), InvalidState)
    assert isinstance(service.check_report_missing(open_inventory, office.clerk), InvalidState)

    service.close_inventory(inventory=open_inventory, by=office.clerk, reason="Done")
    open_inventory.refresh_from_db()

    assert isinstance(service.check_mark_seen(open_inventory, office.clerk), InvalidState)
    assert isinstance(service.check_close_inventory(open_inventory, office.clerk), InvalidState)
    assert service.check_sign_off(open_inventory, office.inspector) is None
    assert isinstance(service.check_sign_off(open_inventory, office.clerk), NotPermitted)
    assert service.check_report_missing(open_inventory, office.clerk) is None


def test_the_inspector_is_offered_no_scan_box_and_no_close(client, office, open_inventory):
    page = signed_in(client, office.inspector).get(page_url(open_inventory)).content.decode()

    assert 'id="scan"' not in page and "Close the inventory" not in page and "Record a problem" not in page


def test_reporting_lost_is_refused_when_nothing_is_missing(client, office, registry_with_copies, open_inventory):
    for item in open_inventory.items.select_related("copy__document"):
        service.mark_seen(inventory=open_inventory, code=code(item.copy), by=office.clerk)
    service.close_inventory(inventory=open_inventory, by=office.clerk, reason="Done")
    signed_in(client, office.clerk)

    page = client.get(page_url(open_inventory)).content.decode()
    response = client.post(
        reverse("documents:inventory_report_missing", args=[open_inventory.pk]), {"reason": "x", "confirmed": "1"}
    )

    assert "Report missing copies lost" not in page
    assert "already reported lost" in response.content.decode()
    assert not Incident.objects.exists()


def test_every_inventory_page_answers_in_every_state_for_every_role(client, office, registry_with_copies):
    """Open with every result, closed, signed off: no page of any role answers 5xx (nor a template error)."""
    first, second = registry_with_copies
    hand(first.copies.get(number=1), office.reader, office.clerk)
    hand(second.copies.get(number=2), office.reader2, office.clerk, CopyStatus.ON_LOAN)
    hand(second.copies.get(number=1), None, office.clerk, CopyStatus.DESTROYED)
    DocumentFactory(registry=office.registry, by=office.clerk, copies_count=1)  # never seen: missing at the close
    inventory = service.open_inventory(registry=office.registry, by=office.clerk, reason="Annual")
    items = {item.copy_id: item for item in inventory.items.all()}
    service.mark_seen(inventory=inventory, code=code(first.copies.get(number=1)), by=office.clerk)
    service.mark_seen(inventory=inventory, code=code(second.copies.get(number=1)), by=office.clerk)  # unexpected
    service.record_problem(item=items[first.copies.get(number=2).pk], result=ItemResult.WRONG_HOLDER,
                           found_holder=office.reader2, by=office.clerk, reason="check")
    service.record_problem(item=items[first.copies.get(number=3).pk], result=ItemResult.DAMAGED, by=office.clerk, reason="c")
    item = inventory.items.first()

    def walk():
        for user in (office.clerk, office.inspector, office.leader, office.reader):
            client.logout()
            signed_in(client, user)
            for url in (
                reverse("documents:inventories"), page_url(inventory),
                reverse("documents:inventory_problem", args=[inventory.pk, item.pk]),
                reverse("documents:inventory_close", args=[inventory.pk]),
                reverse("documents:inventory_report_missing", args=[inventory.pk]),
                reverse("documents:inventory_report_missing", args=[inventory.pk]) + f"?item={item.pk}",
            ):
                status = client.get(url).status_code
                assert status in (200, 404), (user.username, url, status)

    walk()
    service.close_inventory(inventory=inventory, by=office.clerk, reason="Done")
    walk()
    service.report_missing(inventory=inventory, by=office.clerk, reason="Missing")
    service.sign_off(inventory=inventory, by=office.inspector, note="Checked")
    walk()


def test_a_copy_found_unexpectedly_stays_unexpected_and_its_row_offers_no_change(client, office, registry_with_copies):
    _, second = registry_with_copies
    gone = hand(second.copies.get(number=2), None, office.clerk, CopyStatus.DESTROYED)
    inventory = service.open_inventory(registry=office.registry, by=office.clerk, reason="Annual")
    item = service.mark_seen(inventory=inventory, code=code(gone), by=office.clerk)

    page = signed_in(client, office.clerk).get(page_url(inventory)).content.decode()
    with pytest.raises(InvalidState):
        service.record_problem(item=item, result=ItemResult.SEEN, by=office.clerk, reason="tidy up")

    assert reverse("documents:inventory_problem", args=[inventory.pk, item.pk]) not in page
    item.refresh_from_db()
    assert item.result == ItemResult.UNEXPECTED
