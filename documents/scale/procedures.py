"""The procedure records behind a generated copy history: circulations, loans, destructions, recoveries.

For every move the plan draws (documents.scale.plan.copy_life), the rows the
services would have left when the procedure completed, and their history
rows in the order the services write them: '+' when created, then one '~'
per step, each with the actor and the reason. The people and times are
those of the copy history: the document's clerk hands out and takes back,
a leader of its unit approves.
"""

import datetime
from operator import itemgetter
from zoneinfo import ZoneInfo

from documents.levels import Level
from documents.scale.plan import BACK_REASONS, DAY, FATE_REASONS, OUT_REASONS, circulation_proposed_at

UTC = datetime.timezone.utc
HISTORY = ("history_date", "history_change_reason", "history_type", "history_user_id")

CIRCULATION = ("id", "copy_id", "status", "proposed_by_id", "proposed_at", "decided_by_id", "decided_at",
               "decision_reason", "ended_at")  # fmt: skip
ENTRY = ("id", "circulation_id", "reader_id", "position", "handed_out_at", "handed_out_by_id", "read_at", "comment",
         "returned_at", "received_by_id")  # fmt: skip
LOAN = ("id", "copy_id", "borrower_id", "purpose", "mode", "due_on", "status", "outside_unit", "letter_issuing_unit",
        "letter_number", "identity_document_type", "identity_document_number", "requested_by_id", "requested_at",
        "approved_by_id", "decided_at", "decision_reason", "handed_out_by_id", "handed_out_at", "received_by_id",
        "returned_at", "pages_complete", "attachments_complete", "discrepancy")  # fmt: skip
DESTRUCTION = ("id", "registry_id", "status", "reason", "prepared_by_id", "prepared_at", "submitted_at",
               "approved_by_id", "rejected_by_id", "decided_at", "decision_reason", "executed_by_id", "executed_on",
               "executed_at", "place", "method", "witness_1_id", "witness_2_id")  # fmt: skip
DESTRUCTION_ITEM = ("id", "list_id", "copy_id", "is_open")
RECOVERY = ("id", "registry_id", "issuing_organ", "receipt_reference", "reason", "recovered_by_id", "recovered_at")
RECOVERY_ITEM = ("id", "recovery_id", "copy_id")

TABLES = (
    ("documents_circulation", CIRCULATION, "circulations"),
    ("documents_circulationentry", ENTRY, "circulation entries"),
    ("documents_loan", LOAN, "loans"),
    ("documents_destructionlist", DESTRUCTION, "destruction lists"),
    ("documents_destructionitem", DESTRUCTION_ITEM, "copies on destruction lists"),
    ("documents_recovery", RECOVERY, "recoveries to issuer"),
    ("documents_recoveryitem", RECOVERY_ITEM, "recovered copies"),
)
HISTORY_TABLES = tuple(table.replace("documents_", "documents_historical") for table, _c, _l in TABLES)

PROPOSED = "传阅单：拟定阅件人 Reading list proposed"
APPROVED = "领导批准传阅 Reading list approved"
READ = "已阅 Read"
PURPOSES = (
    "起草本单位贯彻落实意见 Drafting the unit's implementation plan",
    "专题会议准备 Preparing a meeting on the subject",
    "核对相关数据 Checking the figures",
    "工作参考 Reference for current work",
    "答复上级询问 Answering a query from above",
)
NO_APPROVAL = "No leader's approval needed under the loan policy."
LOAN_APPROVED = "同意借阅 Approved"
DESTRUCTION_REASON = "保密期限届满，经清理鉴定无保存价值 Secrecy period over, no further use"
DESTRUCTION_SUBMITTED = "提交领导审批 Submitted for approval"
DESTRUCTION_APPROVED = "同意销毁 Destruction approved"
PLACES = {"paper": "机要室碎纸间 Registry shredding room", "other": "保密技术服务中心 Secrecy technical centre"}


def ts(seconds):
    return datetime.datetime.fromtimestamp(seconds, UTC) if seconds is not None else None


class _Table:
    """The current rows of one tracked table and their history rows, kept in the services' order."""

    def __init__(self, table, columns, label, first_id):
        self.table, self.columns, self.label = table, columns, label
        self.next_id = first_id
        self.rows = []
        self.history = []  # (time, order, row, reason, kind, user)

    def new_id(self):
        self.next_id += 1
        return self.next_id - 1

    def record(self, when, row, *, by, reason, kind="~"):
        self.history.append((when, len(self.history), row, reason, kind, by))

    def write(self, loader):
        loader.copy(self.table, self.columns, self.rows, total=len(self.rows), label=self.label)
        self.history.sort(key=itemgetter(0, 1))
        loader.copy(
            self.table.replace("documents_", "documents_historical"),
            self.columns + HISTORY,
            ((*row, ts(when), reason, kind, by) for when, _order, row, reason, kind, by in self.history),
            total=len(self.history),
            label=f"{self.label} history",
        )
        self.rows = self.history = None


class Procedures:
    """Collects the procedure rows while the loader walks the copies, then writes them with COPY."""

    def __init__(self, loader, plan, ids):
        self.plan, self.ids = plan, ids
        self.tz = ZoneInfo(plan.tz)
        self.tables = {table: _Table(table, columns, label, loader.next_id(table)) for table, columns, label in TABLES}
        self.members = {(ids.user(user), ids.unit(unit)) for user, unit, _role in self.plan.memberships}
        self._document = None

    def _local_date(self, seconds):
        return datetime.datetime.fromtimestamp(seconds, self.tz).date()

    # --- one document at a time -------------------------------------------------

    def begin_document(self, document):
        """Call before the document's copies; returns the copy-history reason of its fate (the list's or receipt's)."""
        unit = self.plan.units[document.unit]
        scope = set(document.scope_users)
        # A leader in the scope decides when there is one; the other leader is a witness.
        leaders = sorted(unit.leaders, key=lambda leader: leader not in scope)
        inspector = unit.members[len(unit.clerks) + 2]
        self._document = _DocumentAtHand(
            plan=document,
            clerk=self.ids.user(document.clerk),
            leader=self.ids.user(leaders[0]),
            witnesses=(self.ids.user(inspector), self.ids.user(leaders[-1] if len(leaders) > 1 else unit.members[-1])),
            unit=self.ids.unit(document.unit),
            registry=self.ids.registry(document.unit),
            registry_code=unit.registry_code,
            copies=[],
            last_move=document.created,
        )
        doc = self._document
        if document.fate == "destroyed":
            doc.fate_id = self.tables["documents_destructionlist"].new_id()
            return "Destroyed under destruction list %s-XH-%05d on %s: %s" % (
                unit.registry_code, doc.fate_id, self._local_date(document.fate_at).isoformat(), DESTRUCTION_REASON,
            )  # fmt: skip
        if document.fate == "returned_to_issuer":
            doc.fate_id = self.tables["documents_recovery"].new_id()
            doc.receipt = f"回执〔{self._local_date(document.fate_at).year}〕{doc.fate_id}号"
            return "Returned to %s, receipt %s (%s-QT-%05d): %s" % (
                document.organ, doc.receipt, unit.registry_code, doc.fate_id, FATE_REASONS["returned_to_issuer"],
            )  # fmt: skip
        return None

    def add_copy(self, copy_id, number, events):
        """The copy's circulation round and loans, from its Events (plan.copy_life)."""
        doc = self._document
        doc.copies.append(copy_id)
        round_, loan = [], None
        for event in events:
            if event.kind == "fate":
                continue
            doc.last_move = max(doc.last_move, event.time)
            if event.kind == "circulation":
                if event.holder is not None:
                    round_.append([self.ids.user(event.holder), event.time, None])
                else:
                    round_[-1][2] = event.time
            elif event.holder is not None:
                loan = [self.ids.user(event.holder), event.time, event.due_days, None]
            else:
                loan[3] = event.time
                self._loan(copy_id, *loan)
                loan = None
        if loan is not None:
            self._loan(copy_id, *loan)
        if round_:
            self._circulation(copy_id, number, round_)

    def end_document(self):
        doc = self._document
        if doc.plan.fate == "destroyed":
            self._destruction(doc)
        elif doc.plan.fate == "returned_to_issuer":
            self._recovery(doc)
        self._document = None

    # --- the procedures ---------------------------------------------------------

    def _circulation(self, copy_id, number, round_):
        doc = self._document
        circulations, entries = self.tables["documents_circulation"], self.tables["documents_circulationentry"]
        clerk, leader = doc.clerk, doc.leader
        cid = circulations.new_id()
        proposed = circulation_proposed_at(doc.plan, number)
        decided = proposed + 900
        head = (cid, copy_id)
        proposed_at = ts(proposed)

        def circulation(status, ended=None):
            decision = (leader, ts(decided), APPROVED) if status != "proposed" else (None, None, "")
            return (*head, status, clerk, proposed_at, *decision, ts(ended))

        circulations.record(proposed, circulation("proposed"), by=clerk, reason=PROPOSED, kind="+")
        states = []
        for position, (reader, _out, _back) in enumerate(round_, start=1):
            state = [entries.new_id(), cid, reader, position, None, None, None, "", None, None]
            entries.record(proposed, tuple(state), by=clerk, reason=PROPOSED, kind="+")
            states.append(state)
        circulations.record(decided, circulation("approved"), by=leader, reason=APPROVED)
        for position, ((reader, out, back), state) in enumerate(zip(round_, states), start=1):
            state[4:6] = ts(out), clerk
            entries.record(out, tuple(state), by=clerk, reason=OUT_REASONS["circulation"])
            if position == 1:
                circulations.record(out, circulation("in_progress"), by=clerk, reason=OUT_REASONS["circulation"])
            if back is None:
                break
            read = out + (back - out) // 2
            state[6] = ts(read)
            entries.record(read, tuple(state), by=reader, reason=READ)
            state[8:10] = ts(back), clerk
            entries.record(back, tuple(state), by=clerk, reason=BACK_REASONS["circulation"])
        done = round_[-1][2]
        if done is not None:
            final = circulation("completed", done)
            circulations.record(
                done, final, by=clerk, reason="Every reader has returned the copy: " + BACK_REASONS["circulation"]
            )
        else:
            final = circulation("in_progress")
        circulations.rows.append(final)
        entries.rows.extend(map(tuple, states))

    def _loan(self, copy_id, borrower, out, due_days, back):
        doc = self._document
        loans = self.tables["documents_loan"]
        loan_id = loans.new_id()
        level = doc.plan.level
        own_unit = (borrower, doc.unit) in self.members
        needs_approval = level in (Level.TOP_SECRET, Level.SECRET) or not own_unit
        mode = "reading_room" if due_days == 0 else "take_out"
        purpose = PURPOSES[loan_id % len(PURPOSES)]
        if own_unit:
            outside = ("", "", "", "", "")
        else:
            borrower_unit = self.plan.units[self.plan.user_unit[borrower - self.ids.user(0)]].name
            outside = (borrower_unit, borrower_unit, f"介绍信〔{self._local_date(out).year}〕{loan_id}号", "work_pass",
                       f"GZ{borrower:08d}")  # fmt: skip
        requested, decided = out - 1800, out - 900
        head = (loan_id, copy_id, borrower, purpose, mode, self._local_date(out) + datetime.timedelta(days=due_days))
        requested_at = ts(requested)

        def loan(status, *, approved=needs_approval, handed=False, returned=False):
            if needs_approval:
                decision = (doc.leader, ts(decided), LOAN_APPROVED) if approved else (None, None, "")
            else:
                decision = (None, requested_at, NO_APPROVAL)
            hand = (doc.clerk, ts(out)) if handed else (None, None)
            back_ = (doc.clerk, ts(back), True, True, "") if returned else (None, None, None, None, "")
            return (*head, status, *outside, borrower, requested_at, *decision, *hand, *back_)

        first = "requested" if needs_approval else "approved"
        loans.record(requested, loan(first, approved=False), by=borrower, reason=f"Loan requested: {purpose}", kind="+")
        if needs_approval:
            loans.record(decided, loan("approved"), by=doc.leader, reason=f"Loan approved: {LOAN_APPROVED}")
        row = loan("out", handed=True)
        loans.record(out, row, by=doc.clerk, reason=f"Copy handed out: {OUT_REASONS['loan']}")
        if back is not None:
            row = loan("returned", handed=True, returned=True)
            loans.record(back, row, by=doc.clerk, reason=f"Copy returned: {BACK_REASONS['loan']}")
        loans.rows.append(row)

    def _destruction(self, doc):
        lists, items = self.tables["documents_destructionlist"], self.tables["documents_destructionitem"]
        fate = doc.plan.fate_at
        # Prepared once every copy was back in the registry, executed at the fate's moment.
        gap = min(3 * DAY, fate - doc.last_move - 60)
        prepared, submitted, decided = fate - gap, fate - gap * 3 // 4, fate - gap // 2
        method = "shredding" if doc.plan.medium == "paper" else "physical"
        place = PLACES["paper" if doc.plan.medium == "paper" else "other"]
        head = (doc.fate_id, doc.registry)

        undecided, unexecuted = (None, None, None, ""), (None, None, None, "", "", None, None)
        approval = (doc.leader, None, ts(decided), DESTRUCTION_APPROVED)
        execution = (doc.clerk, self._local_date(fate), ts(fate), place, method, *doc.witnesses)

        def dlist(status, submitted_at=None):
            decision = approval if status in ("approved", "executed") else undecided
            executed = execution if status == "executed" else unexecuted
            return (*head, status, DESTRUCTION_REASON, doc.clerk, ts(prepared), ts(submitted_at), *decision, *executed)

        lists.record(prepared, dlist("draft"), by=doc.clerk, reason=DESTRUCTION_REASON, kind="+")
        item_ids = [items.new_id() for _ in doc.copies]
        for item_id, copy_id in zip(item_ids, doc.copies):
            items.record(prepared, (item_id, doc.fate_id, copy_id, True), by=doc.clerk, reason=DESTRUCTION_REASON, kind="+")
        lists.record(submitted, dlist("submitted", submitted), by=doc.clerk, reason=DESTRUCTION_SUBMITTED)
        lists.record(decided, dlist("approved", submitted), by=doc.leader, reason=DESTRUCTION_APPROVED)
        final = dlist("executed", submitted)
        lists.record(fate, final, by=doc.clerk, reason=FATE_REASONS["destroyed"])
        lists.rows.append(final)
        for item_id, copy_id in zip(item_ids, doc.copies):
            row = (item_id, doc.fate_id, copy_id, False)
            items.record(fate, row, by=doc.clerk, reason=FATE_REASONS["destroyed"])
            items.rows.append(row)

    def _recovery(self, doc):
        recoveries, items = self.tables["documents_recovery"], self.tables["documents_recoveryitem"]
        reason = FATE_REASONS["returned_to_issuer"]
        fate = doc.plan.fate_at
        row = (doc.fate_id, doc.registry, doc.plan.organ, doc.receipt, reason, doc.clerk, ts(fate))
        recoveries.record(fate, row, by=doc.clerk, reason=reason, kind="+")
        recoveries.rows.append(row)
        for copy_id in doc.copies:
            item = (items.new_id(), doc.fate_id, copy_id)
            items.record(fate, item, by=doc.clerk, reason=reason, kind="+")
            items.rows.append(item)

    def write(self, loader):
        loader.say("Procedure records (circulations, loans, destruction lists, recoveries)")
        for table in self.tables.values():
            table.write(loader)
        for table, _columns, _label in TABLES:
            loader.reset_sequence(table)


class _DocumentAtHand:
    """What the procedures of one document share: its people, registry, copies and fate record."""

    def __init__(self, **fields):
        self.fate_id = None
        self.receipt = ""
        self.__dict__.update(fields)
