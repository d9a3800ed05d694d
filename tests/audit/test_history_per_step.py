"""Each lifecycle step leaves exactly the history rows it should: one per row it changes, each with actor and reason.

A step that wrote a row without history (a QuerySet.update(), a bulk_create)
would show here as a missing row; one that saved twice, as an extra one.
"""

import datetime
from collections import Counter

import pytest
from django.apps import apps
from django.utils import timezone

from documents.levels import Level
from documents.models import Copy, LoanMode, ReproductionKind
from documents.services import borrowing, circulation, copying, destruction, inventory, loss, recovery, registration
from tests.factories import DocumentFactory, document_fields, proved

pytestmark = pytest.mark.django_db

HISTORY_MODELS = [model for model in apps.get_models() if model.__name__.startswith("Historical")]


class Step:
    """The history rows written while the block runs, as Counter({(model, "+"|"~"|"-"): n})."""

    def __init__(self):
        self.rows = []

    def __enter__(self):
        self.marks = {model: _last_id(model) for model in HISTORY_MODELS}
        return self

    def __exit__(self, *exc):
        if exc[0] is None:
            for model, mark in self.marks.items():
                for row in model.objects.filter(history_id__gt=mark).values(
                    "history_type", "history_user_id", "history_change_reason"
                ):
                    self.rows.append((model.instance_type.__name__, row))
        return False

    @property
    def written(self):
        return Counter((name, row["history_type"]) for name, row in self.rows)

    def assert_each_row_names(self, actor):
        assert self.rows, "the step wrote no history"
        for name, row in self.rows:
            assert row["history_user_id"] == actor.pk, f"{name} row names someone else"
            assert (row["history_change_reason"] or "").strip(), f"{name} row has no reason"


def _last_id(model):
    last = model.objects.order_by("-history_id").values_list("history_id", flat=True).first()
    return last or 0


@pytest.fixture
def secret(office):
    return DocumentFactory(
        registry=office.registry, by=office.clerk, level=Level.SECRET, copies_count=3,
        scope_users=[office.leader, office.reader, office.reader2],
    )


def copies_of(document):
    return list(Copy.objects.filter(document=document).order_by("number"))


def written(**expected):
    """Counter in the shape Step.written gives: written(Copy_changed=1, Loan_added=1)."""
    kinds = {"added": "+", "changed": "~", "deleted": "-"}
    return Counter({tuple((name.rsplit("_", 1)[0], kinds[name.rsplit("_", 1)[1]])): n for name, n in expected.items()})


def test_registration_writes_the_document_each_copy_and_each_grant(office):
    with Step() as step:
        registration.register_document(
            registry=office.registry, by=office.clerk, reason="Registered on receipt",
            scope_users=[office.reader, office.reader2], **document_fields(copies_count=3),
        )

    assert step.written == written(Document_added=1, Copy_added=3, DocumentUserObjectPermission_added=2)
    step.assert_each_row_names(office.clerk)


def test_each_circulation_step_writes_the_round_its_entry_and_the_copy_it_moves(office, secret):
    copy = copies_of(secret)[0]
    with Step() as propose:
        round_ = circulation.propose_circulation(copy=copy, readers=[office.reader], by=office.clerk, reason="List")
    with Step() as approve:
        circulation.approve_circulation(circulation=round_, by=office.leader, reason="Agreed")
    with Step() as hand_out:
        circulation.hand_out(circulation=round_, by=office.clerk, reason="Handed out")
    with Step() as mark_read:
        circulation.mark_read(circulation=round_, by=office.reader, reason="Read", comment="已阅")
    with Step() as take_back:
        circulation.take_back(circulation=round_, by=office.clerk, reason="Returned")

    assert propose.written == written(Circulation_added=1, CirculationEntry_added=1)
    assert approve.written == written(Circulation_changed=1)
    assert hand_out.written == written(Circulation_changed=1, CirculationEntry_changed=1, Copy_changed=1)
    assert mark_read.written == written(CirculationEntry_changed=1)
    assert take_back.written == written(Circulation_changed=1, CirculationEntry_changed=1, Copy_changed=1)
    for step, actor in ((propose, office.clerk), (approve, office.leader), (hand_out, office.clerk),
                        (mark_read, office.reader), (take_back, office.clerk)):
        step.assert_each_row_names(actor)


def test_each_borrowing_step_writes_the_loan_and_the_copy_it_moves(office, secret):
    copy = copies_of(secret)[0]
    with Step() as request:
        loan = borrowing.request_loan(
            copy=copy, borrower=office.reader, by=office.reader, purpose="Drafting", mode=LoanMode.TAKE_OUT,
            due_on=timezone.localdate() + datetime.timedelta(days=3),
        )
    with Step() as approve:
        borrowing.approve_loan(loan=loan, by=office.leader, reason="Agreed")
    with Step() as hand_out:
        borrowing.hand_out_loan(loan=loan, by=office.clerk, reason="Lent")
    with Step() as give_back:
        borrowing.return_loan(loan=loan, by=office.clerk, reason="Back", pages_complete=True, attachments_complete=True)

    assert request.written == written(Loan_added=1)
    assert approve.written == written(Loan_changed=1)
    assert hand_out.written == written(Loan_changed=1, Copy_changed=1)
    assert give_back.written == written(Loan_changed=1, Copy_changed=1)
    for step, actor in ((request, office.reader), (approve, office.leader), (hand_out, office.clerk),
                        (give_back, office.clerk)):
        step.assert_each_row_names(actor)


def test_copying_writes_the_request_then_each_new_copy_and_the_documents_count(office, secret):
    with Step() as request:
        req = copying.request_reproduction(
            source_copy=copies_of(secret)[0], kind=ReproductionKind.COPY, count=2, by=office.clerk,
            reason="Two more offices", originating_approval="Issuer agreed by phone, 2026-11-20",
        )
    with Step() as approve:
        copying.approve_reproduction(request=req, by=office.leader, reason="Agreed", proof=proved(office.leader))
    with Step() as execute:
        copying.execute_reproduction(request=req, by=office.clerk, reason="Copied")

    assert request.written == written(ReproductionRequest_added=1)
    assert approve.written == written(ReproductionRequest_changed=1)
    assert execute.written == written(ReproductionRequest_changed=1, Copy_added=2, Document_changed=1)
    for step, actor in ((request, office.clerk), (approve, office.leader), (execute, office.clerk)):
        step.assert_each_row_names(actor)


def test_recovery_writes_the_receipt_each_item_and_each_copy(office, secret):
    with Step() as recover:
        recovery.recover_copies(
            copies=copies_of(secret)[:2], issuing_organ="省委办公厅", receipt_reference="R-1", by=office.clerk,
            reason="Returned to issuer",
        )

    assert recover.written == written(Recovery_added=1, RecoveryItem_added=2, Copy_changed=2)
    recover.assert_each_row_names(office.clerk)


def test_each_destruction_step_writes_the_list_its_items_and_at_the_end_each_copy(office, secret):
    with Step() as prepare:
        dlist = destruction.prepare_destruction_list(
            registry=office.registry, copies=copies_of(secret)[:2], by=office.clerk, reason="Past use"
        )
    with Step() as submit:
        destruction.submit_destruction_list(dlist=dlist, by=office.clerk, reason="Complete")
    with Step() as approve:
        destruction.approve_destruction_list(dlist=dlist, by=office.leader, reason="Agreed", proof=proved(office.leader))
    with Step() as execute:
        destruction.execute_destruction_list(
            dlist=dlist, by=office.clerk, executed_on=timezone.localdate(), place="Room B-104", method="shredding",
            witness_1=office.inspector, witness_2=office.reader2, reason="Destroyed as approved", witness_proofs=[proved(office.inspector), proved(office.reader2)],
        )

    assert prepare.written == written(DestructionList_added=1, DestructionItem_added=2)
    assert submit.written == written(DestructionList_changed=1)
    assert approve.written == written(DestructionList_changed=1)
    # The clerk's record, then each witness's own confirmation; the second executes the list.
    assert execute.written == written(DestructionList_changed=3, DestructionItem_changed=2, Copy_changed=2)
    for step, actor in ((prepare, office.clerk), (submit, office.clerk), (approve, office.leader)):
        step.assert_each_row_names(actor)
    list_actors = sorted(row["history_user_id"] for name, row in execute.rows if name == "DestructionList")
    assert list_actors == sorted([office.clerk.pk, office.inspector.pk, office.reader2.pk])
    assert all(row["history_user_id"] == office.clerk.pk for name, row in execute.rows if name != "DestructionList")


def test_a_loss_report_writes_the_incident_and_the_copy(office, secret):
    with Step() as report:
        loss.report_loss(copy=copies_of(secret)[0], by=office.clerk, reason="Not found", circumstances="Not on shelf")

    assert report.written == written(Incident_added=1, Copy_changed=1)
    report.assert_each_row_names(office.clerk)


def test_each_inventory_step_writes_the_inventory_and_the_items_it_touches(office, secret):
    first = copies_of(secret)[0]
    with Step() as open_:
        inv = inventory.open_inventory(registry=office.registry, by=office.clerk, reason="Annual inventory")
    with Step() as seen:
        inventory.mark_seen(inventory=inv, code=first.label, by=office.clerk)
    with Step() as close:
        inventory.close_inventory(inventory=inv, by=office.clerk, reason="Counted")
    with Step() as sign:
        inventory.sign_off(inventory=inv, by=office.inspector, note="Checked")

    assert open_.written == written(Inventory_added=1, InventoryItem_added=3)
    assert seen.written == written(InventoryItem_changed=1)
    # Closing records the two copies nobody saw as missing.
    assert close.written == written(Inventory_changed=1, InventoryItem_changed=2)
    assert sign.written == written(Inventory_changed=1)
    for step, actor in ((open_, office.clerk), (seen, office.clerk), (close, office.clerk), (sign, office.inspector)):
        step.assert_each_row_names(actor)
