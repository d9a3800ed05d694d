import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from documents.models import Copy, CopyStatus, DestructionItem, DestructionList, DestructionStatus
from documents.selectors import destruction_certificate, visible_destruction_lists
from documents.services import destruction
from documents.services.copies import lock_copy, move
from documents.services.errors import InvalidInput, InvalidState, NotPermitted, SeparationOfDuties
from documents.services.recovery import recover_copies
from people.roles import Role
from people.services.membership import add_membership
from tests.factories import PASSWORD, DocumentFactory, proved

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(office):
    return DocumentFactory(registry=office.registry, by=office.clerk, copies_count=3, scope_users=[office.leader])


def copies_of(document):
    return list(Copy.objects.filter(document=document).order_by("number"))


def prepared(office, copies, reason="Kept beyond its use"):
    return destruction.prepare_destruction_list(registry=office.registry, copies=copies, by=office.clerk, reason=reason)


def approved(office, copies):
    dlist = prepared(office, copies)
    destruction.submit_destruction_list(dlist=dlist, by=office.clerk, reason="Complete")
    return destruction.approve_destruction_list(dlist=dlist, by=office.leader, reason="Agreed at the office meeting", proof=proved(office.leader))


def execute(office, dlist, **overrides):
    fields = {
        "executed_on": timezone.localdate(),
        "place": "Shredding room B-104",
        "method": "shredding",
        "witness_1": office.inspector,
        "witness_2": office.reader2,
        "reason": "Destroyed as approved",
    }
    fields.update(overrides)
    witnesses = (fields["witness_1"], fields["witness_2"])
    fields.setdefault("witness_proofs", [proved(witness) for witness in witnesses if witness is not None])
    return destruction.execute_destruction_list(dlist=dlist, by=office.clerk, **fields)


def hand_out(copy, *, to, by):
    with transaction.atomic():
        move(lock_copy(copy), to=CopyStatus.OUT, holder=to, by=by, reason="Circulation")


def test_three_copies_are_destroyed_before_two_witnesses(office, document):
    dlist = approved(office, copies_of(document))

    execute(office, dlist)

    assert {c.status for c in copies_of(document)} == {CopyStatus.DESTROYED}
    dlist.refresh_from_db()
    assert dlist.status == DestructionStatus.EXECUTED
    assert (dlist.witness_1, dlist.witness_2, dlist.executed_by) == (office.inspector, office.reader2, office.clerk)
    assert dlist.place == "Shredding room B-104"
    assert dlist.approved_by == office.leader
    latest = copies_of(document)[0].history.order_by("-history_id").first()
    assert latest.history_user == office.clerk
    assert dlist.label in latest.history_change_reason


def test_the_same_witness_twice_is_refused_and_nothing_is_destroyed(office, document):
    dlist = approved(office, copies_of(document))

    with pytest.raises(SeparationOfDuties):
        execute(office, dlist, witness_1=office.reader2, witness_2=office.reader2)

    assert {c.status for c in copies_of(document)} == {CopyStatus.IN_REGISTRY}
    assert DestructionList.objects.get(pk=dlist.pk).status == DestructionStatus.APPROVED


def test_a_witness_needs_an_active_account(office, document):
    dlist = approved(office, copies_of(document))
    office.reader2.is_active = False
    office.reader2.save()

    with pytest.raises(InvalidInput) as refused:
        execute(office, dlist)
    assert "witness_2" in refused.value.errors


def test_the_database_refuses_an_execution_with_one_witness_twice(office, document):
    dlist = approved(office, copies_of(document))
    dlist.status, dlist.executed_by, dlist.executed_on = DestructionStatus.EXECUTED, office.clerk, timezone.localdate()
    dlist.witness_1 = dlist.witness_2 = office.reader2
    dlist._change_reason = "forged"

    with pytest.raises(IntegrityError), transaction.atomic():
        dlist.save()


def test_the_preparer_cannot_approve_their_own_list(office, document):
    add_membership(user=office.clerk, unit=office.unit, role=Role.LEADER, by=None, reason="Acting leader")
    dlist = prepared(office, copies_of(document))
    destruction.submit_destruction_list(dlist=dlist, by=office.clerk, reason="Complete")

    with pytest.raises(SeparationOfDuties):
        destruction.approve_destruction_list(dlist=dlist, by=office.clerk, reason="Fine by me", proof=proved(office.clerk))
    assert DestructionList.objects.get(pk=dlist.pk).status == DestructionStatus.SUBMITTED


@pytest.mark.parametrize("who", ["clerk", "reader", "inspector"])
def test_only_a_leader_approves(office, document, who):
    dlist = prepared(office, copies_of(document))
    destruction.submit_destruction_list(dlist=dlist, by=office.clerk, reason="Complete")

    with pytest.raises(NotPermitted):
        destruction.approve_destruction_list(dlist=dlist, by=getattr(office, who), reason="ok", proof=proved(getattr(office, who)))


def test_a_leader_outside_the_scope_of_a_copy_neither_sees_nor_approves_the_list(office, document):
    hidden = DocumentFactory(registry=office.registry, by=office.clerk, copies_count=1, title="Not for the leader")
    dlist = prepared(office, copies_of(document) + copies_of(hidden))
    destruction.submit_destruction_list(dlist=dlist, by=office.clerk, reason="Complete")

    assert dlist not in visible_destruction_lists(office.leader)
    with pytest.raises(NotPermitted):
        destruction.approve_destruction_list(dlist=dlist, by=office.leader, reason="ok", proof=proved(office.leader))


def test_the_approver_cannot_also_carry_out_the_destruction(office, document):
    add_membership(user=office.leader, unit=office.unit, role=Role.CLERK, by=None, reason="Covers for the clerk")
    dlist = approved(office, copies_of(document))

    with pytest.raises(SeparationOfDuties):
        destruction.execute_destruction_list(
            dlist=dlist, by=office.leader, executed_on=timezone.localdate(), place="Room", method="shredding",
            witness_1=office.inspector, witness_2=office.reader2, reason="Done", witness_proofs=[proved(office.inspector), proved(office.reader2)],
        )


def test_a_copy_that_is_out_cannot_be_listed(office, document):
    first, *others = copies_of(document)
    hand_out(first, to=office.reader, by=office.clerk)

    with pytest.raises(InvalidState) as refused:
        prepared(office, [first, *others])

    assert first.label in refused.value.message
    assert DestructionList.objects.count() == 0
    assert DestructionItem.objects.count() == 0


def test_a_copy_on_another_open_list_cannot_be_listed(office, document):
    copy = copies_of(document)[0]
    first = prepared(office, [copy])

    with pytest.raises(InvalidState) as refused:
        prepared(office, [copy])

    assert first.label in refused.value.message
    assert DestructionList.objects.count() == 1


def test_the_database_holds_a_copy_to_one_open_list(office, document):
    copy = copies_of(document)[0]
    prepared(office, [copy])
    other = DestructionList(registry=office.registry, prepared_by=office.clerk, reason="x")
    other._change_reason = "x"
    other.save()
    item = DestructionItem(list=other, copy=copy)
    item._change_reason = "bypassing the service"

    with pytest.raises(IntegrityError), transaction.atomic():
        item.save()


def test_a_rejected_list_frees_its_copies(office, document):
    copy = copies_of(document)[0]
    dlist = prepared(office, [copy])
    destruction.submit_destruction_list(dlist=dlist, by=office.clerk, reason="Complete")
    destruction.reject_destruction_list(dlist=dlist, by=office.leader, reason="Still needed for the audit")

    again = prepared(office, [copy])

    assert again.items.get().copy == copy
    assert DestructionList.objects.get(pk=dlist.pk).decision_reason == "Still needed for the audit"


def test_copies_are_added_and_removed_only_while_draft(office, document):
    one, two, three = copies_of(document)
    dlist = prepared(office, [one])
    destruction.add_to_destruction_list(dlist=dlist, copies=[two, three], by=office.clerk, reason="More")
    destruction.remove_from_destruction_list(dlist=dlist, copies=[three], by=office.clerk, reason="Still needed")
    assert set(dlist.items.values_list("copy", flat=True)) == {one.pk, two.pk}

    destruction.submit_destruction_list(dlist=dlist, by=office.clerk, reason="Complete")
    with pytest.raises(InvalidState):
        destruction.add_to_destruction_list(dlist=dlist, copies=[three], by=office.clerk, reason="More")
    with pytest.raises(InvalidState):
        destruction.remove_from_destruction_list(dlist=dlist, copies=[one], by=office.clerk, reason="Less")


def test_an_empty_list_cannot_be_submitted(office, document):
    copy = copies_of(document)[0]
    dlist = prepared(office, [copy])
    destruction.remove_from_destruction_list(dlist=dlist, copies=[copy], by=office.clerk, reason="Mistake")

    with pytest.raises(InvalidState):
        destruction.submit_destruction_list(dlist=dlist, by=office.clerk, reason="Complete")


def test_only_a_clerk_of_the_registry_prepares_a_list(office, other_unit, document):
    with pytest.raises(NotPermitted):
        destruction.prepare_destruction_list(
            registry=office.registry, copies=copies_of(document), by=office.leader, reason="x"
        )
    with pytest.raises(NotPermitted):
        destruction.prepare_destruction_list(
            registry=office.registry, copies=copies_of(document), by=other_unit.clerk, reason="x"
        )
    assert DestructionList.objects.count() == 0


def test_copies_of_another_registry_cannot_be_listed(office, other_unit, document):
    foreign = DocumentFactory(registry=other_unit.registry, by=other_unit.clerk, copies_count=1)
    add_membership(user=office.clerk, unit=other_unit.unit, role=Role.CLERK, by=None, reason="Keeps both")

    with pytest.raises(InvalidState):
        prepared(office, copies_of(document) + copies_of(foreign))


def test_execution_checks_the_copies_again(office, document):
    copies = copies_of(document)
    dlist = approved(office, copies)
    hand_out(copies[1], to=office.reader, by=office.clerk)

    with pytest.raises(InvalidState) as refused:
        execute(office, dlist)

    assert copies[1].label in refused.value.message
    assert [c.status for c in copies_of(document)] == [CopyStatus.IN_REGISTRY, CopyStatus.OUT, CopyStatus.IN_REGISTRY]


def test_a_destruction_date_in_the_future_is_refused(office, document):
    dlist = approved(office, copies_of(document))

    with pytest.raises(InvalidInput) as refused:
        execute(office, dlist, executed_on=timezone.localdate() + datetime.timedelta(days=1))
    assert "executed_on" in refused.value.errors


def test_an_executed_list_is_final(office, document):
    one, two, three = copies_of(document)
    dlist = approved(office, [one, two])
    execute(office, dlist)

    attempts = [
        lambda: destruction.add_to_destruction_list(dlist=dlist, copies=[three], by=office.clerk, reason="x"),
        lambda: destruction.remove_from_destruction_list(dlist=dlist, copies=[one], by=office.clerk, reason="x"),
        lambda: destruction.submit_destruction_list(dlist=dlist, by=office.clerk, reason="x"),
        lambda: destruction.approve_destruction_list(dlist=dlist, by=office.leader, reason="x", proof=proved(office.leader)),
        lambda: destruction.reject_destruction_list(dlist=dlist, by=office.leader, reason="x"),
        lambda: execute(office, dlist, place="Elsewhere"),
    ]
    for attempt in attempts:
        with pytest.raises(InvalidState, match="final"):
            attempt()
    dlist.refresh_from_db()
    assert dlist.place == "Shredding room B-104"
    assert set(dlist.items.values_list("copy", flat=True)) == {one.pk, two.pk}


def test_a_destroyed_copy_never_comes_back(office, document):
    copy = copies_of(document)[0]
    execute(office, approved(office, [copy]))

    with pytest.raises(InvalidState):
        prepared(office, [copy])
    with pytest.raises(InvalidState):
        recover_copies(copies=[copy], issuing_organ="省委办公厅", receipt_reference="R-1", by=office.clerk, reason="x")
    for status in (CopyStatus.IN_REGISTRY, CopyStatus.OUT, CopyStatus.LOST):
        with pytest.raises(InvalidState), transaction.atomic():
            move(lock_copy(copy), to=status, holder=office.reader, by=office.clerk, reason="x")
    assert Copy.objects.get(pk=copy.pk).status == CopyStatus.DESTROYED


def test_the_certificate_gives_copies_approver_date_place_method_and_witnesses(office, document):
    dlist = approved(office, copies_of(document))
    execute(office, dlist, method="incineration")

    certificate = destruction_certificate(DestructionList.objects.get(pk=dlist.pk))

    assert certificate["is_final"]
    assert [row["copy_number"] for row in certificate["copies"]] == [1, 2, 3]
    assert certificate["copies"][0]["registry_number"] == document.registry_number
    assert certificate["copies"][0]["marking"] == "SECRET ★ 20 years"
    assert certificate["approved_by"] == office.leader
    assert certificate["executed_on"] == timezone.localdate()
    assert certificate["place"] == "Shredding room B-104"
    assert certificate["method"] == "Incineration"
    assert certificate["witnesses"] == [office.inspector, office.reader2]
    assert certificate["highest_level"] == document.level


# Pages ---------------------------------------------------------------------------------------


def signed_in(client, user):
    client.logout()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_the_whole_procedure_through_the_pages(client, office, document):
    copies = copies_of(document)
    signed_in(client, office.clerk)
    response = client.get(reverse("documents:destruction_new"), {"q": document.registry_number})
    assert copies[0].label in response.content.decode()

    response = client.post(
        reverse("documents:destruction_new"), {"copies": [c.pk for c in copies], "reason": "Annual clean-up"}
    )
    dlist = DestructionList.objects.get()
    assert response.url == reverse("documents:destruction_detail", args=[dlist.pk])
    client.post(reverse("documents:destruction_submit", args=[dlist.pk]), {"reason": "Complete"})

    signed_in(client, office.leader)
    page = client.get(reverse("documents:destruction_detail", args=[dlist.pk])).content.decode()
    assert "Approve the destruction" in page
    client.post(reverse("documents:destruction_approve", args=[dlist.pk]), {"reason": "Agreed"})

    signed_in(client, office.clerk)
    form = {
        "executed_on": timezone.localdate().isoformat(), "place": "Shredding room", "method": "shredding",
        "witness_1": office.reader2.pk, "witness_2": office.reader2.pk, "reason": "Done", "confirm": "1",
    }
    refused = client.post(reverse("documents:destruction_execute", args=[dlist.pk]), form)
    assert refused.status_code == 200
    assert "two different people" in refused.content.decode()

    form["witness_1"] = office.inspector.pk
    # Both witnesses type their own password on the clerk's form: the list is executed at once.
    form.update(witness_1_password=PASSWORD, witness_2_password=PASSWORD)
    client.post(reverse("documents:destruction_execute", args=[dlist.pk]), form)
    page = client.get(reverse("documents:destruction_detail", args=[dlist.pk])).content.decode()
    assert "it is final" in page
    assert {c.status for c in copies_of(document)} == {CopyStatus.DESTROYED}
    detail = client.get(reverse("documents:detail", args=[document.pk])).content.decode()
    assert "destroyed on" in detail and dlist.label in detail


def test_a_refused_step_shows_the_reason_on_the_page(client, office, document):
    dlist = prepared(office, copies_of(document))
    signed_in(client, office.clerk)

    response = client.post(reverse("documents:destruction_approve", args=[dlist.pk]), {"reason": "me"}, follow=True)

    assert "Only a leader" in response.content.decode()
    assert DestructionList.objects.get(pk=dlist.pk).status == DestructionStatus.DRAFT


def test_ticking_a_copy_on_another_list_is_not_offered(client, office, document):
    copy = copies_of(document)[0]
    prepared(office, [copy])
    signed_in(client, office.clerk)

    page = client.get(reverse("documents:destruction_new")).content.decode()

    assert f'name="copies" value="{copy.pk}"' not in page
    assert copy.label in page
    assert "on an open destruction list" in page


@pytest.mark.parametrize("name", ["documents:destruction_detail", "documents:destruction_execute"])
def test_list_pages_are_404_for_a_reader(client, office, document, name):
    dlist = prepared(office, copies_of(document))
    signed_in(client, office.reader)

    assert client.get(reverse(name, args=[dlist.pk])).status_code == 404
    assert client.get(reverse("documents:destruction_lists")).status_code == 404
    assert client.get(reverse("documents:destruction_new")).status_code == 404


def test_home_page_tells_the_leader_what_awaits_approval(client, office, document):
    dlist = prepared(office, copies_of(document))
    destruction.submit_destruction_list(dlist=dlist, by=office.clerk, reason="Complete")

    page = signed_in(client, office.leader).get(reverse("home")).content.decode()

    assert f'value="destruction-{dlist.pk}"' in page
    assert reverse("documents:destruction_detail", args=[dlist.pk]) in page


def test_the_other_units_clerk_cannot_open_the_list(client, office, other_unit, document):
    dlist = prepared(office, copies_of(document))
    assert signed_in(client, other_unit.clerk).get(reverse("documents:destruction_detail", args=[dlist.pk])).status_code == 404


def test_the_document_page_links_a_list_only_for_those_who_may_open_it(client, office):
    shared = DocumentFactory(registry=office.registry, by=office.clerk, scope_users=[office.leader])
    secret_elsewhere = DocumentFactory(registry=office.registry, by=office.clerk, scope_users=[])
    dlist = destruction.prepare_destruction_list(
        registry=office.registry, copies=[shared.copies.first(), secret_elsewhere.copies.first()],
        by=office.clerk, reason="Superseded",
    )  # fmt: skip
    link = reverse("documents:destruction_detail", args=[dlist.pk])

    pages = {}
    for person in (office.clerk, office.leader):
        client.login(username=person.username, password=PASSWORD)
        pages[person.username] = client.get(reverse("documents:detail", args=[shared.pk])).content.decode()
        client.logout()

    assert dlist.label in pages["leader"] and link not in pages["leader"]  # a copy on it is outside the leader's scope
    assert link in pages["clerk"]


def test_the_pages_offer_starting_a_list_or_a_recovery_exactly_when_the_checks_allow_it(client, office, other_unit, document):
    from documents.services.recovery import check_start_recovery

    new_list, new_recovery = reverse("documents:destruction_new"), reverse("documents:recovery_new")
    for person in (office.clerk, office.leader, office.inspector, other_unit.clerk):
        client.login(username=person.username, password=PASSWORD)
        lists = client.get(reverse("documents:destruction_lists"))
        recoveries = client.get(reverse("documents:recoveries"))
        detail = client.get(reverse("documents:detail", args=[document.pk]))
        client.logout()
        may_destroy = destruction.check_prepare_destruction_list(office.registry, person) is None
        may_recover = check_start_recovery(office.registry, person) is None
        if lists.status_code == 200:
            assert (new_list in lists.content.decode()) == (person in (office.clerk, other_unit.clerk)), person.username
        if recoveries.status_code == 200:
            assert (new_recovery in recoveries.content.decode()) == (person in (office.clerk, other_unit.clerk))
        if detail.status_code == 200:
            page = detail.content.decode()
            assert (f'{new_list}?q=' in page, f'{new_recovery}?q=' in page) == (may_destroy, may_recover), person.username
