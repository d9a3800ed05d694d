"""The shape of a generated provincial registry, decided before anything is written.

`plan_registry` draws units, people and their roles, documents with their
knowledge scopes, and the life of every copy (registration, circulation
rounds, loans, recovery, archiving, destruction) from one seeded random
generator, so the same arguments give the same registry. The loader
(documents.scale.loader) turns the plan into rows.

Times are whole seconds since the epoch (UTC) until they are written.
"""

import datetime
import random
from dataclasses import dataclass, field
from typing import NamedTuple
from zoneinfo import ZoneInfo

from documents.levels import Level, default_period, period_end
from documents.scale import vocabulary as words

DAY = 86400
CLERK_REASON = "Registered on receipt"
SETUP_REASON = "Initial set-up of the registry"


@dataclass
class UnitPlan:
    index: int
    code: str
    name: str
    registry_code: str
    registry_name: str
    members: list = field(default_factory=list)  # user indexes
    clerks: list = field(default_factory=list)
    leaders: list = field(default_factory=list)
    scope_pool: list = field(default_factory=list)  # members a scope draws from: all but the clerks
    weight: float = 1.0


@dataclass
class DocumentPlan:
    index: int
    unit: int
    created: int
    year: int
    serial: int
    level: int
    direction: str
    title: str
    organ: str
    reference: str
    date_classified: datetime.date
    pages: int
    attachments: int
    copies: int
    urgency: str
    medium: str
    remarks: str
    clerk: int
    scope_users: list
    scope_units: list
    fate: str = ""  # "", "destroyed", "returned_to_issuer", "archived"
    fate_at: int = 0
    correction: tuple | None = None  # (time, reason, old remarks)
    widened: tuple | None = None  # (time, user index) granted after registration
    narrowed: tuple | None = None  # (time, user index) granted at registration, withdrawn later


@dataclass
class RegistryPlan:
    now: int
    start: int
    units: list
    user_names: list
    user_unit: list
    memberships: list  # (user index, unit index, role)
    administrator: int
    documents: list
    copies_total: int
    tz: str = "Asia/Shanghai"


def copies_per_document(rng):
    """1 to 30 copies, most documents few: P(k) falls as 1/k."""
    return rng.choices(_COPY_COUNTS, weights=_COPY_WEIGHTS)[0]


_COPY_COUNTS = list(range(1, 31))
_COPY_WEIGHTS = [1 / k**1.1 for k in _COPY_COUNTS]
_LEVELS = [Level.TOP_SECRET, Level.SECRET, Level.CONFIDENTIAL, Level.INTERNAL]
_LEVEL_WEIGHTS = [5, 30, 45, 20]


class _Clock:
    """Office hours in the registry's time zone, as UTC epoch seconds."""

    def __init__(self, tz_name):
        self.tz = ZoneInfo(tz_name)

    def local_date(self, t):
        return datetime.datetime.fromtimestamp(t, self.tz).date()

    def office_time(self, rng, day: datetime.date):
        start = datetime.datetime.combine(day, datetime.time(8, 30), self.tz).timestamp()
        return int(start) + rng.randrange(9 * 3600)


def _unit_names(count):
    names = [(zh, en) for zh, en in words.DEPARTMENTS]
    for city_zh, city_en in words.CITIES:
        for office_zh, office_en in words.CITY_OFFICES:
            names.append((f"{city_zh}{office_zh}", f"{city_en} {office_en}"))
    while len(names) < count:
        n = len(names)
        names.append((f"第{n + 1}工作部门", f"Working Department {n + 1}"))
    return names[:count]


def _people(rng, count):
    names = []
    for _ in range(count):
        given = "".join(rng.choice(words.GIVEN_CHARACTERS) for _ in range(rng.choice((1, 2, 2))))
        names.append(rng.choice(words.FAMILY_NAMES) + given)
    return names


def plan_registry(*, copies, users, years=4, seed=2026, now=None, tz="Asia/Shanghai") -> RegistryPlan:
    rng = random.Random(seed)
    clock = _Clock(tz)
    now = int(now if now is not None else datetime.datetime.now(datetime.timezone.utc).timestamp()) - 3600
    today = clock.local_date(now)
    first_day = datetime.date(today.year - years + 1, 1, 1)
    start = clock.office_time(rng, first_day)

    unit_count = max(3, users // 50)
    units = []
    for index, (zh, en) in enumerate(_unit_names(unit_count)):
        units.append(
            UnitPlan(
                index=index,
                code=f"u{index + 1:03d}",
                name=f"{zh} {en}",
                registry_code=f"D{index + 1:03d}",
                registry_name=f"{zh}机要登记簿 {en} registry",
                # Larger departments register more: a Zipf-like share per unit.
                weight=1 / (index + 1) ** 0.9,
            )
        )
    # People: every unit gets at least four, bigger units more.
    user_unit = []
    for unit in units:
        for _ in range(4):
            user_unit.append(unit.index)
    people_weights = [1 / (u.index + 1) ** 0.4 for u in units]
    user_unit += rng.choices(range(unit_count), weights=people_weights, k=max(0, users - len(user_unit)))
    user_unit = user_unit[:users]
    for user, unit in enumerate(user_unit):
        units[unit].members.append(user)

    memberships = []
    for unit in units:
        members = unit.members
        unit.clerks = members[:2] if len(members) >= 30 else members[:1]
        unit.leaders = members[len(unit.clerks) : len(unit.clerks) + 2]
        inspector = members[len(unit.clerks) + 2]
        memberships += [(u, unit.index, "clerk") for u in unit.clerks]
        memberships += [(u, unit.index, "leader") for u in unit.leaders]
        unit.scope_pool = [u for u in members if u not in unit.clerks]
        memberships.append((inspector, unit.index, "inspector"))
        memberships += [(u, unit.index, "reader") for u in members[len(unit.clerks) + 3 :]]
    # The provincial secrecy bureau's inspectors each cover a quarter of the units.
    bureau = units[min(len(units) - 1, 29)]
    for offset, inspector in enumerate(bureau.members[-4:]):
        for unit in units[offset::4]:
            if unit is not bureau:
                unit.scope_pool = [u for u in members if u not in unit.clerks]
        memberships.append((inspector, unit.index, "inspector"))
    administrator = bureau.members[-5] if len(bureau.members) >= 8 else bureau.members[-1]
    memberships.append((administrator, bureau.index, "administrator"))
    memberships = list(dict.fromkeys(memberships))

    documents = _documents(rng, clock, units, users, copies, start=start, now=now)
    return RegistryPlan(
        now=now,
        start=start,
        units=units,
        user_names=_people(rng, users),
        user_unit=user_unit,
        memberships=memberships,
        administrator=administrator,
        documents=documents,
        copies_total=copies,
        tz=tz,
    )


def _documents(rng, clock, units, user_count, copies_total, *, start, now):
    counts = []
    remaining = copies_total
    while remaining > 0:
        k = min(copies_per_document(rng), remaining)
        counts.append(k)
        remaining -= k
    unit_ids = rng.choices(range(len(units)), weights=[u.weight for u in units], k=len(counts))
    # Registration times in office hours, in order: serials follow them.
    days = [clock.local_date(start + rng.randrange(max(1, now - DAY - start))) for _ in counts]
    times = sorted(clock.office_time(rng, day) for day in days)
    serials = {}
    references = {}
    documents = []
    for index, (count, created, unit_index) in enumerate(zip(counts, times, unit_ids)):
        unit = units[unit_index]
        day = clock.local_date(created)
        key = (unit_index, day.year)
        serials[key] = serials.get(key, 0) + 1
        level = rng.choices(_LEVELS, weights=_LEVEL_WEIGHTS)[0]
        direction = rng.choices(("incoming", "outgoing", "internal"), weights=(70, 20, 10))[0]
        if direction == "incoming":
            organ, prefix = rng.choice(words.ORGANS)
        else:
            organ, prefix = unit.name.split(" ")[0], unit.name[:2] + "发"
        reference = ""
        if direction != "internal" or rng.random() < 0.5:
            references[(organ, day.year)] = references.get((organ, day.year), 0) + 1
            number = references[(organ, day.year)]
            reference = f"{prefix}〔{day.year}〕{number}号" if not prefix.isascii() else f"{prefix} [{day.year}] No. {number}"
        documents.append(
            DocumentPlan(
                index=index,
                unit=unit_index,
                created=created,
                year=day.year,
                serial=serials[key],
                level=int(level),
                direction=direction,
                title=_title(rng, day.year),
                organ=organ,
                reference=reference,
                date_classified=day - datetime.timedelta(days=rng.randrange(0, 20) if direction == "incoming" else 0),
                pages=rng.randint(1, 80),
                attachments=rng.choice((0, 0, 0, 1, 1, 2, 3)),
                copies=count,
                urgency=rng.choices(("normal", "urgent", "extra_urgent"), weights=(80, 15, 5))[0],
                medium=rng.choices(("paper", "electronic", "storage_medium"), weights=(80, 15, 5))[0],
                remarks=rng.choice(words.REMARKS),
                clerk=rng.choice(unit.clerks),
                scope_users=[],
                scope_units=[],
            )
        )
        _scope(rng, documents[-1], units, user_count)
        _fate(rng, documents[-1], now)
    return documents


def _title(rng, year):
    if rng.random() < 0.25:
        return f"{rng.choice(words.KINDS_EN)} {rng.choice(words.TOPICS_EN)} ({year})"
    title = f"关于{rng.choice(words.ACTIONS)}{rng.choice(words.TOPICS)}工作的{rng.choice(words.KINDS)}"
    return f"{year}年{title}" if rng.random() < 0.3 else title


def _scope(rng, document, units, user_count):
    """Most documents are known to a few dozen people and a unit or two; top secret to a handful."""
    unit = units[document.unit]
    if document.level == Level.TOP_SECRET:
        wanted = rng.randint(3, 10)
    else:
        wanted = min(60, max(3, int(rng.lognormvariate(3.0, 0.5))))
    wanted = min(wanted, user_count)
    own = unit.scope_pool
    chosen = set(rng.sample(own, min(len(own), round(wanted * 0.75))))
    while len(chosen) < wanted:
        chosen.add(rng.randrange(user_count))
    document.scope_users = sorted(chosen)
    if document.level == Level.TOP_SECRET:
        document.scope_units = []
    else:
        share = 0.4 if document.level == Level.SECRET else 0.8
        chosen_units = []
        if rng.random() < share:
            chosen_units.append(unit.index)
        if rng.random() < 0.3:
            other = rng.randrange(len(units))
            if other not in chosen_units:
                chosen_units.append(other)
        document.scope_units = chosen_units
    # A recorded widening or narrowing of the scope later on, now and then.
    roll = rng.random()
    if roll < 0.05:
        spare = [u for u in own if u not in chosen]
        if spare and roll < 0.03:
            document.widened = (0, rng.choice(spare))
        elif spare:
            document.narrowed = (0, rng.choice(spare))
    if rng.random() < 0.03:
        document.correction = (0, rng.choice(words.CORRECTION_REASONS), document.remarks)


def _fate(rng, document, now):
    age = now - document.created
    if age > 200 * DAY:
        roll = rng.random()
        if roll < 0.12:
            document.fate = "destroyed"
        elif roll < 0.15:
            document.fate = "returned_to_issuer"
        elif roll < 0.20:
            document.fate = "archived"
        if document.fate:
            document.fate_at = document.created + 180 * DAY + rng.randrange(age - 180 * DAY)
    horizon = document.fate_at or now
    for name in ("widened", "narrowed", "correction"):
        value = getattr(document, name)
        if value is not None:
            when = document.created + DAY + rng.randrange(max(1, horizon - document.created - DAY))
            setattr(document, name, (when, *value[1:]))


def period_end_of(document):
    years = default_period(document.level) if document.level != Level.INTERNAL else None
    return years, period_end(document.date_classified, years)


class Event(NamedTuple):
    """One move of a copy: `kind` says which procedure made it ("circulation", "loan" or "fate")."""

    time: int
    status: str
    holder: int | None
    reason: str
    kind: str
    due_days: int = 0


# The loan policy's longest loan per level (documents.models.loan.DEFAULT_LOAN_POLICIES):
# top secret is consulted in the reading room and comes back the same day.
LOAN_DAYS = {Level.TOP_SECRET: (0,), Level.SECRET: (7,), Level.CONFIDENTIAL: (7, 14), Level.INTERNAL: (7, 14, 30)}


def circulation_proposed_at(document, number):
    """When the clerk proposes the copy's reading list, just after registration."""
    return document.created + 600 + number * 30


def copy_life(rng, document, number, *, now, readers):
    """The history of one copy as Events after registration.

    A circulation round right after registration (the clerk hands the copy
    to each reader in turn and takes it back), loans now and then over the
    years, and at the end the document's fate. A copy whose last hand-out
    has not come back is still out; a copy is never destroyed while out.
    Every copy of a document meets its fate at the same moment, an hour
    after its last move at the latest: one destruction list or recovery
    per document.
    """
    horizon = document.fate_at - 3600 if document.fate else now
    t = circulation_proposed_at(document, number)
    trips = []
    for reader in rng.sample(readers, min(len(readers), rng.randint(0, 4))):
        out = t + rng.randrange(1800, 2 * DAY)
        t = out + rng.randrange(3600, 4 * DAY)
        trips.append((out, t, "out", reader, "circulation", 0))
    while t < horizon:
        t += 3600 + int(rng.expovariate(0.4 / 365) * DAY)
        due = rng.choice(LOAN_DAYS[document.level])
        out, t = t, t + (rng.randrange(1800, 6 * 3600) if due == 0 else rng.randrange(DAY, (due + 5) * DAY))
        trips.append((out, t, "on_loan", rng.choice(readers), "loan", due))
    events = []
    for out, back, status, holder, kind, due in trips:
        if out >= horizon:
            break
        if back >= horizon:
            if document.fate:
                break
            events.append(Event(out, status, holder, OUT_REASONS[kind], kind, due))
            return events
        events.append(Event(out, status, holder, OUT_REASONS[kind], kind, due))
        events.append(Event(back, "in_registry", None, BACK_REASONS[kind], kind, due))
    if document.fate:
        events.append(Event(document.fate_at, document.fate, None, FATE_REASONS[document.fate], "fate"))
    return events


CIRCULATION_OUT = "传阅：阅件人签收 Circulation: handed to the reader"
CIRCULATION_BACK = "传阅归还 Returned after reading"
LOAN_OUT = "借阅：借阅人签收 Handed to the borrower"
LOAN_BACK = "借阅归还，页数附件清点无误 Returned complete"
OUT_REASONS = {"circulation": CIRCULATION_OUT, "loan": LOAN_OUT}
BACK_REASONS = {"circulation": CIRCULATION_BACK, "loan": LOAN_BACK}
FATE_REASONS = {
    "destroyed": "销毁：于指定销毁点粉碎，两名监销人在场 Destroyed with two witnesses",
    "returned_to_issuer": "清退至发文机关，回执已存档 Returned to the issuing organ",
    "archived": "归档立卷 Filed into an archive volume",
}
