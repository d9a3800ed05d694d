"""The annual summary as a report in the seeds' shape: a header, then one section per area of the work.

Each section is built by one function registered in order with `@section`;
it returns the section's figures (label, value) and a paragraph drafted from
them. A section whose register holds nothing for the unit and year says so
plainly. A new register plugs in as one more builder, nothing else changes.
Every figure is counted over the whole unit (see inspections.summary) and no
builder names a document's title.
"""

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import get_language, gettext as _, gettext_noop, ngettext, pgettext

from documents.punctuation import bracketed, colon, list_semicolon, listing
from people.names import person_name
from people.roles import PostLevel, Role

CHINESE_NUMERALS = "一二三四五六七八九十"


@dataclass
class Figure:
    """One figure of a section: its value, and the row set (inspections.rows) whose rows it counts or sums.

    `counts_rows`: the value is the number of rows its link opens (an inspector counts them again);
    otherwise it is read off those rows (a sum of hours, a score)."""

    label: str
    value: object
    rows: str = ""
    params: dict = field(default_factory=dict)
    counts_rows: bool = True
    href: str = ""

    def __iter__(self):
        # Read as the (label, value) pair a figure was before it had rows: `dict(section.figures)`.
        return iter((self.label, self.value))


def counted(label, rows, unit, year, **params) -> Figure:
    """The figure that is the number of rows of row set `rows`: the same query as the page its link opens."""
    from inspections.rows import ROW_SETS

    return Figure(label=label, value=ROW_SETS[rows].rows(unit, year, **params).count(), rows=rows, params=params)


@dataclass
class Section:
    key: str
    title: str
    figures: list = field(default_factory=list)
    paragraph: str = ""
    recorded: bool = True
    rows: list = field(default_factory=list)
    claims: list = field(default_factory=list)
    number: str = ""
    drafted: str = ""  # the paragraph drafted from the data, whatever the office wrote instead
    edited: bool = False  # the paragraph is the office's text, not the drafted one


SECTIONS = []


def section(key, title):
    """Register a section builder `build(unit, year, summary) -> Section | None` (None: nothing recorded)."""

    def register(build):
        SECTIONS.append((key, title, build))
        return build

    return register


def _numeral(position):
    if get_language() and get_language().lower().startswith("zh"):
        if position <= 10:
            return CHINESE_NUMERALS[position - 1] + "、"
        return "十" + CHINESE_NUMERALS[position - 11] + "、"
    return f"{position}. "


def _nothing():
    return _("Nothing is recorded in the registry for this section this year.")




def _local_date(value):
    return timezone.localtime(value).date().isoformat() if value else "—"


def members(unit, *roles):
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(memberships__unit=unit, memberships__role__in=roles, is_active=True)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


@section("leadership", gettext_noop("Organisation and leadership responsibility"))
def _leadership(unit, year, summary):
    """Who led the secrecy group at the end of the year and who sat in it, the leader in charge, the letters signed
    in the year and the tasks of the year's plan (registers.models.organisation, docs/registers.md)."""
    from inspections.rows import ROW_SETS
    from registers.models import Position

    leaders = list(members(unit, Role.LEADER))
    group = list(ROW_SETS["secrecy_group"].rows(unit, year))
    in_charge = list(ROW_SETS["secrecy_group"].rows(unit, year, position=Position.IN_CHARGE))
    letters = list(ROW_SETS["responsibility_letters"].rows(unit, year))
    tasks = list(ROW_SETS["plan_tasks"].rows(unit, year))
    if not (leaders or group or in_charge or letters or tasks):
        return None
    by_position = {position: [place for place in group if place.position == position] for position in Position.values}
    sentences = []
    if group:
        head = by_position[Position.LEADER]
        sentences.append(_("At the end of the year the secrecy group was led by %(names)s.") % {"names": _place_names(head)}
                         if head else _("At the end of the year the secrecy group had no leader entered."))
        deputies, others = by_position[Position.DEPUTY], by_position[Position.MEMBER]
        if deputies:
            sentences.append(ngettext("Its deputy leader was %(names)s.", "Its deputy leaders were %(names)s.",
                                      len(deputies)) % {"names": _place_names(deputies)})
        if others:
            sentences.append(ngettext("It had %(n)d member: %(names)s.", "It had %(n)d members: %(names)s.",
                                      len(others)) % {"n": len(others), "names": _place_names(others)})
    else:
        sentences.append(_("No secrecy group is entered in the register at the end of the year."))
    sentences.append(_("%(names)s was the leader in charge of secrecy work.") % {"names": _place_names(in_charge)} if in_charge
                     else _("No leader in charge of secrecy work is entered."))
    sentences.append(ngettext("%(n)d responsibility letter was signed this year, with %(parties)s.",
                              "%(n)d responsibility letters were signed this year, with %(parties)s.", len(letters))
                     % {"n": len(letters), "parties": listing(letter.signed_with for letter in letters)}
                     if letters else _("No responsibility letter was signed this year."))
    done = ROW_SETS["plan_tasks"].rows(unit, year, done="yes").count()
    open_tasks = list(ROW_SETS["plan_tasks"].rows(unit, year, done="no"))
    sentences.append(_("The year's work plan breaks down %(tasks)s to offices and responsible persons: %(done)d done, "
                       "%(open)d open.") % {"tasks": ngettext("%(n)d task", "%(n)d tasks", len(tasks)) % {"n": len(tasks)},
                                            "done": done, "open": len(open_tasks)}
                     if tasks else _("No task of a work plan of the year is entered."))
    figures = [counted(_("Leaders of the unit"), "leaders", unit, year)] if leaders else []
    figures += [counted(_("Secrecy group at the end of the year"), "secrecy_group", unit, year),
                counted(_("Responsibility letters signed this year"), "responsibility_letters", unit, year),
                counted(_("Tasks of the year's work plan"), "plan_tasks", unit, year),
                counted(_("Tasks done"), "plan_tasks", unit, year, done="yes"),
                counted(_("Tasks open"), "plan_tasks", unit, year, done="no")]
    rows = [_("Open: %(task)s; %(office)s, %(person)s, due %(date)s") % {
        "task": task.task, "office": task.office, "person": person_name(task.responsible), "date": task.due_on.isoformat()}
        for task in open_tasks]
    return Section(key="leadership", title="", figures=figures, paragraph=_sentence_gap().join(sentences), rows=rows)


def _place_names(places):
    return listing(person_name(place.person) for place in places)


@section("meetings", gettext_noop("Meetings"))
def _meetings(unit, year, summary):
    from inspections.rows import ROW_SETS

    work = list(ROW_SETS["work_meetings"].rows(unit, year))
    secret = ROW_SETS["secret_meetings"].rows(unit, year).count()
    if not work and not secret:
        return None
    handed = ROW_SETS["meeting_copies"].rows(unit, year).count()
    out = ROW_SETS["meeting_copies"].rows(unit, year, out="1").count()
    sentences = [ngettext("The unit held %(n)d secrecy work meeting this year: %(topics)s.",
                          "The unit held %(n)d secrecy work meetings this year: %(topics)s.", len(work)) % {
        "n": len(work), "topics": list_semicolon().join(meeting.topics for meeting in work)}
        if work else _("The unit held no secrecy work meeting this year.")]
    if secret:
        copies = ngettext("%(n)d copy of its materials was handed out to the attendees",
                          "%(n)d copies of its materials were handed out to the attendees", handed) % {"n": handed}
        back = (ngettext("%(n)d of them is not back yet", "%(n)d of them are not back yet", out) % {"n": out} if out
                else _("every one came back"))
        sentences.append(ngettext("It held %(n)d secret-related meeting; %(copies)s and %(back)s.",
                                  "It held %(n)d secret-related meetings; %(copies)s and %(back)s.", secret) % {
            "n": secret, "copies": copies, "back": back})
    return Section(
        key="meetings", title="",
        figures=[counted(_("Secrecy work meetings"), "work_meetings", unit, year),
                 counted(_("Secret-related meetings"), "secret_meetings", unit, year),
                 counted(_("Copies of meeting materials handed out"), "meeting_copies", unit, year),
                 counted(_("Copies not yet back"), "meeting_copies", unit, year, out="1")],
        paragraph=_sentence_gap().join(sentences),
    )


@section("rules", gettext_noop("Rules"))
def _rules(unit, year, summary):
    from inspections.rows import ROW_SETS

    in_force = list(ROW_SETS["rules"].rows(unit, year, when="in_force"))
    if not in_force and not ROW_SETS["rules"].rows(unit, year).exists():
        return None
    adopted = ROW_SETS["rules"].rows(unit, year, when="adopted").count()
    revised = ROW_SETS["rules"].rows(unit, year, when="revised").count()
    names = listing(pgettext("a rule's name quoted in a sentence", "“%(name)s”") % {"name": rule.name} for rule in in_force)
    paragraph = ngettext("At the end of the year %(n)d rule was in force: %(names)s.",
                         "At the end of the year %(n)d rules were in force: %(names)s.", len(in_force)) % {
        "n": len(in_force), "names": names or "—"}
    paragraph += _sentence_gap() + _("This year %(adopted)s and %(revised)s.") % {
        "adopted": ngettext("%(n)d rule was adopted", "%(n)d rules were adopted", adopted) % {"n": adopted},
        "revised": ngettext("%(n)d was revised", "%(n)d were revised", revised) % {"n": revised},
    }
    return Section(
        key="rules", title="",
        figures=[counted(_("Rules in force at the end of the year"), "rules", unit, year, when="in_force"),
                 counted(_("Rules adopted this year"), "rules", unit, year, when="adopted"),
                 counted(_("Rules revised this year"), "rules", unit, year, when="revised")],
        paragraph=paragraph,
    )


@section("training", gettext_noop("Education and training"))
def _training(unit, year, summary):
    from inspections.rows import ROW_SETS
    from registers.models import EventKind

    training = summary.training
    events = list(ROW_SETS["education_events"].rows(unit, year))
    if not training.people_count and not events:
        return None
    by_kind = Counter(event.kind for event in events)
    kinds = [(kind, label) for kind, label in EventKind.choices if by_kind.get(kind)]
    event_hours = sum((event.hours for event in events), start=Decimal("0"))
    rates = _attendance_by_post(unit, year)
    figures = [counted(_("People in the unit"), "people", unit, year),
               counted(_("People trained"), "people", unit, year, trained="yes"),
               counted(_("Education and publicity events"), "education_events", unit, year),
               *(counted(label, "education_events", unit, year, kind=kind) for kind, label in kinds),
               Figure(_("Hours of the events"), event_hours, rows="education_events", counts_rows=False),
               Figure(_("Training hours"), training.total_hours, rows="people", params={"trained": "yes"},
                      counts_rows=False),
               counted(_("Attendance taken"), "attendances", unit, year),
               counted(_("Present"), "attendances", unit, year, present="yes"),
               *(Figure(_("Attendance rate · %(post)s") % {"post": label}, _rate(row), rows="attendances",
                        params={"post": post}, counts_rows=False) for post, label, row in rates)]
    paragraph = ngettext(
        "%(trained)d of %(people)d person was trained this year: %(hours)s hours in %(courses)s.",
        "%(trained)d of %(people)d people were trained this year: %(hours)s hours in %(courses)s.",
        training.people_count,
    ) % {"trained": training.trained_count, "people": training.people_count, "hours": training.total_hours,
         "courses": ngettext("%(n)d event", "%(n)d events", training.course_count) % {"n": training.course_count}}
    if kinds:
        paragraph += _sentence_gap() + _("The unit held %(events)s: %(kinds)s, %(hours)s hours in all.") % {
            "events": ngettext("%(n)d education and publicity event", "%(n)d education and publicity events",
                               sum(by_kind.values())) % {"n": sum(by_kind.values())},
            "kinds": listing(f"{label} {by_kind[kind]}" for kind, label in kinds), "hours": event_hours}
    if rates:
        paragraph += _sentence_gap() + _("Attendance by post: %(rates)s.") % {
            "rates": listing(f"{label} {_rate(row)}" for _post, label, row in rates)}
    return Section(key="training", title="", figures=figures, paragraph=paragraph,
                   claims=[claim for claim in summary.claims if claim.key == "all_trained"])


def _attendance_by_post(unit, year):
    """(post, label, {present, recorded, rate}) for each post level whose people's attendance was taken."""
    from inspections.rows import ROW_SETS
    from registers.selectors import attendance_rate

    rows = {row["post"]: row for row in attendance_rate(ROW_SETS["attendances"].rows(unit, year).order_by(), "post")}
    return [(post, label, rows[post]) for post, label in PostLevel.choices if post in rows]


def _rate(row):
    return _("%(present)d of %(recorded)d (%(rate)d%%)") % row


@section("personnel", gettext_noop("Management of secret-related personnel"))
def _personnel(unit, year, summary):
    from people.models import Departure, Person

    people = Person.objects.filter(user__memberships__unit=unit, user__is_active=True).distinct()
    if not people.exists():
        return None
    by_post = dict(people.values_list("post_level").annotate(n=Count("pk", distinct=True)).values_list("post_level", "n"))
    secret_related = sum(n for post, n in by_post.items() if post != PostLevel.NONE)
    signed = people.exclude(post_level=PostLevel.NONE).filter(commitment_signed_on__isnull=False).count()
    departures = list(
        Departure.objects.filter(user__memberships__unit=unit, started_on__year=year).distinct()
        .select_related("user").order_by("started_on", "pk")
    )
    figures = [counted(label, "personnel", unit, year, post=value) for value, label in PostLevel.choices
               if value != PostLevel.NONE]
    figures += [counted(_("Confidentiality commitments signed"), "personnel", unit, year, signed="yes"),
                counted(_("Departures this year"), "departures", unit, year)]
    paragraph = _(
        "The unit has %(total)d secret-related people: %(core)d in core, %(important)d in important and %(general)d "
        "in general posts; %(signed)d have signed the confidentiality commitment."
    ) % {"total": secret_related, "core": by_post.get(PostLevel.CORE, 0), "important": by_post.get(PostLevel.IMPORTANT, 0),
         "general": by_post.get(PostLevel.GENERAL, 0), "signed": signed}
    if signed < secret_related:
        paragraph += _sentence_gap() + ngettext("%(n)d has not signed it yet.", "%(n)d have not signed it yet.",
                                    secret_related - signed) % {"n": secret_related - signed}
    rows = [
        _("%(person)s: %(kind)s, declassification period %(start)s to %(end)s (%(status)s)") % {
            "person": person_name(departure.user), "kind": departure.get_kind_display(), "start": departure.started_on.isoformat(),
            "end": departure.ends_on.isoformat(), "status": departure.get_status_display()}
        for departure in departures
    ]
    return Section(key="personnel", title="", figures=figures, paragraph=paragraph, rows=rows)


@section("documents", gettext_noop("Classified documents and carriers"))
def _documents(unit, year, summary):
    from documents.levels import Level

    figures = [counted(figure["label"], key, unit, year) for key, figure in summary.figures.items()]
    # Registration by level, as the seeds report it, right after the documents registered.
    figures[1:1] = [counted(f"{summary.figures['registered']['label']} · {level.label}", "registered", unit, year,
                            level=level.value) for level in sorted(Level, reverse=True)]
    registered, copies = summary.figures["registered"]["count"], summary.figures["copies_registered"]["count"]
    parts = [
        ngettext("%(n)d document was registered, with %(copies)s.",
                 "%(n)d documents were registered, with %(copies)s.", registered)
        % {"n": registered, "copies": _copies(copies)},
    ]
    for row in summary.inventories:
        parts.append(ngettext(
            "The inventory of %(registry)s closed on %(date)s checked %(total)s: %(seen)d seen, %(bad)d discrepancy.",
            "The inventory of %(registry)s closed on %(date)s checked %(total)s: %(seen)d seen, %(bad)d discrepancies.",
            row["discrepancies"],
        ) % {"registry": row["inventory"].registry.code, "date": _local_date(row["inventory"].closed_at),
             "total": _copies(row["total"]), "seen": row["seen"], "bad": row["discrepancies"]})
        if row["devices"]:
            parts.append(_("It also counted %(devices)s: %(missing)d found missing.")
                         % {"devices": _devices_counted(row["devices"]), "missing": row["devices_missing"]})
    if not summary.inventories:
        parts.append(_("No inventory was closed this year."))
    return Section(key="documents", title="", figures=figures, paragraph=_sentence_gap().join(parts),
                   claims=[claim for claim in summary.claims if claim.key in ("according_to_procedure", "no_copy_lost")])


def _copies(n):
    return ngettext("%(n)d copy", "%(n)d copies", n) % {"n": n}


def _devices_counted(n):
    return ngettext("%(n)d classified computer or storage medium", "%(n)d classified computers and storage media", n) % {
        "n": n
    }


@section("devices", gettext_noop("Management of classified computers and storage media"))
def _devices(unit, year, summary):
    from carriers.models import Device, DeviceStatus
    from carriers.models.device import DeviceKind
    from documents.levels import Level
    from documents.models import DestructionDeviceItem, DestructionStatus

    devices = Device.objects.filter(unit=unit)
    if not devices.exists():
        return None
    in_use = devices.exclude(status=DeviceStatus.SCRAPPED)
    counts = dict(((kind, level), n) for kind, level, n in in_use.values_list("kind", "level").annotate(n=Count("pk")))
    figures = []
    for kind, kind_label in DeviceKind.choices:
        for level in sorted(Level, reverse=True):
            if counts.get((kind, level.value)):
                figures.append(counted(f"{kind_label} · {level.label}", "devices", unit, year, kind=kind, level=level.value))
    scrapped = DestructionDeviceItem.objects.filter(
        device__unit=unit, list__status=DestructionStatus.EXECUTED, list__executed_on__year=year
    ).count()
    in_repair = in_use.filter(status=DeviceStatus.IN_REPAIR).count()
    figures += [counted(_("Scrapped this year (destruction certificate)"), "devices_scrapped", unit, year),
                counted(_("In repair"), "devices", unit, year, repair="yes")]
    paragraph = ngettext(
        "The unit keeps %(n)d classified computer or storage medium in its register; %(scrapped)d were scrapped this year "
        "with a destruction certificate.",
        "The unit keeps %(n)d classified computers and storage media in its register; %(scrapped)d were scrapped this "
        "year with a destruction certificate.",
        in_use.count(),
    ) % {"n": in_use.count(), "scrapped": scrapped}
    work_figures, sentences = _device_work(unit, year)
    return Section(key="devices", title="", figures=figures + work_figures,
                   paragraph=_sentence_gap().join([paragraph, *sentences]))


def _device_work(unit, year):
    """Section 六 continued: the periodic checks of the year and what they found, media lent and returned,
    non-classified computers registered (the rows in inspections.rows)."""
    from inspections.models import DeviceCheckResult
    from inspections.rows import ROW_SETS

    checks = ROW_SETS["device_checks"].rows(unit, year)
    found = list(checks.filter(result=DeviceCheckResult.PROBLEM).select_related("device"))
    lent = ROW_SETS["medium_loans"].rows(unit, year)
    figures = [
        counted(_("Periodic checks made"), "device_checks", unit, year),
        counted(_("Checks that found a problem"), "device_checks", unit, year, result=DeviceCheckResult.PROBLEM),
        counted(_("Storage media lent"), "medium_loans", unit, year),
        counted(_("Storage media returned"), "medium_loans", unit, year, returned="yes"),
        counted(_("Non-classified computers registered"), "open_computers", unit, year),
    ]
    sentences = [ngettext("%(n)d periodic check of its devices was made in the year.",
                          "%(n)d periodic checks of its devices were made in the year.", checks.count())
                 % {"n": checks.count()}]
    if found:
        sentences.append(_("Problems found: %(findings)s.") % {"findings": listing(
            [f"{check.device.asset_number} {check.checked_on.isoformat()}{bracketed(check.findings)}" for check in found])})
    sentences.append(_("Storage media lent in the year: %(lent)d, of which returned: %(returned)d. Non-classified "
                       "computers registered: %(open)d.")
                     % {"lent": lent.count(), "returned": lent.filter(returned_on__isnull=False).count(),
                        "open": ROW_SETS["open_computers"].rows(unit, year).count()})
    return figures, sentences


@section("archives", gettext_noop("Archives management"))
def _archives(unit, year, summary):
    from archives.models import Consultation, FiledCopy, ReadingRoomSession
    from archives.models.consultation import ConsultationKind

    filed = FiledCopy.objects.filter(volume__registry__unit=unit, filed_at__year=year)
    volumes = filed.values("volume").distinct().count()
    sessions = ReadingRoomSession.objects.filter(consultation__registry__unit=unit, time_in__year=year).count()
    outside = Consultation.objects.filter(registry__unit=unit, kind=ConsultationKind.OUTSIDE, requested_at__year=year)
    outside_with_letter = outside.exclude(letter_number="").count()
    if not (filed.exists() or sessions or outside.exists()):
        return None
    figures = [counted(_("Copies filed"), "filed_copies", unit, year),
               counted(_("Volumes filed into"), "volumes_filed", unit, year),
               counted(_("Reading-room sessions"), "sessions", unit, year),
               counted(_("Outside consultations"), "outside_consultations", unit, year),
               counted(_("with an introduction letter"), "outside_consultations", unit, year, letter="yes")]
    # Each count has its own clause, so that one volume or one session reads in the singular.
    filed_count, outside_count = filed.count(), outside.count()
    paragraph = _("%(filed)s into %(volumes)s; %(sessions)s; %(outside)s, %(letters)s.") % {
        "filed": ngettext("%(n)d copy was filed", "%(n)d copies were filed", filed_count) % {"n": filed_count},
        "volumes": ngettext("%(n)d volume", "%(n)d volumes", volumes) % {"n": volumes},
        "sessions": ngettext("archives were consulted in %(n)d reading-room session",
                             "archives were consulted in %(n)d reading-room sessions", sessions) % {"n": sessions},
        "outside": ngettext("%(n)d consultation by outside units", "%(n)d consultations by outside units",
                            outside_count) % {"n": outside_count},
        "letters": _("%(n)d of them with an introduction letter") % {"n": outside_with_letter},
    }
    return Section(key="archives", title="", figures=figures, paragraph=paragraph)


@section("classification", gettext_noop("Classification and declassification"))
def _classification(unit, year, summary):
    from documents.models import ClassificationDecision, DecisionKind, Document

    decisions = ClassificationDecision.objects.filter(document__registry__unit=unit, decided_at__year=year)
    counts = dict(decisions.values_list("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    ending = Document.objects.filter(registry__unit=unit, period_ends_on__year=year).count()
    if not counts and not ending:
        return None
    figures = [counted(label, "decisions", unit, year, kind=value) for value, label in DecisionKind.choices]
    figures.append(counted(_("Documents whose secrecy period ends this year"), "period_ending", unit, year))
    declassified, extended = counts.get(DecisionKind.DECLASSIFY, 0), counts.get(DecisionKind.EXTEND, 0)
    changed = counts.get(DecisionKind.CHANGE_LEVEL, 0)
    paragraph = _("%(declassified)s, %(extended)s and %(changed)s; %(ending)s.") % {
        "declassified": ngettext("%(n)d document was declassified", "%(n)d documents were declassified",
                                 declassified) % {"n": declassified},
        "extended": ngettext("%(n)d had its secrecy period extended", "%(n)d had their secrecy period extended",
                             extended) % {"n": extended},
        "changed": ngettext("%(n)d its level changed", "%(n)d their level changed", changed) % {"n": changed},
        "ending": ngettext("the secrecy period of %(n)d document ends this year",
                           "the secrecy period of %(n)d documents ends this year", ending) % {"n": ending},
    }
    return Section(key="classification", title="", figures=figures, paragraph=paragraph)


@section("key_departments", gettext_noop("Key departments and places"))
def _key_departments(unit, year, summary):
    from inspections.rows import ROW_SETS
    from registers.models import CheckResult

    parts = list(ROW_SETS["key_parts"].rows(unit, year))
    checks = ROW_SETS["key_part_checks"].rows(unit, year)
    if not parts and not checks.exists() and not unit.is_key_department:
        return None
    problems = list(checks.filter(result=CheckResult.PROBLEMS))
    sentences = [_("%(unit)s is a key department.") % {"unit": unit.name}] if unit.is_key_department else []
    sentences.append(ngettext("It has %(n)d key part: %(parts)s.", "It has %(n)d key parts: %(parts)s.", len(parts)) % {
        "n": len(parts), "parts": listing(f"{part.name}{bracketed(part.location)}" for part in parts) or "—"})
    total = checks.count()
    sentences.append(ngettext("Its protections were checked %(n)d time this year", "Its protections were checked %(n)d "
                              "times this year", total) % {"n": total}
                     + (_("; %(problems)s: %(findings)s.") % {
                         "problems": ngettext("%(n)d check found problems", "%(n)d checks found problems",
                                              len(problems)) % {"n": len(problems)},
                         "findings": list_semicolon().join(f"{check.part.name}{colon()}{check.findings}" for check in problems),
                     } if problems else _(", and no check found a problem.")))
    return Section(
        key="key_departments", title="",
        figures=[counted(_("Key parts in use at the end of the year"), "key_parts", unit, year),
                 counted(_("Checks of key parts this year"), "key_part_checks", unit, year),
                 counted(_("Checks that found problems"), "key_part_checks", unit, year, result=CheckResult.PROBLEMS)],
        paragraph=_sentence_gap().join(sentences),
    )


@section("disclosure", gettext_noop("Disclosure review and data provided outside"))
def _disclosure(unit, year, summary):
    from inspections.rows import ROW_SETS
    from registers.models import Decision

    reviewed = ROW_SETS["publications_reviewed"].rows(unit, year)
    provisions = list(ROW_SETS["provisions"].rows(unit, year))
    total = reviewed.count()
    if not total and not provisions and not ROW_SETS["publications_released"].rows(unit, year).exists():
        return None
    counts = dict(reviewed.values_list("decision").annotate(n=Count("pk")).values_list("decision", "n"))
    released = ROW_SETS["publications_released"].rows(unit, year).count()
    sentences = [ngettext("%(n)d item was reviewed for secrets before publication this year",
                          "%(n)d items were reviewed for secrets before publication this year", total) % {"n": total}
                 + _(" (%(approved)s, %(changes)s, %(refused)s); %(released)s.") % {
                     "approved": _("%(n)d may be published") % {"n": counts.get(Decision.APPROVED, 0)},
                     "changes": _("%(n)d after changes") % {"n": counts.get(Decision.WITH_CHANGES, 0)},
                     "refused": _("%(n)d may not be published") % {"n": counts.get(Decision.REFUSED, 0)},
                     "released": ngettext("%(n)d was released", "%(n)d were released", released) % {"n": released}}]
    if provisions:
        recipients = listing(dict.fromkeys(item.recipient for item in provisions))
        sentences.append(ngettext("Data or material was provided to an outside unit %(n)d time, to %(recipients)s, each "
                                  "on an introduction letter and approved by a leader.",
                                  "Data or material was provided to outside units %(n)d times, to %(recipients)s, each "
                                  "on an introduction letter and approved by a leader.", len(provisions))
                         % {"n": len(provisions), "recipients": recipients})
    else:
        sentences.append(_("No data or material was provided to an outside unit."))
    figures = [counted(_("Items reviewed for publication"), "publications_reviewed", unit, year)]
    figures += [counted(str(label), "publications_reviewed", unit, year, decision=value) for value, label in Decision.choices]
    figures += [counted(_("Items released"), "publications_released", unit, year),
                counted(_("Provisions to outside units"), "provisions", unit, year)]
    return Section(key="disclosure", title="", figures=figures, paragraph=_sentence_gap().join(sentences))


@section("self_inspection", gettext_noop("Self-inspection and rectification"))
def _self_inspection(unit, year, summary):
    from inspections.models import RectificationStatus

    inspection = summary.self_inspection
    if inspection is None:
        return None
    items = list(inspection.rectifications.select_related("owner").order_by("deadline", "pk"))
    figures = [counted(_("Rectification items"), "rectifications", unit, year),
               counted(_("Rectified"), "rectifications", unit, year, status=RectificationStatus.DONE),
               counted(_("Open"), "rectifications", unit, year, status=RectificationStatus.OPEN)]
    if inspection.total is not None:
        figures.insert(0, Figure(_("Self-inspection score"), f"{inspection.total} / {inspection.maximum}",
                                 rows="rectifications", counts_rows=False))
        paragraph = _("The self-inspection scored %(total)s of %(max)s (%(pct)s%%); %(items)d problems became "
                      "rectification items, %(done)d of them rectified.") % {
            "total": inspection.total, "max": inspection.maximum, "pct": inspection.percentage, "items": len(items),
            "done": summary.rectifications.get("done", 0)}
    else:
        paragraph = _("The self-inspection of this year is still being scored.")
    rows = [
        _("%(problem)s; owner %(owner)s, deadline %(deadline)s, %(status)s") % {
            "problem": item.problem, "owner": person_name(item.owner), "deadline": item.deadline.isoformat(),
            "status": item.get_status_display()}
        for item in items
    ]
    return Section(key="self_inspection", title="", figures=figures, paragraph=paragraph, rows=rows)


@section("incidents", gettext_noop("Leaks and violations"))
def _incidents(unit, year, summary):
    """From the register of incidents: by kind, reported to the bureau in time or late, results, closed."""
    from documents.models import IncidentKind, IncidentStatus
    from inspections.rows import BUREAU_STATES, RESULT_STATES, ROW_SETS
    from registers.services.incidents import bureau_clock, result_clock

    incidents = list(ROW_SETS["incidents_of_year"].rows(unit, year))
    claims = [claim for claim in summary.claims if claim.key == "no_leak"]
    figures = [counted(_("Incidents discovered this year"), "incidents_of_year", unit, year)]
    if not incidents:
        return Section(key="incidents", title="", figures=figures, claims=claims,
                       paragraph=_("No incident was discovered this year: no leak, no violation is recorded in the "
                                   "register of incidents."))
    kinds = [kind for kind in IncidentKind if any(incident.kind == kind for incident in incidents)]
    figures += [counted(f"{_('Incidents discovered this year')} · {kind.label}", "incidents_of_year", unit, year,
                        kind=kind.value) for kind in kinds]
    named = {
        "in_time": counted(_("Reported to the secrecy bureau within 24 hours"), "incidents_of_year", unit, year,
                           bureau="in_time"),
        "late": counted(_("Reported late"), "incidents_of_year", unit, year, bureau="late"),
        "missing": counted(_("Not reported"), "incidents_of_year", unit, year, bureau="missing"),
        "results": counted(_("Investigations concluded within 3 months"), "incidents_of_year", unit, year,
                           result="in_time"),
        "results_late": counted(_("Investigations concluded late"), "incidents_of_year", unit, year, result="late"),
        "overdue": counted(_("Results overdue"), "incidents_of_year", unit, year, result="overdue"),
        "closed": counted(_("Closed"), "incidents_of_year", unit, year, status=IncidentStatus.CLOSED),
    }
    figures += named.values()
    by_kind = listing([_("%(kind)s: %(n)d") % {"kind": kind.label, "n": sum(incident.kind == kind for incident in incidents)}
                       for kind in kinds])
    parts = [
        ngettext("%(n)d incident was discovered this year (%(kinds)s).",
                 "%(n)d incidents were discovered this year (%(kinds)s).", len(incidents))
        % {"n": len(incidents), "kinds": by_kind},
        _("%(in_time)d reported to the secrecy bureau within 24 hours, %(late)d late, %(missing)d not reported; "
          "%(results)d investigations concluded within 3 months, %(results_late)d late, %(overdue)d overdue; "
          "%(closed)d closed.") % {key: figure.value for key, figure in named.items()},
    ]
    rows = [_("%(kind)s, discovered %(date)s: %(bureau)s; %(result)s; %(status)s") % {
        "kind": incident.get_kind_display() + (f" · {incident.copy.label}" if incident.copy_id else ""),
        "date": _local_date(incident.discovered_at), "bureau": BUREAU_STATES[bureau_clock(incident).state],
        "result": RESULT_STATES[result_clock(incident).state], "status": incident.get_status_display()}
        for incident in incidents]
    return Section(key="incidents", title="", figures=figures, paragraph=_sentence_gap().join(parts), rows=rows,
                   claims=claims)


@section("next_year", gettext_noop("Problems and plans for next year"))
def _next_year(unit, year, summary):
    problems = [failure.sentence.rstrip(":：") for claim in summary.claims for failure in claim.failures]
    if not problems:
        return Section(key="next_year", title="", paragraph=_(
            "The registry records no open problem. Next year the office keeps the registers of this summary up to date."))
    return Section(key="next_year", title="", rows=problems, paragraph=_(
        "The problems the registry records, to be resolved next year:"))


def _sentence_gap():
    """Chinese sentences follow each other with no space after the full stop; English ones with one."""
    return "" if _zh() else " "


def _zh():
    return bool(get_language()) and get_language().lower().startswith("zh")


@dataclass
class Report:
    unit: object
    year: int
    sections: list
    leaders: list
    prepared_by: list
    separator: str = ", "


def section_keys():
    return [key for key, _title, _build in SECTIONS]


def build_report(unit, year, summary, prose=None) -> Report:
    """The report of `unit` and `year`; `prose` ({section key: text}) is what the office wrote over the drafts."""
    from inspections.rows import rows_url

    prose = prose or {}
    sections = []
    for position, (key, title, build) in enumerate(SECTIONS, start=1):
        built = build(unit, year, summary)
        if built is None:
            built = Section(key=key, title="", recorded=False, paragraph=_nothing())
        built.key, built.title, built.number = key, _(title), _numeral(position)
        built.figures = [figure if isinstance(figure, Figure) else Figure(*figure) for figure in built.figures]
        for figure in built.figures:
            figure.href = rows_url(figure.rows, unit, year, **figure.params) if figure.rows else ""
        built.drafted = built.paragraph
        if prose.get(key):
            built.paragraph, built.edited = prose[key], True
        sections.append(built)
    return Report(unit=unit, year=year, sections=sections,
                  leaders=[person_name(user) for user in members(unit, Role.LEADER)],
                  prepared_by=[person_name(user) for user in members(unit, Role.CLERK)],
                  separator="、" if _zh() else ", ")

