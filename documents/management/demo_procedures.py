"""Procedures under way for the demo: what each demo account finds waiting when it signs in.

Every state is reached through the services (so its history rows carry an
actor and a reason) and is made once: each has its own reason, and a state
whose reason is already in the history is left as it is, so `load_demo`
twice is safe and a database loaded by an older demo gains the new states.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from accounts.services.reauth import on_console
from documents.levels import Level
from documents.models import (
    Circulation,
    Copy,
    CopyStatus,
    DestructionList,
    Document,
    Incident,
    Inventory,
    InventoryStatus,
    Loan,
    Registry,
    ReproductionRequest,
)
from documents.services import borrowing, circulation, copying, destruction, inventory, loss
from documents.services.recording import stamp
from documents.services.registration import register_document

REASON = "Demo data"

# One reason per state: the marker that says it was made.
OUT_WITH_FIRST_READER = "Reading round of the annual self-inspection notice"
WAITING_FOR_LEADER = "Reading list for the department meeting"
APPROVED_WAITING = "Reading list for the budget review"
BETWEEN_READERS = "Reading round of the inspection report"
OVERDUE_LOAN = "Preparing the quarterly report"
LOAN_REQUEST = "Checking figures for the budget meeting"
REPRODUCTION_APPROVED = "Two copies for the provincial inspection team"
DESTRUCTION_SUBMITTED = "Annual clean-up of internal material"
DESTRUCTION_APPROVED = "Clean-up of superseded internal notices"
INCIDENT = "Not found at the monthly check"
INVENTORY = "Year-end inventory of the Finance registry"
CLOSED_INVENTORY = "Half-year check of the General Office registry"
PERIOD_ENDING_REFERENCE = "BGS [2016] No. 7"


def _made(model, marker):
    return model.history.filter(history_change_reason__contains=marker).exists()


def load(registry_code="BGS"):
    """Put every state in place that is not there yet; True if anything was added."""
    people = {user.username: user for user in get_user_model().objects.filter(
        username__in=["clerk", "leader", "reader", "reader2"]
    )}
    if len(people) < 4:
        return False
    demo = _Demo(registry_code, **people)
    steps = [
        demo.out_with_first_reader, demo.waiting_for_leader, demo.approved_waiting, demo.between_readers,
        demo.overdue_loan, demo.loan_request, demo.reproduction_approved, demo.destruction_submitted,
        demo.destruction_approved, demo.incident, demo.period_ending, demo.registers,
        demo.closed_inventory,  # after the registers: it counts their devices and media too
        demo.open_inventory,  # last: it counts (and holds) every copy of its registry
    ]
    return any([step() for step in steps])


class _Demo:
    def __init__(self, registry_code, *, clerk, leader, reader, reader2):
        self.registry = Registry.objects.get(code=registry_code)
        self.clerk, self.leader, self.reader, self.reader2 = clerk, leader, reader, reader2

    def _free(self):
        return Copy.objects.filter(document__registry=self.registry, status=CopyStatus.IN_REGISTRY).select_related(
            "document"
        ).order_by("document__serial", "number")

    def free_copy(self, level, readers=None):
        """A copy in the registry that no procedure has touched, whose document these readers may know."""
        readers = (self.reader,) if readers is None else readers
        for copy in self._free().filter(document__level=level):
            scope = set(Document.objects.get(pk=copy.document_id).user_grants.values_list("user_id", flat=True))
            busy = (
                Circulation.objects.filter(copy=copy).exists()
                or copy.loans.exists()
                or ReproductionRequest.objects.filter(source_copy=copy).exists()
                or copy.destruction_items.exists()
            )
            if not busy and all(person.pk in scope for person in readers):
                return copy
        return None

    def _round(self, marker, level, readers):
        if _made(Circulation, marker):
            return None
        copy = self.free_copy(level, readers=readers)
        if copy is None:
            return None
        return circulation.propose_circulation(copy=copy, readers=list(readers), by=self.clerk, reason=marker)

    def out_with_first_reader(self):
        """A secret copy out with the first of two readers: the reader holds it, the clerk sees it out."""
        round_ = self._round(OUT_WITH_FIRST_READER, Level.SECRET, (self.reader, self.reader2))
        if round_ is None:
            return False
        circulation.approve_circulation(circulation=round_, by=self.leader, reason=REASON)
        circulation.hand_out(circulation=round_, by=self.clerk, reason=REASON)
        return True

    def waiting_for_leader(self):
        return self._round(WAITING_FOR_LEADER, Level.CONFIDENTIAL, (self.reader,)) is not None

    def approved_waiting(self):
        """Approved by the leader, not yet handed out: the clerk's next hand-out."""
        round_ = self._round(APPROVED_WAITING, Level.CONFIDENTIAL, (self.reader,))
        if round_ is None:
            return False
        circulation.approve_circulation(circulation=round_, by=self.leader, reason=REASON)
        return True

    def between_readers(self):
        """The first reader read and returned it; the copy is back in the registry for the second reader."""
        round_ = self._round(BETWEEN_READERS, Level.SECRET, (self.reader, self.reader2))
        if round_ is None:
            return False
        circulation.approve_circulation(circulation=round_, by=self.leader, reason=REASON)
        circulation.hand_out(circulation=round_, by=self.clerk, reason=REASON)
        circulation.mark_read(circulation=round_, by=self.reader, reason=REASON, comment="Read; no remarks.")
        circulation.take_back(circulation=round_, by=self.clerk, reason="Returned after reading")
        return True

    def overdue_loan(self):
        if Loan.objects.filter(purpose=OVERDUE_LOAN, copy__document__registry=self.registry).exists():
            return False
        copy = self.free_copy(Level.CONFIDENTIAL)
        if copy is None:
            return False
        loan = borrowing.request_loan(
            copy=copy, borrower=self.reader, by=self.reader, purpose=OVERDUE_LOAN, mode="take_out",
            due_on=timezone.localdate() + datetime.timedelta(days=7),
        )
        borrowing.hand_out_loan(loan=loan, by=self.clerk, reason=REASON)
        loan.refresh_from_db()
        loan.due_on = timezone.localdate() - datetime.timedelta(days=3)
        stamp(loan, by=self.clerk, reason="Demo data: a loan three days overdue").save()
        return True

    def loan_request(self):
        if Loan.objects.filter(purpose=LOAN_REQUEST, copy__document__registry=self.registry).exists():
            return False
        copy = self.free_copy(Level.SECRET)
        if copy is None:
            return False
        borrowing.request_loan(
            copy=copy, borrower=self.reader, by=self.reader, purpose=LOAN_REQUEST, mode="reading_room",
            due_on=timezone.localdate(),
        )
        return True

    def reproduction_approved(self):
        """Approved by the leader, waiting for the clerk to make the copies."""
        if _made(ReproductionRequest, REPRODUCTION_APPROVED):
            return False
        copy = self.free_copy(Level.CONFIDENTIAL)
        if copy is None:
            return False
        request = copying.request_reproduction(
            source_copy=copy, kind="copy", count=2, by=self.clerk, reason=REPRODUCTION_APPROVED
        )
        copying.approve_reproduction(request=request, by=self.leader, reason=REASON, proof=on_console(self.leader))
        return True

    def _destruction_list(self, marker, count):
        if _made(DestructionList, marker):
            return None
        olds = []
        for copy in self._free().filter(document__level=Level.INTERNAL):
            busy = copy.destruction_items.exists() or copy.loans.exists() or Circulation.objects.filter(copy=copy).exists()
            if not busy:
                olds.append(copy)
            if len(olds) == count:
                break
        if not olds:
            return None
        dlist = destruction.prepare_destruction_list(registry=self.registry, copies=olds, by=self.clerk, reason=marker)
        destruction.submit_destruction_list(dlist=dlist, by=self.clerk, reason=REASON)
        return dlist

    def destruction_submitted(self):
        return self._destruction_list(DESTRUCTION_SUBMITTED, 3) is not None

    def destruction_approved(self):
        """Approved by the leader, waiting for the clerk to carry it out with two witnesses."""
        dlist = self._destruction_list(DESTRUCTION_APPROVED, 2)
        if dlist is None:
            return False
        destruction.approve_destruction_list(dlist=dlist, by=self.leader, reason=REASON, proof=on_console(self.leader))
        return True

    def incident(self):
        if Incident.objects.filter(copy__document__registry=self.registry).exists():
            return False
        copy = self.free_copy(Level.CONFIDENTIAL)
        if copy is None:
            return False
        loss.report_loss(
            copy=copy, by=self.clerk, reason=INCIDENT,
            circumstances="Not on its shelf at the monthly check; last handed back on the 3rd.",
        )
        return True

    def period_ending(self):
        """A confidential document received ten years ago: its 10-year period ends within this year and within
        the leader's "periods ending" window (documents.forms.classification.DEFAULT_WINDOW)."""
        if Document.objects.filter(registry=self.registry, reference_number=PERIOD_ENDING_REFERENCE).exists():
            return False
        today = timezone.localdate()
        ends = min(today + datetime.timedelta(days=60), datetime.date(today.year, 12, 31))
        classified = ends.replace(year=ends.year - 10) if not (ends.month == 2 and ends.day == 29) else ends.replace(
            year=ends.year - 10, day=28
        )
        register_document(
            registry=self.registry, by=self.clerk, reason=REASON,
            scope_users=[self.leader, self.reader], scope_units=[self.registry.unit],
            direction="incoming", title="关于2016年度保密工作检查情况的通报",
            originating_organ="省委办公厅", reference_number=PERIOD_ENDING_REFERENCE,
            level=Level.CONFIDENTIAL, secrecy_period_years=10, date_classified=classified,
            pages=8, attachments=0, copies_count=1, urgency="normal", medium="paper", remarks="",
        )
        return True

    def closed_inventory(self):
        """An inventory of the year, closed with every copy and every device seen and signed off by the inspector."""
        if _made(Inventory, CLOSED_INVENTORY) or Inventory.objects.filter(
            registry=self.registry, status=InventoryStatus.OPEN
        ).exists():
            return False
        inspector = get_user_model().objects.filter(username="inspector").first()
        if inspector is None:
            return False
        # One transaction: all of it or nothing (a half-counted inventory would stay open), and one commit
        # instead of one per copy seen.
        with transaction.atomic():
            check = inventory.open_inventory(registry=self.registry, by=self.clerk, reason=CLOSED_INVENTORY)
            for item in check.items.select_related("copy__document__registry").order_by("pk"):
                inventory.mark_seen(inventory=check, code=item.copy.label, by=self.clerk, reason=REASON)
            for item in check.device_items.select_related("device").order_by("pk"):
                inventory.mark_seen(inventory=check, code=item.device.asset_number, by=self.clerk, reason=REASON)
            inventory.close_inventory(inventory=check, by=self.clerk, reason=REASON)
            inventory.sign_off(inventory=check, by=inspector, note="Every copy and device seen.", reason=REASON)
        return True

    def registers(self):
        from documents.management import demo_registers

        return demo_registers.load(self.registry.code)

    def open_inventory(self):
        """An inventory under way in the Finance registry (its clerk, clerk2).

        Not in the General Office's: an open inventory holds every copy it counts,
        and the General Office's demo lends, circulates and copies.
        """
        registry = Registry.objects.filter(code="CWC").first()
        clerk = get_user_model().objects.filter(username="clerk2").first()
        if registry is None or clerk is None:
            return False
        if Inventory.objects.filter(status=InventoryStatus.OPEN).exists() or _made(Inventory, INVENTORY):
            return False
        inventory.open_inventory(registry=registry, by=clerk, reason=INVENTORY)
        return True
