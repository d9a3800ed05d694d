"""No sequence of lifecycle steps, by whoever tries them, reaches an illegal state.

Hypothesis drives every procedure's services in random order, with actors and targets it
draws: right ones mostly, wrong ones often (readers handing out, requesters approving, one
witness twice, steps on rows in the wrong state). A service may refuse with a LifecycleError,
and then it must have written nothing; any other exception fails the test. After every step
the database itself is read afresh and checked: a copy at the end of its life stays there, a
copy is held by at most one person and only by someone in scope, the circulation or loan that
has it agrees with it, and no approval was decided by whoever asked.
"""

import datetime
import os
from collections import Counter, defaultdict
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from documents.levels import Level
from documents.models import (
    Circulation,
    CirculationEntry,
    CirculationStatus,
    Copy,
    CopyStatus,
    DecisionKind,
    DestructionItem,
    DestructionList,
    DestructionMethod,
    DestructionStatus,
    Document,
    Incident,
    IncidentStatus,
    Inventory,
    InventoryItem,
    InventoryStatus,
    ItemResult,
    Loan,
    LoanMode,
    LoanStatus,
    RecoveryItem,
    ReproductionKind,
    ReproductionRequest,
    ReproductionStatus,
)
from documents.models.circulation import ACTIVE_STATUSES
from documents.models.copy import HELD_BY_PERSON, TERMINAL
from documents.models.destruction import OPEN_STATUSES as DESTRUCTION_OPEN
from documents.models.loan import OPEN_LOAN_STATUSES
from documents.selectors import visible_documents
from documents.services import borrowing, circulation, copying, declassification, destruction, inventory, loss, recovery
from documents.services.errors import LifecycleError
from people.roles import Role
from tests.factories import DocumentFactory, RegistryFactory, UnitFactory, member, proved

# clerk2 is also a leader (a deputy who holds both roles, as in small offices): the one person who
# could propose and approve, prepare and approve, approve and carry out, if the services let them.
CLERKS = ("clerk", "clerk2")
LEADERS = ("leader", "leader2", "clerk2")
READERS = ("reader", "reader2", "reader3")
# The inspector signs inventories off; the outsider (a reader of another unit) is in the scope
# of two of our documents; the outside clerk keeps the other unit's registry and nothing of ours.
PEOPLE = (*CLERKS, *LEADERS, *READERS, "inspector", "outsider", "outside_clerk")
# Stand for "whoever holds the copy now" (the clerk when nobody does) and "the loan's borrower":
# the right actors for marking read, reporting a loss or cancelling a loan, otherwise rarely drawn.
HOLDER = "holder"
BORROWER = "borrower"
# Finer states than the models', for choosing targets: a copy in the registry that no procedure
# holds, one of the other unit's, and a circulation under way whose copy is with a reader or back.
FREE = "free"
THEIRS = "theirs"
WITH_READER = "with_reader"
BACK = "back"
COUNTING = "counting"  # an open inventory in which the clerk has checked a copy: it may be closed

# Every service of every procedure; the run fails if one of them never went through.
SERVICES = (
    "propose_circulation", "approve_circulation", "reject_circulation", "hand_out", "mark_read", "take_back",
    "cancel_circulation",
    "request_loan", "approve_loan", "reject_loan", "cancel_loan", "hand_out_loan", "return_loan",
    "request_reproduction", "approve_reproduction", "reject_reproduction", "execute_reproduction",
    "recover_copies",
    "prepare_destruction_list", "add_to_destruction_list", "remove_from_destruction_list", "submit_destruction_list",
    "approve_destruction_list", "reject_destruction_list", "execute_destruction_list",
    "report_loss", "record_follow_up", "close_incident",
    "decide",
    "open_inventory", "mark_seen", "record_problem", "close_inventory", "sign_off",
)
OUTCOMES = Counter()


def pool(*choices):
    """Choose among these; hypothesis favours the first and the last, so keep the unusual ones in between."""
    return st.sampled_from(choices)


def actor(*preferred):
    """Mostly someone whose role allows the step, often anyone at all."""
    return pool(*preferred * 4, *PEOPLE, *preferred * 4)


REASON = pool(*["Recorded for the ledger"] * 8, "  ", *["Recorded for the ledger"] * 8)
# Mostly a target in a state the step applies to (when there is one), sometimes any target at all.
FITTING = pool(True, True, False, True, True)
PICK = st.integers(min_value=0, max_value=7)  # the n-th most recent of the candidates, modulo their number
COPIES = st.lists(PICK, min_size=1, max_size=2)


def build_office():
    """One small office in the middle of its year, built once per test; every example runs in a savepoint over it."""
    unit = UnitFactory(code="office", name="General Office")
    other = UnitFactory(code="finance", name="Finance Division")
    registries = [RegistryFactory(unit=unit, code="BGS"), RegistryFactory(unit=other, code="CWC")]
    roles = {
        "clerk": Role.CLERK, "clerk2": Role.CLERK, "leader": Role.LEADER, "leader2": Role.LEADER,
        "reader": Role.READER, "reader2": Role.READER, "reader3": Role.READER, "inspector": Role.INSPECTOR,
    }
    p = {name: member(unit, role, username=name) for name, role in roles.items()}
    member(unit, Role.LEADER, username="clerk2")
    p["outsider"] = member(other, Role.READER, username="outsider")
    p["outside_clerk"] = member(other, Role.CLERK, username="outside_clerk")
    documents = [
        # Top secret, known to one leader and one reader only: never taken out, copied only with the organ's approval.
        DocumentFactory(
            registry=registries[0], by=p["clerk"], level=Level.TOP_SECRET, copies_count=3,
            scope_users=[p["leader"], p["reader"]],
        ),
        DocumentFactory(
            registry=registries[0], by=p["clerk"], level=Level.SECRET, copies_count=5,
            scope_users=[p[name] for name in ("leader", "leader2", "reader", "reader2", "outsider")],
        ),
        DocumentFactory(
            registry=registries[0], by=p["clerk2"], level=Level.CONFIDENTIAL, copies_count=4,
            scope_units=[unit], scope_users=[p["outsider"]],
        ),
        # The other unit's own document: nobody of ours may touch it.
        DocumentFactory(
            registry=registries[1], by=p["outside_clerk"], level=Level.CONFIDENTIAL, copies_count=1,
            scope_units=[other],
        ),
    ]
    _mid_year(p, registries[0], *documents[:3])
    history = sorted(
        model._meta.db_table
        for model in apps.get_models()
        if model.__name__.startswith("Historical") and model._meta.app_label in ("documents", "people")
    )
    return SimpleNamespace(
        registries=registries,
        people=p,
        people_by_pk={user.pk: user for user in p.values()},
        documents=documents,
        document_ids=[document.pk for document in documents],
        our_document_ids={document.pk for document in documents if document.registry_id == registries[0].pk},
        registry_of_document={document.pk: document.registry_id for document in documents},
        count_history="SELECT " + " + ".join(f'(SELECT count(*) FROM "{table}")' for table in history),
    )


def _mid_year(p, registry, top_secret, secret, confidential):
    """Every procedure under way somewhere, through the services, so that each example starts among them."""
    why = "Mid-year state"
    ts, s, c = (list(document.copies.order_by("number")) for document in (top_secret, secret, confidential))
    today = timezone.localdate()

    circulation.propose_circulation(copy=ts[0], readers=[p["reader"]], by=p["clerk"], reason=why)
    approved = circulation.propose_circulation(copy=c[0], readers=[p["reader3"], p["reader"]], by=p["clerk2"], reason=why)
    circulation.approve_circulation(circulation=approved, by=p["leader"], reason=why)
    going = circulation.propose_circulation(copy=s[0], readers=[p["reader2"], p["reader"]], by=p["clerk"], reason=why)
    circulation.approve_circulation(circulation=going, by=p["leader2"], reason=why)
    circulation.hand_out(circulation=going, by=p["clerk"], reason=why)

    borrowing.request_loan(copy=ts[1], borrower=p["reader"], by=p["reader"], purpose=why, mode=LoanMode.READING_ROOM, due_on=today)
    lent = borrowing.request_loan(
        copy=s[1], borrower=p["reader"], by=p["reader"], purpose=why, mode=LoanMode.TAKE_OUT,
        due_on=today + datetime.timedelta(days=7),
    )
    borrowing.approve_loan(loan=lent, by=p["leader"], reason=why)
    borrowing.hand_out_loan(loan=lent, by=p["clerk2"], reason=why)
    borrowing.request_loan(
        copy=s[2], borrower=p["reader2"], by=p["clerk"], purpose=why, mode=LoanMode.TAKE_OUT,
        due_on=today + datetime.timedelta(days=5),
    )
    borrowing.request_loan(  # confidential, own unit: approved by the policy itself
        copy=c[1], borrower=p["reader3"], by=p["reader3"], purpose=why, mode=LoanMode.TAKE_OUT,
        due_on=today + datetime.timedelta(days=3),
    )

    copying.request_reproduction(source_copy=s[2], kind=ReproductionKind.COPY, count=1, by=p["clerk"], reason=why)
    made = copying.request_reproduction(source_copy=c[2], kind=ReproductionKind.EXCERPT, count=1, by=p["clerk2"], reason=why)
    copying.approve_reproduction(request=made, by=p["leader2"], reason=why, proof=proved(p["leader2"]))

    submitted = destruction.prepare_destruction_list(registry=registry, copies=[s[3]], by=p["clerk"], reason=why)
    destruction.submit_destruction_list(dlist=submitted, by=p["clerk"], reason=why)
    to_destroy = destruction.prepare_destruction_list(registry=registry, copies=[c[3]], by=p["clerk2"], reason=why)
    destruction.submit_destruction_list(dlist=to_destroy, by=p["clerk2"], reason=why)
    destruction.approve_destruction_list(dlist=to_destroy, by=p["leader"], reason=why, proof=proved(p["leader"]))
    destruction.prepare_destruction_list(registry=registry, copies=[ts[2]], by=p["clerk"], reason=why)

    loss.report_loss(copy=s[4], by=p["clerk"], reason=why, circumstances="Not in the safe at the evening check")

    counted = inventory.open_inventory(registry=registry, by=p["clerk"], reason=why)
    inventory.close_inventory(inventory=counted, by=p["clerk2"], reason=why)


ACTIONS = {}  # name -> (method, strategies of its arguments, when it may be taken)


def action(when=None, **strategies):
    """A step the machine may take, with the strategies hypothesis draws its arguments from."""

    def register(method):
        ACTIONS[method.__name__] = (method, strategies, when)
        return method

    return register


def exists(kind, *statuses):
    """A row of this kind is in one of these states (as read after the previous step)."""
    return lambda self: any(status in statuses for _, status in getattr(self.state, kind))


class Lifecycle(RuleBasedStateMachine):
    office = None  # set by the test, which builds it

    def __init__(self):
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.people = self.office.people
        self.ended = {}  # copy pk -> (status, number of its history rows) when first seen at the end of its life
        self.taken = Counter()  # steps taken in this example, by name
        self.state = self.read_state()

    def teardown(self):
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    # -- choosing actors and targets -----------------------------------------------------------

    def person(self, name, copy=None, borrower=None):
        if name == HOLDER:
            return copy.holder if copy is not None and copy.holder_id else self.people["clerk"]
        if name == BORROWER:
            return borrower
        return self.people[name]

    def target(self, kind, index, fitting, *statuses):
        """The pk of a row of `kind`: one in `statuses` when `fitting` (and there is one), else any."""
        rows = getattr(self.state, kind)
        pool = [pk for pk, status in rows if status in statuses] if fitting else []
        pool = pool or [pk for pk, _ in rows]
        return pool[-1 - index % len(pool)]

    def copy_at(self, index, fitting=True, statuses=(FREE,)):
        """One of our copies in `statuses` when `fitting` (and there is one), else any copy, the other unit's too."""
        rows = self.state.copy_rows
        pool = [pk for pk, status in rows if status in statuses] if fitting else [pk for pk, _ in rows]
        pool = pool or [pk for pk, status in rows if status != THEIRS]
        return Copy.objects.select_related("holder").get(pk=pool[-1 - index % len(pool)])

    def copies_at(self, indexes, fitting=True):
        return [self.copy_at(index, fitting) for index in indexes]

    def history_rows(self):
        with connection.cursor() as cursor:
            cursor.execute(self.office.count_history)
            return cursor.fetchone()[0]

    def people_for(self, names, copy=None, borrower=None):
        return [self.person(name, copy=copy, borrower=borrower) for name in names]

    def attempt(self, name, service, *, by, then=(), step_up=False, **arguments):
        """`by` tries the step; after a refusal, whoever's role allows it tries (`then`), as in an office.

        `step_up`: the step is a decision that needs its decider's fresh proof of identity, which each
        person trying it gives (accounts.services.reauth; the refusal without one is tested apart).

        A LifecycleError is a legitimate refusal, but it must leave no trace. Without the second try,
        most drawn steps would stop at a wrong actor and the run would seldom get anywhere.
        """
        for person in [by, *(other for other in then if other != by)]:
            proof = {"proof": proved(person)} if step_up else {}
            result = self._try(name, service, by=person, **proof, **arguments)
            if result is not None:
                return result
        return None

    def _try(self, name, service, **arguments):
        before = self.history_rows()
        try:
            result = service(**arguments)
        except LifecycleError:
            OUTCOMES[name, "refused"] += 1
            assert self.history_rows() == before, f"{name} refused, yet wrote history"
            return None
        OUTCOMES[name, "done"] += 1
        return result

    # -- the one rule: a step of some procedure ------------------------------------------------

    @rule(data=st.data())
    def step(self, data):
        """Take a step of some procedure, among those this example has taken least so far.

        One rule that draws the step, rather than a rule per step: hypothesis' own choice of rules
        favours a few of them so strongly that in a run of this size some steps would hardly ever be
        taken. Which step, in which order, by whom and on what is still all hypothesis' to draw.
        """
        possible = [name for name, (_, _, when) in ACTIONS.items() if when is None or when(self)]
        fewest = min(self.taken[name] for name in possible)
        candidates = [name for name in possible if self.taken[name] <= fewest + 1]
        # A step no example has got through yet goes first half the time: with holds in both directions
        # (an open inventory holds every copy) some steps are possible only in short stretches of a run.
        untried = [name for name in candidates if not OUTCOMES[name, "done"]]
        if untried and data.draw(st.booleans(), label="untried first"):
            candidates = untried
        name = data.draw(st.sampled_from(candidates), label="step")
        self.taken[name] += 1
        method, strategies, _ = ACTIONS[name]
        method(self, **{argument: data.draw(strategy, label=argument) for argument, strategy in strategies.items()})

    # -- circulation ---------------------------------------------------------------------------

    @action(
        copy=PICK,
        fitting=FITTING,
        readers=st.lists(pool(*READERS, *PEOPLE, *READERS), min_size=1, max_size=3),
        only_in_scope=pool(True, False, True),
        by=actor(*CLERKS),
        reason=REASON,
    )
    def propose_circulation(self, copy, fitting, readers, only_in_scope, by, reason):
        copy = self.copy_at(copy, fitting)
        readers = [self.person(name) for name in readers]
        if only_in_scope:
            # Most lists a clerk proposes name people who may read the document; some do not.
            readers = [reader for reader in readers if visible_documents(reader).filter(pk=copy.document_id).exists()] or [
                self.people["reader"]
            ]
        self.attempt(
            "propose_circulation", circulation.propose_circulation,
            copy=copy, readers=readers, by=self.person(by), then=self.people_for(CLERKS), reason=reason,
        )

    @action(
        when=exists("circulations", CirculationStatus.PROPOSED),
        which=PICK,
        fitting=FITTING,
        by=actor(*LEADERS),
        reason=REASON,
        readers=st.none() | st.lists(pool(*PEOPLE), min_size=1, max_size=3),
    )
    def approve_circulation(self, which, fitting, by, reason, readers):
        self.attempt(
            "approve_circulation", circulation.approve_circulation,
            circulation=Circulation.objects.get(pk=self.target("circulations", which, fitting, CirculationStatus.PROPOSED)),
            by=self.person(by), then=self.people_for(LEADERS), reason=reason,
            readers=None if readers is None else self.people_for(readers),
        )

    @action(when=exists("circulations", CirculationStatus.PROPOSED), which=PICK, fitting=FITTING, by=actor(*LEADERS),
            reason=REASON)
    def reject_circulation(self, which, fitting, by, reason):
        self.attempt(
            "reject_circulation", circulation.reject_circulation,
            circulation=Circulation.objects.get(pk=self.target("circulations", which, fitting, CirculationStatus.PROPOSED)),
            by=self.person(by), then=self.people_for(LEADERS), reason=reason,
        )

    @action(when=exists("circulations", CirculationStatus.APPROVED, BACK), which=PICK, fitting=FITTING,
            by=actor(*CLERKS), reason=REASON)
    def hand_out(self, which, fitting, by, reason):
        pk = self.target("circulations", which, fitting, CirculationStatus.APPROVED, BACK)
        self.attempt(
            "hand_out", circulation.hand_out,
            circulation=Circulation.objects.get(pk=pk), by=self.person(by), then=self.people_for(CLERKS), reason=reason,
        )

    @action(when=exists("circulations", WITH_READER), which=PICK, fitting=FITTING,
            by=actor(HOLDER, HOLDER, *READERS), reason=REASON, comment=pool("", "Agreed"))
    def mark_read(self, which, fitting, by, reason, comment):
        chosen = Circulation.objects.select_related("copy__holder").get(
            pk=self.target("circulations", which, fitting, WITH_READER)
        )
        self.attempt(
            "mark_read", circulation.mark_read, circulation=chosen,
            by=self.person(by, copy=chosen.copy), then=self.people_for([HOLDER], copy=chosen.copy),
            reason=reason, comment=comment,
        )

    @action(when=exists("circulations", WITH_READER), which=PICK, fitting=FITTING, by=actor(*CLERKS), reason=REASON)
    def take_back(self, which, fitting, by, reason):
        pk = self.target("circulations", which, fitting, WITH_READER)
        self.attempt(
            "take_back", circulation.take_back,
            circulation=Circulation.objects.get(pk=pk), by=self.person(by), then=self.people_for(CLERKS), reason=reason,
        )

    @action(when=exists("circulations", CirculationStatus.PROPOSED, CirculationStatus.APPROVED, BACK), which=PICK,
            fitting=FITTING, by=actor(*CLERKS, *LEADERS), reason=REASON)
    def cancel_circulation(self, which, fitting, by, reason):
        pk = self.target("circulations", which, fitting, CirculationStatus.PROPOSED, CirculationStatus.APPROVED, BACK)
        self.attempt(
            "cancel_circulation", circulation.cancel_circulation,
            circulation=Circulation.objects.get(pk=pk), by=self.person(by), then=self.people_for(CLERKS), reason=reason,
        )

    # -- borrowing -----------------------------------------------------------------------------

    @action(
        copy=PICK,
        fitting=FITTING,
        borrower=actor(*READERS, "outsider"),
        by=pool(BORROWER, BORROWER, *PEOPLE, *CLERKS, BORROWER),
        mode=pool(*LoanMode.values),
        due_in=pool(0, 1, 3, -1, 7, 10, 0),
        letter=st.booleans(),
    )
    def request_loan(self, copy, fitting, borrower, by, mode, due_in, letter):
        borrower = self.person(borrower)
        outside = {}
        if letter:
            outside = {
                "outside_unit": "Finance Division", "letter_issuing_unit": "Finance Division",
                "letter_number": "JS-2026-4", "identity_document_type": "work_pass", "identity_document_number": "F-118",
            }
        self.attempt(
            "request_loan", borrowing.request_loan,
            copy=self.copy_at(copy, fitting), borrower=borrower,
            by=self.person(by, borrower=borrower), then=[borrower],
            purpose="Preparing the quarterly report", mode=mode,
            due_on=timezone.localdate() + datetime.timedelta(days=due_in), **outside,
        )

    @action(when=exists("loans", LoanStatus.REQUESTED), which=PICK, fitting=FITTING, by=actor(*LEADERS), reason=REASON)
    def approve_loan(self, which, fitting, by, reason):
        self.attempt(
            "approve_loan", borrowing.approve_loan,
            loan=Loan.objects.get(pk=self.target("loans", which, fitting, LoanStatus.REQUESTED)),
            by=self.person(by), then=self.people_for(LEADERS), reason=reason,
        )

    @action(when=exists("loans", LoanStatus.REQUESTED), which=PICK, fitting=FITTING, by=actor(*LEADERS), reason=REASON)
    def reject_loan(self, which, fitting, by, reason):
        self.attempt(
            "reject_loan", borrowing.reject_loan,
            loan=Loan.objects.get(pk=self.target("loans", which, fitting, LoanStatus.REQUESTED)),
            by=self.person(by), then=self.people_for(LEADERS), reason=reason,
        )

    @action(when=exists("loans", LoanStatus.REQUESTED, LoanStatus.APPROVED), which=PICK, fitting=FITTING,
            by=pool(BORROWER, *PEOPLE, BORROWER), reason=REASON)
    def cancel_loan(self, which, fitting, by, reason):
        loan = Loan.objects.select_related("borrower").get(
            pk=self.target("loans", which, fitting, LoanStatus.REQUESTED, LoanStatus.APPROVED)
        )
        self.attempt(
            "cancel_loan", borrowing.cancel_loan,
            loan=loan, by=self.person(by, borrower=loan.borrower), then=[loan.borrower], reason=reason,
        )

    @action(when=exists("loans", LoanStatus.APPROVED), which=PICK, fitting=FITTING, by=actor(*CLERKS), reason=REASON)
    def hand_out_loan(self, which, fitting, by, reason):
        self.attempt(
            "hand_out_loan", borrowing.hand_out_loan,
            loan=Loan.objects.get(pk=self.target("loans", which, fitting, LoanStatus.APPROVED)),
            by=self.person(by), then=self.people_for(CLERKS), reason=reason,
        )

    @action(when=exists("loans", LoanStatus.OUT), which=PICK, fitting=FITTING, by=actor(*CLERKS), reason=REASON,
            complete=pool(True, False, True), discrepancy=pool("", "Page 7 is missing", ""))
    def return_loan(self, which, fitting, by, reason, complete, discrepancy):
        self.attempt(
            "return_loan", borrowing.return_loan,
            loan=Loan.objects.get(pk=self.target("loans", which, fitting, LoanStatus.OUT)),
            by=self.person(by), then=self.people_for(CLERKS), reason=reason,
            pages_complete=complete, attachments_complete=True, discrepancy=discrepancy,
        )

    # -- copying -------------------------------------------------------------------------------

    @action(
        copy=PICK,
        fitting=FITTING,
        kind=pool(*ReproductionKind.values),
        count=pool(1, 0, 2, 1),
        by=actor(*CLERKS),
        reason=REASON,
        originating_approval=pool("Provincial Office approval 2026-31", "", "Provincial Office approval 2026-31"),
    )
    def request_reproduction(self, copy, fitting, kind, count, by, reason, originating_approval):
        self.attempt(
            "request_reproduction", copying.request_reproduction,
            source_copy=self.copy_at(copy, fitting), kind=kind, count=count,
            by=self.person(by), then=self.people_for(CLERKS), reason=reason, originating_approval=originating_approval,
        )

    @action(when=exists("reproductions", ReproductionStatus.REQUESTED), which=PICK, fitting=FITTING,
            by=actor(*LEADERS), reason=REASON)
    def approve_reproduction(self, which, fitting, by, reason):
        self.attempt(
            "approve_reproduction", copying.approve_reproduction,
            request=ReproductionRequest.objects.get(
                pk=self.target("reproductions", which, fitting, ReproductionStatus.REQUESTED)
            ),
            by=self.person(by), then=self.people_for(LEADERS), reason=reason, step_up=True,
        )

    @action(when=exists("reproductions", ReproductionStatus.REQUESTED), which=PICK, fitting=FITTING,
            by=actor(*LEADERS), reason=REASON)
    def reject_reproduction(self, which, fitting, by, reason):
        self.attempt(
            "reject_reproduction", copying.reject_reproduction,
            request=ReproductionRequest.objects.get(
                pk=self.target("reproductions", which, fitting, ReproductionStatus.REQUESTED)
            ),
            by=self.person(by), then=self.people_for(LEADERS), reason=reason,
        )

    @action(when=exists("reproductions", ReproductionStatus.APPROVED), which=PICK, fitting=FITTING,
            by=actor(*CLERKS), reason=REASON)
    def execute_reproduction(self, which, fitting, by, reason):
        self.attempt(
            "execute_reproduction", copying.execute_reproduction,
            request=ReproductionRequest.objects.get(
                pk=self.target("reproductions", which, fitting, ReproductionStatus.APPROVED)
            ),
            by=self.person(by), then=self.people_for(CLERKS), reason=reason,
        )

    # -- recovery to issuer --------------------------------------------------------------------

    @action(copies=COPIES, fitting=FITTING, by=actor(*CLERKS), reason=REASON)
    def recover_copies(self, copies, fitting, by, reason):
        self.attempt(
            "recover_copies", recovery.recover_copies,
            copies=self.copies_at(copies, fitting), issuing_organ="Provincial Party Committee Office",
            receipt_reference="QT-2026-12", by=self.person(by), then=self.people_for(CLERKS), reason=reason,
        )

    # -- destruction ---------------------------------------------------------------------------

    @action(registry=pool(0, 0, 1, 0), copies=COPIES, fitting=FITTING, by=actor(*CLERKS), reason=REASON)
    def prepare_destruction_list(self, registry, copies, fitting, by, reason):
        self.attempt(
            "prepare_destruction_list", destruction.prepare_destruction_list,
            registry=self.office.registries[registry], copies=self.copies_at(copies, fitting),
            by=self.person(by), then=self.people_for(CLERKS), reason=reason,
        )

    @action(when=exists("lists", DestructionStatus.DRAFT), which=PICK, fitting=FITTING, copies=COPIES,
            by=actor(*CLERKS), reason=REASON)
    def add_to_destruction_list(self, which, fitting, copies, by, reason):
        self.attempt(
            "add_to_destruction_list", destruction.add_to_destruction_list,
            dlist=DestructionList.objects.get(pk=self.target("lists", which, fitting, DestructionStatus.DRAFT)),
            copies=self.copies_at(copies), by=self.person(by), then=self.people_for(CLERKS), reason=reason,
        )

    @action(when=exists("lists", DestructionStatus.DRAFT), which=PICK, fitting=FITTING, copies=COPIES,
            by=actor(*CLERKS), reason=REASON)
    def remove_from_destruction_list(self, which, fitting, copies, by, reason):
        dlist = DestructionList.objects.get(pk=self.target("lists", which, fitting, DestructionStatus.DRAFT))
        # Mostly copies on the list; when it is empty, any copy (which the service refuses).
        on_list = list(dlist.items.values_list("copy_id", flat=True)) or [self.copy_at(copies[0]).pk]
        self.attempt(
            "remove_from_destruction_list", destruction.remove_from_destruction_list,
            dlist=dlist, copies=[on_list[index % len(on_list)] for index in copies],
            by=self.person(by), then=self.people_for(CLERKS), reason=reason,
        )

    @action(when=exists("lists", DestructionStatus.DRAFT), which=PICK, fitting=FITTING, by=actor(*CLERKS),
            reason=REASON)
    def submit_destruction_list(self, which, fitting, by, reason):
        self.attempt(
            "submit_destruction_list", destruction.submit_destruction_list,
            dlist=DestructionList.objects.get(pk=self.target("lists", which, fitting, DestructionStatus.DRAFT)),
            by=self.person(by), then=self.people_for(CLERKS), reason=reason,
        )

    @action(when=exists("lists", DestructionStatus.SUBMITTED), which=PICK, fitting=FITTING, by=actor(*LEADERS),
            reason=REASON)
    def approve_destruction_list(self, which, fitting, by, reason):
        self.attempt(
            "approve_destruction_list", destruction.approve_destruction_list,
            dlist=DestructionList.objects.get(pk=self.target("lists", which, fitting, DestructionStatus.SUBMITTED)),
            by=self.person(by), then=self.people_for(LEADERS), reason=reason, step_up=True,
        )

    @action(when=exists("lists", DestructionStatus.SUBMITTED, DestructionStatus.APPROVED), which=PICK,
            fitting=FITTING, by=actor(*LEADERS), reason=REASON)
    def reject_destruction_list(self, which, fitting, by, reason):
        pk = self.target("lists", which, fitting, DestructionStatus.SUBMITTED, DestructionStatus.APPROVED)
        self.attempt(
            "reject_destruction_list", destruction.reject_destruction_list,
            dlist=DestructionList.objects.get(pk=pk), by=self.person(by), then=self.people_for(LEADERS), reason=reason,
        )

    @action(
        when=exists("lists", DestructionStatus.APPROVED),
        which=PICK,
        fitting=FITTING,
        by=actor(*CLERKS),
        witness_1=pool(*PEOPLE),
        witness_2=pool(*reversed(PEOPLE)),
        method=pool(DestructionMethod.SHREDDING, "", *DestructionMethod.values),
        reason=REASON,
    )
    def execute_destruction_list(self, which, fitting, by, witness_1, witness_2, method, reason):
        self.attempt(
            "execute_destruction_list", destruction.execute_destruction_list,
            dlist=DestructionList.objects.get(pk=self.target("lists", which, fitting, DestructionStatus.APPROVED)),
            by=self.person(by), then=self.people_for(CLERKS), executed_on=timezone.localdate(),
            place="Shredding room B-104", method=method, witness_1=self.person(witness_1),
            witness_2=self.person(witness_2), reason=reason,
            witness_proofs=[proved(self.person(witness_1)), proved(self.person(witness_2))],
        )

    # -- loss ----------------------------------------------------------------------------------

    @action(
        copy=PICK,
        fitting=FITTING,
        by=actor(HOLDER, *CLERKS),
        reason=REASON,
        circumstances=pool("Not in the safe at the evening check", "", "Not in the safe at the evening check"),
    )
    def report_loss(self, copy, fitting, by, reason, circumstances):
        copy = self.copy_at(copy, fitting, statuses=(FREE, CopyStatus.IN_REGISTRY, *HELD_BY_PERSON))
        self.attempt(
            "report_loss", loss.report_loss,
            copy=copy, by=self.person(by, copy=copy), then=self.people_for(CLERKS), reason=reason,
            circumstances=circumstances,
        )

    @action(when=exists("incidents", IncidentStatus.OPEN), which=PICK, fitting=FITTING, by=actor(*CLERKS, *LEADERS),
            reason=REASON)
    def record_follow_up(self, which, fitting, by, reason):
        self.attempt(
            "record_follow_up", loss.record_follow_up,
            incident=Incident.objects.get(pk=self.target("incidents", which, fitting, IncidentStatus.OPEN)),
            by=self.person(by), then=self.people_for(CLERKS), reason=reason, action="Searched the office",
        )

    @action(when=exists("incidents", IncidentStatus.OPEN), which=PICK, fitting=FITTING, by=actor(*LEADERS),
            reason=REASON)
    def close_incident(self, which, fitting, by, reason):
        self.attempt(
            "close_incident", loss.close_incident,
            incident=Incident.objects.get(pk=self.target("incidents", which, fitting, IncidentStatus.OPEN)),
            by=self.person(by), then=self.people_for(LEADERS), reason=reason,
            closing_note="Not found; reported to the secrecy bureau",
        )

    # -- declassification and change -----------------------------------------------------------

    @action(
        document=pool(0, 1, 2, 3, 0, 1, 2),
        kind=pool(*DecisionKind.values),
        by=actor(*LEADERS),
        new_level=st.none() | pool(*Level.values),
        new_period_years=st.none() | pool(25, 0, 35, 5, 15),
    )
    def decide(self, document, kind, by, new_level, new_period_years):
        self.attempt(
            "decide", declassification.decide,
            document=self.office.documents[document], kind=kind, by=self.person(by), then=self.people_for(LEADERS),
            basis="Annual review of secrecy periods", new_level=new_level, new_period_years=new_period_years,
            step_up=True,
        )

    # -- inventory -----------------------------------------------------------------------------

    # One inventory at a time: an open one holds every copy against destruction and recovery.
    @action(when=lambda self: not exists("inventories", InventoryStatus.OPEN, COUNTING)(self),
            registry=pool(0, 0, 1, 0), by=actor(*CLERKS), reason=REASON)
    def open_inventory(self, registry, by, reason):
        self.attempt(
            "open_inventory", inventory.open_inventory,
            registry=self.office.registries[registry], by=self.person(by), then=self.people_for(CLERKS), reason=reason,
        )

    @action(when=exists("inventories", InventoryStatus.OPEN, COUNTING), which=PICK, fitting=FITTING, copy=PICK,
            by=actor(*CLERKS))
    def mark_seen(self, which, fitting, copy, by):
        pk = self.target("inventories", which, fitting, InventoryStatus.OPEN, COUNTING)
        copy = self.copy_at(copy, fitting, statuses=(FREE, CopyStatus.IN_REGISTRY, *HELD_BY_PERSON))
        self.attempt(
            "mark_seen", inventory.mark_seen,
            inventory=Inventory.objects.get(pk=pk), code=copy.label, by=self.person(by), then=self.people_for(CLERKS),
        )

    @action(
        when=exists("inventories", InventoryStatus.OPEN, COUNTING),
        which=PICK,
        fitting=FITTING,
        item=PICK,
        result=pool(ItemResult.SEEN, *ItemResult.values, ItemResult.MISSING),
        by=actor(*CLERKS),
        reason=REASON,
        found_holder=st.none() | pool(*PEOPLE),
    )
    def record_problem(self, which, fitting, item, result, by, reason, found_holder):
        chosen = self.target("inventories", which, fitting, InventoryStatus.OPEN, COUNTING)
        items = list(InventoryItem.objects.filter(inventory_id=chosen).order_by("pk"))
        if items:
            self.attempt(
                "record_problem", inventory.record_problem,
                item=items[item % len(items)], result=result, by=self.person(by), then=self.people_for(CLERKS),
                reason=reason, found_holder=None if found_holder is None else self.person(found_holder), note="",
            )

    @action(when=exists("inventories", COUNTING), which=PICK, fitting=FITTING, by=actor(*CLERKS), reason=REASON)
    def close_inventory(self, which, fitting, by, reason):
        self.attempt(
            "close_inventory", inventory.close_inventory,
            inventory=Inventory.objects.get(pk=self.target("inventories", which, fitting, COUNTING)),
            by=self.person(by), then=self.people_for(CLERKS), reason=reason,
        )

    @action(when=exists("inventories", InventoryStatus.CLOSED), which=PICK, fitting=FITTING, by=actor("inspector"))
    def sign_off(self, which, fitting, by):
        self.attempt(
            "sign_off", inventory.sign_off,
            inventory=Inventory.objects.get(pk=self.target("inventories", which, fitting, InventoryStatus.CLOSED)),
            by=self.person(by), then=self.people_for(["inspector"]), note="Checked against the ledger",
        )

    # -- what must hold after every step, read afresh from the database ------------------------

    @invariant()
    def the_database_holds_no_illegal_state(self):
        self.state = state = self.read_state()
        self.check_end_of_life_is_final(state)
        self.check_holders(state)
        self.check_circulations_and_loans(state)
        self.check_end_of_life_records(state)
        self.check_copy_numbers(state)
        self.check_copy_history(state)
        self.check_separation_of_duties(state)
        self.check_roles(state)

    def read_state(self):
        """One read of everything the checks (and the next step's choices) need: a dozen queries."""
        office = self.office
        s = SimpleNamespace()
        s.copies = list(
            Copy.objects.filter(document_id__in=office.document_ids)
            .order_by("pk")
            .values("pk", "document_id", "number", "status", "holder_id", "held_since")
        )
        ids = [copy["pk"] for copy in s.copies]
        s.copy_rows = [(copy["pk"], copy["status"]) for copy in s.copies]
        s.history = list(Copy.history.filter(id__in=ids).values_list("id", "history_change_reason", "history_user_id"))
        s.circulation = {
            row["pk"]: row
            for row in Circulation.objects.filter(copy_id__in=ids).order_by("pk").values(
                "pk", "copy_id", "status", "proposed_by_id", "decided_by_id"
            )
        }
        s.circulations = [(pk, row["status"]) for pk, row in s.circulation.items()]
        s.entries = list(
            CirculationEntry.objects.filter(circulation_id__in=list(s.circulation)).values(
                "circulation_id", "reader_id", "handed_out_at", "returned_at", "handed_out_by_id", "received_by_id"
            )
        )
        s.loan = list(
            Loan.objects.filter(copy_id__in=ids).order_by("pk").values(
                "pk", "copy_id", "status", "borrower_id", "requested_by_id", "approved_by_id", "handed_out_by_id",
                "received_by_id",
            )
        )
        s.loans = [(row["pk"], row["status"]) for row in s.loan]
        s.list = {
            row["pk"]: row
            for row in DestructionList.objects.filter(registry__in=office.registries).order_by("pk").values(
                "pk", "registry_id", "status", "prepared_by_id", "approved_by_id", "rejected_by_id", "executed_by_id",
                "witness_1_id", "witness_2_id",
            )
        }
        s.lists = [(pk, row["status"]) for pk, row in s.list.items()]
        s.list_items = list(DestructionItem.objects.filter(list_id__in=list(s.list)).values_list("list_id", "copy_id"))
        s.recovered = list(RecoveryItem.objects.filter(copy_id__in=ids).values_list("copy_id", flat=True))
        s.incident = list(
            Incident.objects.filter(copy_id__in=ids).order_by("pk").values(
                "pk", "copy_id", "status", "reported_by_id", "closed_by_id"
            )
        )
        s.incidents = [(row["pk"], row["status"]) for row in s.incident]
        s.reproduction = list(
            ReproductionRequest.objects.filter(source_copy_id__in=ids).order_by("pk").values(
                "pk", "source_copy_id", "status", "requested_by_id", "approved_by_id", "executed_by_id"
            )
        )
        s.reproductions = [(row["pk"], row["status"]) for row in s.reproduction]
        counting = set(
            InventoryItem.objects.filter(inventory__registry__in=office.registries, inventory__status=InventoryStatus.OPEN)
            .exclude(result=ItemResult.PENDING)
            .values_list("inventory_id", flat=True)
        )
        inventories = Inventory.objects.filter(registry__in=office.registries).order_by("pk")
        s.inventories = [
            (pk, COUNTING if pk in counting else status) for pk, status in inventories.values_list("pk", "status")
        ]
        s.copies_count = dict(Document.objects.filter(pk__in=office.document_ids).values_list("pk", "copies_count"))
        # Our copies in the registry that nothing holds: the ones a step that starts something would mostly pick.
        theirs = {copy["pk"] for copy in s.copies if copy["document_id"] not in office.our_document_ids}
        held = {row["copy_id"] for row in s.circulation.values() if row["status"] in ACTIVE_STATUSES}
        held |= {row["copy_id"] for row in s.loan if row["status"] in OPEN_LOAN_STATUSES}
        held |= {copy_id for list_id, copy_id in s.list_items if s.list[list_id]["status"] in DESTRUCTION_OPEN}
        # A copying request waiting on its source holds it from leaving for good (services/holds.py).
        held |= {
            row["source_copy_id"] for row in s.reproduction
            if row["status"] in (ReproductionStatus.REQUESTED, ReproductionStatus.APPROVED)
        }
        # An open inventory holds every copy it counts: nothing starts on them until it is closed.
        held |= set(
            InventoryItem.objects.filter(copy_id__in=ids, inventory__status=InventoryStatus.OPEN).values_list(
                "copy_id", flat=True
            )
        )
        s.on_open_list = {copy_id for list_id, copy_id in s.list_items if s.list[list_id]["status"] in DESTRUCTION_OPEN}
        s.copy_rows = [
            (pk, THEIRS if pk in theirs else FREE if status == CopyStatus.IN_REGISTRY and pk not in held else status)
            for pk, status in s.copy_rows
        ]
        out = {entry["circulation_id"] for entry in s.entries if entry["handed_out_at"] and not entry["returned_at"]}
        s.circulations = [
            (pk, (WITH_READER if pk in out else BACK) if status == CirculationStatus.IN_PROGRESS else status)
            for pk, status in s.circulations
        ]
        return s

    def check_end_of_life_is_final(self, s):
        """Destroyed, returned to issuer, lost: from the first time seen there, neither status nor history moves."""
        rows = Counter(copy_id for copy_id, _, _ in s.history)
        for copy in s.copies:
            now = (copy["status"], rows[copy["pk"]])
            if copy["pk"] in self.ended:
                assert now == self.ended[copy["pk"]], f"copy {copy['pk']} was {self.ended[copy['pk']]}, is now {now}"
            elif copy["status"] in TERMINAL:
                self.ended[copy["pk"]] = now

    def check_holders(self, s):
        """A holder exactly when out or on loan, and only someone who may know the document."""
        for copy in s.copies:
            held = copy["status"] in HELD_BY_PERSON
            assert (copy["holder_id"] is not None) == held, f"copy {copy}"
            assert (copy["held_since"] is not None) == held, f"copy {copy}"
            if held:
                holder = self.office.people_by_pk[copy["holder_id"]]
                assert visible_documents(holder).filter(pk=copy["document_id"]).exists(), (
                    f"{holder} holds copy {copy['pk']} outside the document's knowledge scope"
                )

    def check_circulations_and_loans(self, s):
        """One list under way and one open loan per copy; the holder is the one reader or borrower who has it."""
        active = Counter(row["copy_id"] for row in s.circulation.values() if row["status"] in ACTIVE_STATUSES)
        open_loans = Counter(row["copy_id"] for row in s.loan if row["status"] in OPEN_LOAN_STATUSES)
        with_reader = defaultdict(list)
        for entry in s.entries:
            if entry["handed_out_at"] is not None and entry["returned_at"] is None:
                round_ = s.circulation[entry["circulation_id"]]
                with_reader[round_["copy_id"]].append((entry["reader_id"], round_["status"]))
        lent = defaultdict(list)
        for loan in s.loan:
            if loan["status"] == LoanStatus.OUT:
                lent[loan["copy_id"]].append(loan["borrower_id"])
        for copy in s.copies:
            pk, status, holder = copy["pk"], copy["status"], copy["holder_id"]
            assert active[pk] <= 1, f"copy {pk} has {active[pk]} circulations under way"
            assert open_loans[pk] <= 1, f"copy {pk} has {open_loans[pk]} open loans"
            if status == CopyStatus.OUT:
                assert with_reader[pk] == [(holder, CirculationStatus.IN_PROGRESS)], (
                    f"copy {pk} is out with {holder}; readers who have it: {with_reader[pk]}"
                )
            elif status == CopyStatus.LOST:
                # Lost while out: the entry keeps no return, for the copy never came back; the round was stopped.
                assert len(with_reader[pk]) <= 1, f"copy {pk} lost; readers who have it: {with_reader[pk]}"
                assert all(round_ == CirculationStatus.CANCELLED for _, round_ in with_reader[pk])
            else:
                assert not with_reader[pk], f"copy {pk} is {status}, yet a reader has it: {with_reader[pk]}"
            if status == CopyStatus.ON_LOAN:
                assert lent[pk] == [holder], f"copy {pk} is on loan to {holder}; loans out: {lent[pk]}"
            else:
                assert not lent[pk], f"copy {pk} is {status}, yet out on loan to {lent[pk]}"
            if pk in s.on_open_list:
                # Blockers both ways: a copy waiting to be destroyed is neither out nor lent, nor asked for.
                assert status not in HELD_BY_PERSON, f"copy {pk} is on an open destruction list, yet {status}"
                assert not open_loans[pk], f"copy {pk} is on an open destruction list, yet has an open loan"
            if status in TERMINAL:
                assert not open_loans[pk], f"copy {pk} is {status}, yet has an open loan"
                assert not active[pk], f"copy {pk} is {status}, yet has a circulation under way"

    def check_end_of_life_records(self, s):
        """Each end of life is backed by its record: one executed list, one recovery, one incident."""
        by_status = defaultdict(list)
        for copy in s.copies:
            by_status[copy["status"]].append(copy["pk"])
        executed = [copy_id for list_id, copy_id in s.list_items if s.list[list_id]["status"] == DestructionStatus.EXECUTED]
        assert set(executed) <= set(by_status[CopyStatus.DESTROYED]), "an executed list left a copy undestroyed"
        assert sorted(executed) == sorted(by_status[CopyStatus.DESTROYED]), "a copy destroyed outside one executed list"
        assert sorted(s.recovered) == sorted(by_status[CopyStatus.RETURNED_TO_ISSUER])
        assert sorted(row["copy_id"] for row in s.incident) == sorted(by_status[CopyStatus.LOST])

    def check_copy_numbers(self, s):
        """Copy numbers of a document run 1..n, reproductions included, and n is the document's count."""
        numbers = defaultdict(list)
        for copy in s.copies:
            numbers[copy["document_id"]].append(copy["number"])
        for document_id, count in s.copies_count.items():
            assert sorted(numbers[document_id]) == list(range(1, count + 1)), (
                f"document {document_id}: copy numbers {sorted(numbers[document_id])}, copies counted {count}"
            )

    def check_copy_history(self, s):
        unexplained = [row for row in s.history if not (row[1] or "").strip() or row[2] is None]
        assert not unexplained, f"copy history rows without a reason or an actor: {unexplained}"

    def check_separation_of_duties(self, s):
        broken = []
        for row in s.circulation.values():
            if row["decided_by_id"] is not None and row["decided_by_id"] == row["proposed_by_id"]:
                broken.append(("circulation decided by its proposer", row))
        for entry in s.entries:
            if entry["reader_id"] in (entry["handed_out_by_id"], entry["received_by_id"]):
                broken.append(("a reader handed the copy to themselves", entry))
        for loan in s.loan:
            if loan["approved_by_id"] is not None and loan["approved_by_id"] in (loan["requested_by_id"], loan["borrower_id"]):
                broken.append(("loan decided by whoever asked", loan))
            if loan["borrower_id"] in (loan["handed_out_by_id"], loan["received_by_id"]):
                broken.append(("a borrower handed the copy to themselves", loan))
        for row in s.list.values():
            if row["approved_by_id"] is not None and row["approved_by_id"] == row["prepared_by_id"]:
                broken.append(("destruction list approved by its preparer", row))
            if row["status"] == DestructionStatus.EXECUTED and (
                row["witness_1_id"] == row["witness_2_id"] or row["executed_by_id"] == row["approved_by_id"]
            ):
                broken.append(("destruction without two witnesses, or carried out by its approver", row))
        for row in s.reproduction:
            if row["approved_by_id"] is not None and row["approved_by_id"] == row["requested_by_id"]:
                broken.append(("copying approved by its requester", row))
            if row["executed_by_id"] is not None and row["executed_by_id"] == row["approved_by_id"]:
                broken.append(("copies made by the leader who approved them", row))
        for row in s.incident:
            if row["closed_by_id"] is not None and row["closed_by_id"] == row["reported_by_id"]:
                broken.append(("incident closed by its reporter", row))
        assert not broken, broken

    def check_roles(self, s):
        """Whatever was done was done by someone whose role in the copy's unit allows it."""
        office, people = self.office, self.office.people
        ours, theirs = (registry.pk for registry in office.registries)
        clerks = {ours: {people[name].pk for name in CLERKS}, theirs: {people["outside_clerk"].pk}}
        leaders = {ours: {people[name].pk for name in LEADERS}, theirs: set()}
        registry_of_copy = {copy["pk"]: office.registry_of_document[copy["document_id"]] for copy in s.copies}
        done = []  # (what, by whom, who may)

        def record(what, by, allowed):
            if by is not None and by not in allowed:
                done.append((what, office.people_by_pk[by].username))

        for row in s.circulation.values():
            registry = registry_of_copy[row["copy_id"]]
            record("proposed a circulation", row["proposed_by_id"], clerks[registry])
            record("decided on a circulation", row["decided_by_id"], leaders[registry])
        for entry in s.entries:
            registry = registry_of_copy[s.circulation[entry["circulation_id"]]["copy_id"]]
            record("handed out a copy", entry["handed_out_by_id"], clerks[registry])
            record("took a copy back", entry["received_by_id"], clerks[registry])
        for loan in s.loan:
            registry = registry_of_copy[loan["copy_id"]]
            record("asked for someone else's loan", loan["requested_by_id"], clerks[registry] | {loan["borrower_id"]})
            record("decided on a loan", loan["approved_by_id"], leaders[registry])
            record("lent a copy", loan["handed_out_by_id"], clerks[registry])
            record("took a loan back", loan["received_by_id"], clerks[registry])
        for row in s.list.values():
            record("prepared a destruction list", row["prepared_by_id"], clerks[row["registry_id"]])
            record("approved a destruction list", row["approved_by_id"], leaders[row["registry_id"]])
            record("rejected a destruction list", row["rejected_by_id"], leaders[row["registry_id"]])
            record("carried out a destruction", row["executed_by_id"], clerks[row["registry_id"]])
        for row in s.reproduction:
            registry = registry_of_copy[row["source_copy_id"]]
            record("asked for copies", row["requested_by_id"], clerks[registry])
            record("decided on copying", row["approved_by_id"], leaders[registry])
            record("made copies", row["executed_by_id"], clerks[registry])
        for row in s.incident:
            record("closed a loss incident", row["closed_by_id"], leaders[registry_of_copy[row["copy_id"]]])
        assert not done, f"done by someone whose role does not allow it: {done}"


@pytest.mark.django_db
@pytest.mark.slow
def test_no_sequence_of_steps_by_anyone_reaches_an_illegal_state():
    Lifecycle.office = build_office()
    OUTCOMES.clear()
    run_state_machine_as_test(
        Lifecycle,
        settings=settings(
            max_examples=int(os.environ.get("LIFECYCLE_EXAMPLES", 25)),
            stateful_step_count=int(os.environ.get("LIFECYCLE_STEPS", 30)),
            deadline=None,
            derandomize=not os.environ.get("LIFECYCLE_RANDOM"),
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
    # A run in which a step never went through would prove nothing about the states after it.
    never_done = [name for name in SERVICES if not OUTCOMES[name, "done"]]
    assert not never_done, f"never went through: {never_done}; outcomes: {sorted(OUTCOMES.items())}"
