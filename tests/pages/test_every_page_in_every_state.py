"""Every page of every role answers without a server error in every state the procedures reach.

Hypothesis takes random steps of every procedure through the services (the lifecycle state machine of
tests/documents/test_lifecycle_state_machine.py, with archive filing, the reading room and device
custody added), and after each step that went through, the clerk, the leader, the reader, the
inspector and the administrator ask for the pages: every page without an id, and every page of each
object the step touched (its copy, document, procedure, volume, device, holder), read from the URL
conf. The one-object prints (circulation slip, destruction certificate, history ledger, ...) are
asked for by POST, as their buttons do. Any answer of 500 or more fails, with the page, the person and
the traceback. The whole office as built, every page of one object in each state, is walked by
tests/pages/test_every_page_of_the_office.py: a file of its own, so that the two walks, minutes each,
run on two xdist workers side by side.

`HYPOTHESIS_PROFILE=nightly` runs many more and longer examples with real PDF layout (docs/testing.md).
"""

import datetime
import os
import time
from collections import Counter, defaultdict

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Model
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import invariant, rule, run_state_machine_as_test

from archives.models import Consultation, ConsultationKind, ConsultationStatus, ReadingRoomSession, Volume
from archives.services import consultation as consultations
from archives.services import filing, reading_room
from carriers import media_loans, open_computers, periodic_checks
from carriers import services as devices
from carriers.models import Device, DeviceStatus
from documents.levels import Level
from documents.models import (
    Circulation,
    Copy,
    CopyStatus,
    DestructionList,
    Document,
    Incident,
    Inventory,
    InventoryDeviceItem,
    InventoryItem,
    Loan,
    Recovery,
    RecoveryItem,
    ReproductionRequest,
)
from documents.services import destruction
from people.roles import Role
from tests.documents.test_lifecycle_state_machine import (
    ACTIONS,
    CLERKS,
    FITTING,
    LEADERS,
    PICK,
    READERS,
    REASON,
    Lifecycle,
    actor,
    build_office,
    pool,
)
from registers.services import disclosure, incidents, key_parts, organisation, rules
from review import services as review
from tests.factories import DocumentFactory, member, proved
from tests.pages import walk

ROLES = ("clerk", "leader", "reader", "inspector", "administrator")
PROFILES = {
    # Bounded for `make test`: the whole office walked once, then a few short runs of steps.
    "default": {"max_examples": 2, "stateful_step_count": 5, "real_pdfs": False},
    "nightly": {"max_examples": 40, "stateful_step_count": 30, "real_pdfs": True},
}
PROFILE = PROFILES[os.environ.get("HYPOTHESIS_PROFILE", "default")]
# After a step, a list page is asked again when it lists what the step touched: the pages under these
# prefixes list these kinds of rows (and their copies). A page without an id under no prefix here (home,
# the ledger, approvals, periods ending, ...) is asked after every step.
LISTS = {
    "loans/": {Loan},
    "circulations/": {Circulation},
    "copying/": {ReproductionRequest},
    "recoveries/": {Recovery},
    "destruction/": {DestructionList, Device},
    "inventories/": {Inventory, InventoryItem, InventoryDeviceItem},
    "incidents/": {Incident},
    "archives/": {Volume, Consultation, ReadingRoomSession},
    "devices/": {Device},
    "people/": {get_user_model()},
    "self-inspections/": set(),
    "audit/": set(),
    "accounts/": set(),
    "prints/": set(),
    "documents/register/": set(),
    "office/": set(),
}

MORE_ACTIONS = {}


def more(when=None, **strategies):
    """A step of the archives or of device custody, beside the lifecycle's (same shape as its `action`)."""

    def register(method):
        MORE_ACTIONS[method.__name__] = (method, strategies, when)
        return method

    return register


def some(kind, *statuses):
    return lambda self: any(status in statuses for _, status in getattr(self.more, kind))


def build_office_with_archives_and_devices():
    """The lifecycle's office, plus an administrator, an electronic document, a filed volume and a USB key."""
    office = build_office()
    p = office.people
    unit = office.registries[0].unit
    p["administrator"] = member(unit, Role.ADMINISTRATOR, username="administrator")
    why = "Mid-year state"
    electronic = DocumentFactory(
        registry=office.registries[0], by=p["clerk"], level=Level.CONFIDENTIAL, copies_count=3, medium="electronic",
        scope_units=[unit],
    )
    office.documents.append(electronic)
    office.document_ids.append(electronic.pk)
    office.our_document_ids.add(electronic.pk)
    office.registry_of_document[electronic.pk] = electronic.registry_id
    office.people_by_pk[p["administrator"].pk] = p["administrator"]
    first, second, _third = electronic.copies.order_by("number")
    volume = filing.create_volume(
        registry=office.registries[0], by=p["clerk"], reason=why, volume_number="2026-P-001",
        title="2026年度保密工作文件", year=2026, retention_period="permanent", location="Archive room 1, cabinet 2",
    )
    filing.file_copies(volume=volume, copies=[second], by=p["clerk"], reason=why)
    asked = consultations.request_consultation(
        kind=ConsultationKind.INTERNAL, volumes=[volume], person=p["reader"], purpose="Drafting the annual summary",
        by=p["clerk"], reason=why,
    )
    consultations.approve_consultation(consultation=asked, by=p["clerk2"], reason=why)
    device = devices.register_device(
        unit=unit, by=p["clerk"], reason=why, kind="usb", asset_number="U-0001", serial_number="SN-889",
        level=Level.SECRET, custodian=p["reader"], location="Room 301", network="none",
    )
    carried = devices.load_copy(device=device, copy=first, by=p["clerk"], reason=why)
    # Devices in use: a check that found an Internet connection, the key lent, an erased copy, a non-classified
    # computer (so their pages are walked with an entry in them).
    computer = devices.register_device(
        unit=unit, by=p["clerk"], reason=why, kind="computer", asset_number="PC-0001", serial_number="SN-890",
        level=Level.SECRET, custodian=p["clerk"], location="Room 301", network="isolated",
    )
    periodic_checks.record_check(device=computer, by=p["clerk"], checked_on=datetime.date(2026, 6, 1),
                                 failed=["internet"], result="problem", findings="<b>Cable</b> to the Internet",
                                 reason=why)
    media_loans.lend_medium(device=device, borrower=p["reader"], lent_on=datetime.date(2026, 6, 1),
                            due_on=datetime.date(2026, 6, 8), by=p["clerk"], reason=why)
    devices.erase_copy(carried=carried, by=p["clerk"], reason=why)
    open_computers.register_computer(unit=unit, by=p["clerk"], reason=why, asset_number="NC-0001", user=p["reader"],
                                     location="Room 205", network="internet")
    # The register of rules: one rule in force, one withdrawn (its page offers no step).
    for name in ("保密工作管理制度", "<i>旧</i>规定"):
        rule = rules.adopt_rule(unit=unit, by=p["clerk"], reason=why, name=name, scope="", approved_by="局党组会议",
                                kept_at="Cabinet 2", adopted_on=datetime.date(2024, 3, 1), revised_on=None)
    rules.withdraw_rule(rule=rule, by=p["leader"], reason=why)
    # A key part checked twice (the second check found a fault), and one no longer a key part.
    for name in ("机要室", "<b>旧</b>档案室"):
        part = key_parts.register_part(unit=unit, by=p["clerk"], reason=why, name=name, location="三楼 301",
                                       protections=["secure_door", "alarm"], responsible=p["clerk"])
        key_parts.record_check(part=part, by=p["clerk"], checked_on=datetime.date(2026, 3, 1), result="sound", reason=why)
        key_parts.record_check(part=part, by=p["clerk"], checked_on=datetime.date(2026, 6, 1), result="problems",
                               findings="Alarm battery low", reason=why)
    key_parts.withdraw_part(part=part, by=p["leader"], reason=why)
    # Incidents: one found at a device check, reported to the bureau, its investigation under way; one closed.
    moment = datetime.datetime.now(datetime.timezone.utc)
    found = incidents.open_incident(unit=unit, kind="internet", by=p["clerk"], reason=why, source="Device check",
                                    circumstances="<b>网线</b>接入互联网", discovered_at=moment - datetime.timedelta(hours=30))
    incidents.report_to_bureau(incident=found, by=p["clerk"], reason=why, reported_at=moment, report="City bureau")
    talk = incidents.open_incident(unit=unit, kind="talk", by=p["clerk"], reason=why, circumstances="Told at dinner",
                                   discovered_at=moment)
    incidents.close_incident(incident=talk, by=p["leader"], reason=why, closing_note="Warned")
    # Items for publication awaiting review, approved, refused, released and withdrawn; a provision kept and one withdrawn.
    items = [disclosure.submit_publication(unit=unit, by=p["clerk"], reason=why, title=f"<i>新闻稿</i> {number}",
                                           channel="website", submitted_by="综合科", submitter=None, reviewer=p["leader"])
             for number in range(5)]
    for publication, decision in zip(items[1:4], ("approved", "refused", "with_changes")):
        disclosure.record_decision(publication=publication, by=p["leader"], decision=decision, changes="删去地点",
                                   decided_on=datetime.date(2026, 6, 1), reason=why)
    disclosure.record_release(publication=items[3], by=p["clerk"], released_on=datetime.date(2026, 6, 2), reason=why)
    disclosure.withdraw_publication(publication=items[4], by=p["clerk"], reason=why)
    for recipient in ("市审计局", "<b>市统计局</b>"):
        given = disclosure.record_provision(unit=unit, by=p["clerk"], reason=why, recipient=recipient, letter_number="15",
                                            purpose="审计", sealed=True, approved_by=p["leader"], description="凭证",
                                            copies=[], provided_on=datetime.date(2026, 6, 1))
    disclosure.withdraw_provision(provision=given, by=p["clerk"], reason=why)
    # The secrecy group with one member who left, a letter withdrawn, a plan with a task done and one open.
    organisation.appoint(unit=unit, person=p["leader"], position="leader", appointed_on=datetime.date(2025, 3, 1),
                         by=p["clerk"], reason=why)
    place = organisation.appoint(unit=unit, person=p["reader"], position="member", appointed_on=datetime.date(2025, 3, 1),
                                 by=p["clerk"], reason=why)
    organisation.record_leaving(membership=place, left_on=datetime.date(2026, 3, 1), by=p["clerk"], reason=why)
    for party in ("财务处", "<b>法规处</b>"):
        letter = organisation.enter_letter(unit=unit, by=p["clerk"], reason=why, party=party, person=None,
                                           signed_on=datetime.date(2026, 1, 5), valid_from=datetime.date(2026, 1, 1),
                                           valid_until=datetime.date(2026, 12, 31))
    organisation.withdraw_letter(letter=letter, by=p["leader"], reason=why)
    work_plan = organisation.adopt_plan(unit=unit, year=2026, title="2026年度保密工作计划",
                                        adopted_on=datetime.date(2026, 1, 15), by=p["clerk"], reason=why)
    for name in ("培训", "<i>清查</i>"):
        task = organisation.add_task(plan=work_plan, by=p["clerk"], reason=why, task=name, office="办公室",
                                     responsible=p["reader"], due_on=datetime.date(2026, 6, 30))
    organisation.record_done(task=task, done_on=datetime.date(2026, 6, 1), by=p["clerk"], reason=why)
    registered = _proposals_in_every_state(office.registries[0], p, why)
    office.documents.append(registered)
    office.document_ids.append(registered.pk)
    office.our_document_ids.add(registered.pk)
    office.registry_of_document[registered.pk] = registered.registry_id
    office.unit = unit
    return office


def _proposals_in_every_state(registry, p, why):
    """Classification proposals (review app) awaiting review, sent back, reviewed, approved, rejected; the registered document."""
    from tests.review.conftest import proposal_fields

    def drafted(by, number):
        return review.propose(registry=registry, by=p[by], reason=why, scope_users=[p["leader"], p["reader"]],
                              **proposal_fields(reference_number=f"BGS [2026] No. {number}", copies_count=2))  # fmt: skip

    drafted("reader", 901)
    review.send_back(proposal=drafted("reader2", 902), by=p["clerk"], reason=why)
    review.pass_review(proposal=drafted("reader", 903), by=p["clerk2"], reason=why)
    approved = review.pass_review(proposal=drafted("reader", 904), by=p["clerk2"], reason=why)
    approved = review.approve_proposal(proposal=approved, by=p["leader2"], reason=why, proof=proved(p["leader2"]))
    rejected = review.pass_review(proposal=drafted("clerk", 905), by=p["clerk2"], reason=why)
    review.reject_proposal(proposal=rejected, by=p["leader"], reason=why)
    return approved.document


class EveryPage(Lifecycle):
    """The lifecycle's steps and more, with every page asked for after each step that went through."""

    walker = None  # one set of signed-in clients for the whole run (set by the test)
    # Learned on the way and true in every state: a page that refuses GET refuses it always (the
    # decorator says so), and a page without an id that is not found for a role is not found for that
    # role in any state (roles never change here). Asking them again would only cost time.
    post_only = set()
    not_for = set()
    stats = Counter()
    seen = set()  # fingerprints of the states walked

    def __init__(self):
        super().__init__()
        self.touched = defaultdict(set)
        self.more = self.read_more()

    # -- the steps: the lifecycle's, and those of the archives and device custody ----------------

    @rule(data=st.data())
    def step(self, data):
        """As the lifecycle's one rule, over its steps and the ones below."""
        actions = {**ACTIONS, **MORE_ACTIONS}
        possible = [name for name, (_, _, when) in actions.items() if when is None or when(self)]
        fewest = min(self.taken[name] for name in possible)
        name = data.draw(st.sampled_from([name for name in possible if self.taken[name] <= fewest + 1]), label="step")
        self.taken[name] += 1
        method, strategies, _ = actions[name]
        method(self, **{argument: data.draw(strategy, label=argument) for argument, strategy in strategies.items()})

    def _try(self, name, service, **arguments):
        result = super()._try(name, service, **arguments)
        if result is not None:
            EveryPage.stats[name] += 1
            for value in [result, *arguments.values()]:
                self.touch(value, actor=arguments.get("by"))
        return result

    def touch(self, value, *, actor=None):
        """Remember what a step changed, and what shows it: the copy of a procedure, the document of a copy."""
        if isinstance(value, (list, tuple, set)):
            for item in value:
                self.touch(item, actor=actor)
            return
        if not isinstance(value, Model) or (value == actor):
            return
        self.touched[type(value)].add(value.pk)
        if isinstance(value, Copy):
            self.touched[Document].add(value.document_id)
            for model in (Circulation, Loan, Incident, InventoryItem):
                self.touched[model].update(model.objects.filter(copy=value).values_list("pk", flat=True))
            self.touched[ReproductionRequest].update(value.reproduction_requests.values_list("pk", flat=True))
            self.touched[DestructionList].update(
                DestructionList.objects.filter(items__copy=value).values_list("pk", flat=True)
            )
            self.touched[Recovery].update(RecoveryItem.objects.filter(copy=value).values_list("recovery_id", flat=True))
            holder = Copy.objects.filter(pk=value.pk).values_list("holder_id", flat=True).first()
            if holder:
                self.touched[get_user_model()].add(holder)
        elif isinstance(value, Document):
            self.touched[Copy].update(value.copies.values_list("pk", flat=True))
        elif isinstance(value, (Circulation, Loan, Incident, InventoryItem)):
            self.touch(Copy.objects.get(pk=value.copy_id))
            if isinstance(value, InventoryItem):
                self.touched[Inventory].add(value.inventory_id)
        elif isinstance(value, ReproductionRequest):
            self.touch(Copy.objects.get(pk=value.source_copy_id))
        elif isinstance(value, DestructionList):
            self.touched[Copy].update(value.items.values_list("copy_id", flat=True))
            self.touched[Document].update(value.items.values_list("copy__document_id", flat=True))
        elif isinstance(value, Consultation):
            self.touched[Volume].update(value.volumes.values_list("pk", flat=True))
        elif isinstance(value, ReadingRoomSession):
            self.touch(value.consultation)
        elif isinstance(value, Device):
            self.touched[get_user_model()].add(value.custodian_id)
            self.touched[InventoryDeviceItem].update(value.inventory_items.values_list("pk", flat=True))

    # -- archives ------------------------------------------------------------------------------

    @more(copy=PICK, by=actor(*CLERKS), reason=REASON)
    def file_copies(self, copy, by, reason):
        self.attempt(
            "file_copies", filing.file_copies,
            volume=self.volume(), copies=[self.copy_at(copy)], by=self.person(by), then=self.people_for(CLERKS),
            reason=reason,
        )

    @more(person=pool(*READERS, "leader", *READERS), by=actor(*CLERKS), reason=REASON)
    def request_consultation(self, person, by, reason):
        self.attempt(
            "request_consultation", consultations.request_consultation,
            kind=ConsultationKind.INTERNAL, volumes=[self.volume()], person=self.person(person),
            purpose="Drafting the annual summary", by=self.person(by), then=self.people_for(CLERKS), reason=reason,
        )

    @more(when=some("consultations", ConsultationStatus.REQUESTED), which=PICK, approve=st.booleans(),
          by=actor(*CLERKS, *LEADERS), reason=REASON)
    def decide_consultation(self, which, approve, by, reason):
        service = consultations.approve_consultation if approve else consultations.reject_consultation
        self.attempt(
            "decide_consultation", service,
            consultation=Consultation.objects.get(pk=self.pick("consultations", which, ConsultationStatus.REQUESTED)),
            by=self.person(by), then=self.people_for([*CLERKS, *LEADERS]), reason=reason,
        )

    @more(when=some("consultations", ConsultationStatus.APPROVED), which=PICK, by=actor(*CLERKS), reason=REASON)
    def open_session(self, which, by, reason):
        chosen = Consultation.objects.get(pk=self.pick("consultations", which, ConsultationStatus.APPROVED))
        self.attempt(
            "open_session", reading_room.open_session,
            consultation=chosen, volumes=list(chosen.volumes.all()), by=self.person(by),
            then=self.people_for(CLERKS), reason=reason,
        )

    @more(when=some("sessions", "open"), which=PICK, by=actor(*CLERKS), reason=REASON)
    def close_session(self, which, by, reason):
        self.attempt(
            "close_session", reading_room.close_session,
            session=ReadingRoomSession.objects.get(pk=self.pick("sessions", which, "open")),
            by=self.person(by), then=self.people_for(CLERKS), reason=reason,
        )

    @more(when=some("consultations", ConsultationStatus.APPROVED), which=PICK, by=actor(*CLERKS), reason=REASON)
    def finish_consultation(self, which, by, reason):
        self.attempt(
            "finish_consultation", consultations.finish_consultation,
            consultation=Consultation.objects.get(pk=self.pick("consultations", which, ConsultationStatus.APPROVED)),
            by=self.person(by), then=self.people_for(CLERKS), reason=reason,
        )

    # -- device custody ------------------------------------------------------------------------

    @more(custodian=pool(*READERS, "clerk", *READERS), by=actor(*CLERKS), reason=REASON)
    def change_custodian(self, custodian, by, reason):
        self.attempt(
            "change_custodian", devices.change_custodian,
            device=self.device(), custodian=self.person(custodian), by=self.person(by),
            then=self.people_for(CLERKS), reason=reason,
        )

    @more(when=some("devices", DeviceStatus.IN_USE), by=actor(*CLERKS), reason=REASON)
    def send_for_repair(self, by, reason):
        self.attempt(
            "send_for_repair", devices.send_for_repair,
            device=self.device(), repairer="Approved repairer, on site", by=self.person(by),
            then=self.people_for(CLERKS), reason=reason,
        )

    @more(when=some("devices", DeviceStatus.IN_REPAIR), by=actor(*CLERKS), reason=REASON)
    def back_from_repair(self, by, reason):
        self.attempt(
            "back_from_repair", devices.back_from_repair,
            device=self.device(), by=self.person(by), then=self.people_for(CLERKS), reason=reason,
        )

    @more(copy=PICK, fitting=FITTING, by=actor(*CLERKS), reason=REASON)
    def load_copy(self, copy, fitting, by, reason):
        self.attempt(
            "load_copy", devices.load_copy,
            device=self.device(), copy=self.copy_at(copy, fitting), by=self.person(by), then=self.people_for(CLERKS),
            reason=reason,
        )

    @more(when=some("devices", DeviceStatus.IN_USE), by=actor(*CLERKS), reason=REASON)
    def list_device_for_scrapping(self, by, reason):
        device = self.device()
        carried = [carried.copy for carried in device.carried.select_related("copy")
                   if carried.copy.status not in (CopyStatus.DESTROYED, CopyStatus.RETURNED_TO_ISSUER, CopyStatus.LOST)]
        self.attempt(
            "list_device_for_scrapping", destruction.prepare_destruction_list,
            registry=self.office.registries[0], copies=carried, devices=[device], by=self.person(by),
            then=self.people_for(CLERKS), reason=reason,
        )

    def volume(self):
        return Volume.objects.filter(registry=self.office.registries[0]).order_by("pk").first()

    def device(self):
        return Device.objects.filter(unit=self.office.unit).order_by("pk").first()

    def pick(self, kind, index, *statuses):
        rows = [pk for pk, status in getattr(self.more, kind) if status in statuses] or [pk for pk, _ in getattr(self.more, kind)]
        return rows[-1 - index % len(rows)]

    def read_more(self):
        registry = self.office.registries[0]
        more = type("More", (), {})()
        more.consultations = list(Consultation.objects.filter(registry=registry).order_by("pk").values_list("pk", "status"))
        more.sessions = [
            (pk, "open" if time_out is None else "closed")
            for pk, time_out in ReadingRoomSession.objects.filter(consultation__registry=registry)
            .order_by("pk").values_list("pk", "time_out")
        ]
        more.devices = list(Device.objects.filter(unit=self.office.unit).order_by("pk").values_list("pk", "status"))
        return more

    # -- after every step: the pages ---------------------------------------------------------

    @invariant()
    def every_page_answers_without_a_server_error(self):
        self.more = self.read_more()
        touched, self.touched = self.touched, defaultdict(set)
        state = fingerprint(self.office)
        if not touched or state in EveryPage.seen:
            return  # nothing went through, or this state (up to which row is which) was walked already
        EveryPage.seen.add(state)
        self.walk(lambda model: representatives(model, touched.get(model, ())), every_word=False, touched=set(touched))

    def walk_the_office(self):
        """Every page of an object in each state of the office as built (tests/pages/test_every_page_of_the_office.py)."""
        self.walk(lambda model: representatives(model, model._default_manager.values_list("pk", flat=True)),
                  every_word=True)
        EveryPage.stats["requests in the office walk"] = self.walker.requests

    def walk(self, ids_of, *, every_word, touched=None):
        failures = []
        for page in walk.pages():
            if touched is not None and not page.ids and not lists_any(page, touched):
                continue
            for url in walk.urls_of(page, ids_of, every_word=every_word):
                if page.name in self.post_only:
                    break
                people = [name for name in ROLES if (page.name, name) not in self.not_for]
                answers, failed = self.walker.ask(page, url, people)
                failures += [(url, name, failure) for name, failure in failed.items()]
                if not page.is_print and set(answers.values()) == {405}:
                    self.post_only.add(page.name)
                if not page.ids:
                    self.not_for.update((page.name, name) for name, status in answers.items() if status in (403, 404))
        assert not failures, "\n\n".join(f"{url} as {name}:\n{failure}" for url, name, failure in failures)


# What a page shows of an object depends on its state, not on which row it is: one object per state
# is walked (the documents, few and each with its own mix of copies, every one).
STATE = {
    Copy: ("status", "document__level", "holder_id"),
    Circulation: ("status", "copy__holder_id"),
    InventoryItem: ("inventory__status", "result"),
    InventoryDeviceItem: ("inventory__status", "result"),
    ReadingRoomSession: ("time_out",),
}


def lists_any(page, models):
    for prefix, listed in LISTS.items():
        if page.route.startswith(prefix):
            return bool(listed & models)
    return True


def _states(rows, fields):
    """(pk, state) per row; a person or a time stands only for whether there is one."""
    return [
        (pk, tuple(value is None if field.endswith(("_id", "time_out")) else value for field, value in zip(fields, state)))
        for pk, *state in rows.order_by("pk").values_list("pk", *fields)
    ]


def representatives(model, ids):
    rows = model._default_manager.filter(pk__in=list(ids))
    if model is get_user_model():
        return list(rows.filter(username__in=ROLES).values_list("pk", flat=True)) + list(
            rows.exclude(username__in=ROLES).filter(held_copies__isnull=False).values_list("pk", flat=True).distinct()[:2]
        )
    if model in STATE:
        states = _states(rows, STATE[model])
    elif any(field.name == "status" for field in model._meta.fields):
        states = _states(rows, ("status",))
    else:
        return list(rows.values_list("pk", flat=True))
    return sorted({state: pk for pk, state in states}.values())


def fingerprint(office):
    """The office's state up to which row is which: how many rows of each kind are in each state."""
    counts = Counter()
    for model in (Copy, Circulation, InventoryItem, InventoryDeviceItem, ReadingRoomSession, Loan, ReproductionRequest, DestructionList,
                  Incident, Inventory, Consultation, Device):
        counts.update((model.__name__, state) for _, state in _states(model.objects.all(), STATE.get(model, ("status",))))
    counts.update(Document.objects.values_list("pk", "level", "secrecy_period_years"))
    counts["recoveries"] = Recovery.objects.count()
    return frozenset(counts.items())


def start(monkeypatch):
    """The office built, its people signed in, nothing learned yet: what both walks start from."""
    if not PROFILE["real_pdfs"]:
        # A print's rows and its HTML are built for real; only weasyprint's layout (seconds a sheet, and
        # the same whatever the state) is left to the nightly run.
        monkeypatch.setattr("documents.pdf.renderer._render_whole", _html_only)
    EveryPage.office = build_office_with_archives_and_devices()
    EveryPage.walker = walk.Walker({name: EveryPage.office.people[name] for name in ROLES})
    EveryPage.stats.clear()
    EveryPage.seen.clear()
    EveryPage.post_only.clear()
    EveryPage.not_for.clear()


@pytest.mark.django_db
@pytest.mark.slow
def test_every_page_of_every_role_answers_in_every_state_the_procedures_reach(monkeypatch):
    """From the office as built (walked whole by the other file, in parallel), steps and the pages they touch."""
    start(monkeypatch)
    EveryPage.seen.add(fingerprint(EveryPage.office))
    started = time.monotonic()
    run_state_machine_as_test(
        EveryPage,
        settings=settings(
            max_examples=int(os.environ.get("PAGES_EXAMPLES", PROFILE["max_examples"])),
            stateful_step_count=int(os.environ.get("PAGES_STEPS", PROFILE["stateful_step_count"])),
            deadline=None,
            derandomize=os.environ.get("HYPOTHESIS_PROFILE", "default") == "default",
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
    print(f"{EveryPage.walker.requests} requests in {time.monotonic() - started:.0f} s; steps: {dict(EveryPage.stats)}")
    # A walk that asked no page, or took no step, proved nothing (each page's 5xx fails inside the machine).
    assert EveryPage.walker.requests > 0
    assert any(count for name, count in EveryPage.stats.items())


def _html_only(template, context, row_count, report):
    from django.template.loader import render_to_string

    render_to_string(template, context)
    return b"%PDF-1.7\n% layout skipped\n", 1


def test_every_argument_of_every_page_has_a_filler():
    unknown = walk.unknown_arguments()
    assert not unknown, f"Say how to fill these (tests/pages/walk.py, tests/security/test_idor.py): {unknown}"
