"""Bulk work: several copies in one go, all or nothing, naming the copy that refused."""

import pytest
from django.urls import reverse

from documents.codes import CopyCode, parse_copy_code
from documents.models import Circulation, CirculationStatus, CopyStatus
from documents.services import bulk
from documents.services.circulation import approve_circulation, hand_out, propose_circulation
from documents.services.loss import report_loss
from tests.factories import PASSWORD, DocumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(office):
    return DocumentFactory(
        registry=office.registry, by=office.clerk, copies_count=3, scope_users=[office.leader, office.reader, office.reader2]
    )


def copies_of(document):
    return list(document.copies.order_by("number"))


def signed_in(client, user):
    client.logout()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def approved(office, copy, readers):
    circulation = propose_circulation(copy=copy, readers=readers, by=office.clerk, reason="For reading")
    return approve_circulation(circulation=circulation, by=office.leader, reason="Approved")


def history_rows():
    from documents.models import Circulation, CirculationEntry, Copy

    return sum(model.history.count() for model in (Circulation, CirculationEntry, Copy))


# -- several copies to one reading list --------------------------------------------------------


def test_each_copy_gets_its_own_list_with_the_readers_in_order(office, document):
    circulations = bulk.propose_circulations(
        copies=copies_of(document), readers=[office.reader2, office.reader], by=office.clerk, reason="For reading"
    )

    assert len(circulations) == 3
    for circulation in Circulation.objects.all():
        assert circulation.status == CirculationStatus.PROPOSED
        assert [entry.reader for entry in circulation.entries.order_by("position")] == [office.reader2, office.reader]


def test_one_copy_refused_proposes_no_list_and_names_that_copy(office, document):
    first, second, third = copies_of(document)
    report_loss(copy=second, by=office.clerk, reason="Missing", circumstances="Not in the safe")
    before = (Circulation.objects.count(), history_rows())

    with pytest.raises(bulk.ItemRefused) as refused:
        bulk.propose_circulations(copies=[first, second, third], readers=[office.reader], by=office.clerk, reason="r")

    assert second.label in refused.value.message and "Nothing was changed" in refused.value.message
    assert (Circulation.objects.count(), history_rows()) == before


def test_the_page_proposes_a_list_for_each_ticked_copy(client, office, document):
    first, second, _third = copies_of(document)
    response = signed_in(client, office.clerk).post(
        reverse("documents:circulation_propose_several", args=[document.pk]),
        {"copies": [first.pk, second.pk], "readers": [office.reader.pk, office.reader2.pk], "reason": "For reading"},
        follow=True,
    )

    assert "2 reading lists proposed" in response.content.decode()
    assert set(Circulation.objects.values_list("copy_id", flat=True)) == {first.pk, second.pk}


def test_the_page_names_the_copy_that_refused_and_proposes_nothing(client, office, document):
    first, second, _third = copies_of(document)
    propose_circulation(copy=second, readers=[office.reader], by=office.clerk, reason="Earlier list")
    response = signed_in(client, office.clerk).post(
        reverse("documents:circulation_propose_several", args=[document.pk]),
        {"copies": [first.pk, second.pk], "readers": [office.reader.pk], "reason": "For reading"},
    )

    assert response.status_code == 200
    assert second.label in response.content.decode()
    assert list(Circulation.objects.values_list("copy_id", flat=True)) == [second.pk]


def test_the_page_offers_a_box_only_for_copies_that_can_be_circulated(client, office, document):
    first, second, third = copies_of(document)
    propose_circulation(copy=second, readers=[office.reader], by=office.clerk, reason="Earlier list")

    page = signed_in(client, office.clerk).get(
        reverse("documents:circulation_propose_several", args=[document.pk])
    ).content.decode()

    assert f'value="{first.pk}"' in page and f'value="{third.pk}"' in page
    assert f'name="copies" value="{second.pk}"' not in page
    assert "already has a circulation under way" in page


@pytest.mark.parametrize("who", ["reader", "leader", "inspector"])
def test_the_several_copies_page_is_404_for_whoever_may_not_propose(client, office, document, who):
    url = reverse("documents:circulation_propose_several", args=[document.pk])
    assert signed_in(client, getattr(office, who)).get(url).status_code == 404


def test_the_document_page_links_the_bulk_pages_for_the_clerk_only(client, office, document):
    url = reverse("documents:detail", args=[document.pk])
    several = reverse("documents:circulation_propose_several", args=[document.pk])
    stack = reverse("documents:circulation_stack")

    clerk_page = signed_in(client, office.clerk).get(url).content.decode()
    reader_page = signed_in(client, office.reader).get(url).content.decode()

    assert several in clerk_page and stack in clerk_page
    assert several not in reader_page and stack not in reader_page


# -- select all in the copy pickers ------------------------------------------------------------


@pytest.mark.parametrize("page", ["documents:destruction_new", "documents:recovery_new"])
def test_select_all_ticks_every_copy_shown_without_javascript(client, office, document, page):
    signed_in(client, office.clerk)

    plain = client.get(reverse(page)).content.decode()
    every = client.get(reverse(page), {"pick": "all"}).content.decode()

    boxes = len(copies_of(document))
    assert plain.count('name="copies"') == boxes and plain.count(" checked>") == 0
    assert every.count(" checked>") == boxes
    assert 'data-select="all"' in plain and "js/select-all.js" in plain


def test_select_all_keeps_the_filter(client, office, document):
    page = signed_in(client, office.clerk).get(reverse("documents:destruction_new"), {"year": "2026"}).content.decode()
    assert "?year=2026&amp;pick=all" in page


def test_the_posted_ticks_win_over_select_all_in_the_address(client, office, document):
    first = copies_of(document)[0]
    signed_in(client, office.clerk).post(
        reverse("documents:destruction_new") + "?pick=all", {"copies": [first.pk], "reason": "Old"}
    )
    from documents.models import DestructionItem

    assert list(DestructionItem.objects.values_list("copy_id", flat=True)) == [first.pk]


# -- a scanned stack ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, code",
    [
        ("BGS-2026-00017-3", CopyCode("BGS", 2026, 17, 3)),
        ("  bgs-2026-17-003 ", CopyCode("BGS", 2026, 17, 3)),
        ("BGS-2026-00017/3", CopyCode("BGS", 2026, 17, 3)),
        ("BGS-2026-00017", None),
        ("hello", None),
    ],
)
def test_copy_codes_are_read_with_or_without_padding_in_any_case(text, code):
    assert parse_copy_code(text) == code


@pytest.fixture
def stack(office, document):
    """Copy 1 approved for reader then reader2 (in the registry); copy 2 out with reader2."""
    first, second, _third = copies_of(document)
    approved(office, first, [office.reader, office.reader2])
    out = approved(office, second, [office.reader2])
    hand_out(circulation=out, by=office.clerk, reason="Circulation")
    return first, second


def preview(client, codes):
    return client.post(reverse("documents:circulation_stack"), {"codes": "\n".join(codes), "preview": "1"})


def test_the_preview_says_what_each_scanned_copy_will_do_and_changes_nothing(client, office, stack):
    first, second = stack
    before = history_rows()

    page = preview(signed_in(client, office.clerk), [first.label, second.label.lower()]).content.decode()

    assert "Hand out to" in page and "Take back from" in page
    assert "1 to hand out, 1 to take back" in page
    assert history_rows() == before


def test_confirming_the_stack_hands_out_and_takes_back_every_copy(client, office, stack):
    first, second = stack
    signed_in(client, office.clerk)
    codes = "\n".join([first.label, second.label])
    shown = preview(client, [first.label, second.label])
    plan = shown.context["preview"].plan

    response = client.post(
        reverse("documents:circulation_stack"),
        {"codes": codes, "plan": plan, "reason": "Against signature", "confirm": "1"},
        follow=True,
    )

    assert "Done: 1 handed out, 1 taken back." in response.content.decode()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.holder) == (CopyStatus.OUT, office.reader)
    assert (second.status, second.holder) == (CopyStatus.IN_REGISTRY, None)


def test_one_refused_line_offers_no_confirmation_and_confirming_anyway_changes_nothing(
    client, office, document, stack
):
    first, second = stack
    third = copies_of(document)[2]
    signed_in(client, office.clerk)
    codes = [first.label, third.label, "BGS-2026-99999-1"]
    page = preview(client, codes).content.decode()

    assert "has no approved reading list under way" in page and "No copy BGS-2026-99999-1" in page
    assert 'name="confirm"' not in page

    before = history_rows()
    response = client.post(
        reverse("documents:circulation_stack"),
        {"codes": "\n".join(codes), "plan": f"{first.pk}:hand_out", "reason": "r", "confirm": "1"},
    )
    assert "Nothing was changed" in response.content.decode()
    assert history_rows() == before


def test_a_copy_of_another_unit_reads_like_a_code_that_does_not_exist(client, office, other_unit):
    theirs = DocumentFactory(registry=other_unit.registry, by=other_unit.clerk, copies_count=1).copies.get()

    page = preview(signed_in(client, office.clerk), [theirs.label]).content.decode()

    assert f"No copy {theirs.label} in the registries you keep" in page
    assert theirs.document.title not in page


def test_a_stack_changed_since_the_preview_is_not_carried_out(client, office, stack):
    first, second = stack
    signed_in(client, office.clerk)
    plan = preview(client, [first.label]).context["preview"].plan
    before = history_rows()

    # A copy scanned after the preview: what was shown is no longer what would be done.
    response = client.post(
        reverse("documents:circulation_stack"),
        {"codes": f"{first.label}\n{second.label}", "plan": plan, "reason": "r", "confirm": "1"},
    )

    assert "changed since the preview" in response.content.decode()
    assert history_rows() == before
    second.refresh_from_db()
    assert second.status == CopyStatus.OUT


def test_the_stack_service_is_all_or_nothing_and_names_the_copy(office, stack):
    first, second = stack
    circulations = {c.copy_id: c for c in Circulation.objects.all()}
    before = history_rows()

    # The second copy cannot be handed out: it is out with its reader.
    with pytest.raises(bulk.ItemRefused) as refused:
        bulk.move_stack(
            moves=[(circulations[first.pk], bulk.HAND_OUT), (circulations[second.pk], bulk.HAND_OUT)],
            by=office.clerk,
            reason="Against signature",
        )

    assert second.label in refused.value.message
    assert history_rows() == before
    first.refresh_from_db()
    assert first.status == CopyStatus.IN_REGISTRY


def test_a_repeated_scan_counts_once(client, office, stack):
    first, _second = stack
    page = preview(signed_in(client, office.clerk), [first.label, first.label]).content.decode()

    assert "Scanned twice; counted once." in page
    assert "1 to hand out, 0 to take back" in page


@pytest.mark.parametrize("who", ["reader", "leader", "inspector"])
def test_the_stack_page_is_404_for_whoever_keeps_no_registry(client, office, who):
    assert signed_in(client, getattr(office, who)).get(reverse("documents:circulation_stack")).status_code == 404


def test_the_ledger_links_the_stack_for_a_clerk(client, office, document):
    page = signed_in(client, office.clerk).get(reverse("documents:ledger")).content.decode()
    assert reverse("documents:circulation_stack") in page
