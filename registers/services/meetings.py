"""The unit's register of meetings: secrecy work meetings (保密工作会议) and secret-related meetings (涉密会议).

A clerk or a leader of the unit enters, corrects and withdraws a meeting; an inspector of the unit reads it.

A secret-related meeting's materials are registered copies handed to the attendees and taken back at its end.
That is no procedure of its own: each copy gets a reading list of one reader, the attendee
(documents.services.bulk.propose_own_circulations), a leader approves the lists, and the clerk hands the copies
out and takes them back through the circulation steps (documents.services.bulk.move_stack), all or nothing, so
every rule of a hand-out holds (knowledge scope, signed commitment, never to oneself) and a copy not handed in
stays out with its holder on the ledger, in the inbox and in the overdue notices like any other. The first
take-back is the end of the meeting; a copy handed in after it came back late, and its take-back, made here or
on the scan page, is the same circulation's, so the meeting shows it.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy

from documents.models import Circulation, CirculationStatus, CopyStatus, Document
from documents.models.circulation import ACTIVE_STATUSES
from documents.punctuation import listing
from documents.selectors import eligible_custodians
from documents.services import bulk, decisions_bulk
from documents.services.errors import InvalidInput, InvalidState, NotPermitted, first_refusal, raise_if
from documents.services.recording import require_reason, stamp, visible_text
from people.names import person_name
from people.roles import Role
from people.selectors import has_role
from registers.models import Meeting, MeetingAttendee, MeetingCopy, MeetingKind
from registers.selectors import KEEPERS
from registers.services.entries import correct_entry, lock_entry, save_entry, withdraw_entry

MEETING_FIELDS = ("kind", "name", "held_on", "chaired_by", "guests", "topics", "decisions")
# A secret-related meeting is entered ahead, so that its materials' reading lists are approved before it opens.
AHEAD = datetime.timedelta(days=90)
MAX_ATTENDEES = 200
REQUIRED_TEXT = {
    "name": gettext_lazy("Give the meeting a title, e.g. the first secrecy work meeting of the year."),
    "chaired_by": gettext_lazy("Say who chaired the meeting."),
    "topics": gettext_lazy("Say what the meeting was about."),
}


def keeper_refusal(user, unit):
    if not any(has_role(user, role, unit) for role in KEEPERS):
        return NotPermitted(_("Only a secrecy clerk or a leader of %(unit)s keeps its register of meetings.") % {"unit": unit})
    return None


def _withdrawn_refusal(meeting):
    if not meeting.in_use:
        return InvalidState(_("“%(meeting)s” was withdrawn on %(date)s; its record is final.")
                            % {"meeting": meeting.name, "date": meeting.withdrawn_on.isoformat()})
    return None


def _materials_refusal(meeting, user):
    """Who handles a secret-related meeting's materials: a secrecy clerk of the unit (the circulation steps' clerk)."""
    if not meeting.is_secret:
        return InvalidState(_("Only a secret-related meeting has materials handed out and taken back."))
    if not has_role(user, Role.CLERK, meeting.unit):
        return NotPermitted(_("Only a secrecy clerk of %(unit)s hands out and takes back a meeting's materials.")
                            % {"unit": meeting.unit})
    return _withdrawn_refusal(meeting)


def _circulations(meeting, *statuses):
    circulations = Circulation.objects.filter(meeting_copy__meeting=meeting)
    return circulations.filter(status__in=statuses) if statuses else circulations


def check_record_meeting(unit, user):
    return keeper_refusal(user, unit)


def check_correct_meeting(meeting, user):
    return first_refusal(keeper_refusal(user, meeting.unit), _withdrawn_refusal(meeting))


def check_withdraw_meeting(meeting, user):
    refusal = check_correct_meeting(meeting, user)
    if refusal is None and _circulations(meeting, *ACTIVE_STATUSES).exists():
        return InvalidState(_("The meeting's materials are still under way: take every copy back, or have the "
                              "reading lists rejected or cancelled, before withdrawing the meeting."))
    return refusal


def check_prepare_materials(meeting, user):
    refusal = _materials_refusal(meeting, user)
    if refusal is None and meeting.ended_at is not None:
        return InvalidState(_("The meeting's materials were taken back at its end; no more are handed out."))
    if refusal is None and not meeting.attendees.exists():
        return InvalidState(_("Enter the attendees first: each of them gets a copy."))
    return refusal


def check_approve_materials(meeting, user):
    """A leader of the unit approves the reading lists waiting (each list's own check is asked as it is approved)."""
    if not meeting.is_secret or not has_role(user, Role.LEADER, meeting.unit):
        return NotPermitted(_("Only a leader of %(unit)s approves the reading lists of a meeting's materials.")
                            % {"unit": meeting.unit})
    if not _circulations(meeting, CirculationStatus.PROPOSED).exists():
        return InvalidState(_("No reading list of the meeting's materials is waiting for approval."))
    return _withdrawn_refusal(meeting)


def check_hand_out_materials(meeting, user):
    refusal = _materials_refusal(meeting, user)
    if refusal is not None:
        return refusal
    if meeting.ended_at is not None:
        return InvalidState(_("The meeting's materials were taken back at its end; no more are handed out."))
    if meeting.held_on > timezone.localdate():
        return InvalidState(_("The materials are handed out at the meeting, on %(date)s.")
                            % {"date": meeting.held_on.isoformat()})
    if not _circulations(meeting, CirculationStatus.APPROVED).exists():
        return InvalidState(_("No copy of the materials is approved and waiting to be handed out."))
    return None


def check_take_back_materials(meeting, user):
    refusal = _materials_refusal(meeting, user)
    if refusal is None and not out_copies(meeting).exists():
        return InvalidState(_("No copy of the meeting's materials is out."))
    return refusal


def out_copies(meeting):
    """The meeting's circulations whose copy an attendee holds now."""
    return _circulations(meeting, CirculationStatus.IN_PROGRESS).filter(
        entries__handed_out_at__isnull=False, entries__returned_at__isnull=True)


def meeting_copies_out(meetings):
    """How many copies of the materials of `meetings` an attendee holds now."""
    return MeetingCopy.objects.filter(
        meeting__in=meetings.values("pk"), circulation__status=CirculationStatus.IN_PROGRESS,
        circulation__entries__handed_out_at__isnull=False, circulation__entries__returned_at__isnull=True,
    ).count()


def _cleaned(fields, *, unit, meeting=None):
    values = {name: fields.get(name, getattr(meeting, name, None) if meeting else None) for name in MEETING_FIELDS}
    errors = {}
    for name in ("name", "chaired_by", "guests", "topics", "decisions"):
        values[name] = visible_text(values[name])
    for name, message in REQUIRED_TEXT.items():
        if not values[name]:
            errors[name] = [str(message)]
    if values["kind"] not in MeetingKind.values:
        errors["kind"] = [_("Say whether it is a secrecy work meeting or a secret-related meeting.")]
    elif meeting is not None and values["kind"] != meeting.kind and meeting.copies.exists():
        errors["kind"] = [_("Materials were handed out at this meeting: it stays a secret-related meeting.")]
    held_on, today = values["held_on"], timezone.localdate()
    if held_on is None:
        errors["held_on"] = [_("Give the date of the meeting.")]
    elif values["kind"] == MeetingKind.SECRET and held_on > today + AHEAD:
        errors["held_on"] = [_("A secret-related meeting is entered at most 90 days ahead.")]
    elif values["kind"] != MeetingKind.SECRET and held_on > today:
        errors["held_on"] = [_("A secrecy work meeting is entered once held: the date cannot be after today.")]
    if errors:
        raise InvalidInput(errors)
    return values


def _cleaned_attendees(attendees, *, unit, meeting=None):
    attendees = list(attendees or [])
    ids = [person.pk for person in attendees]
    if not attendees:
        raise InvalidInput({"attendees": [_("Pick the people of the unit who attended.")]})
    if len(set(ids)) != len(ids) or len(ids) > MAX_ATTENDEES:
        raise InvalidInput({"attendees": [_("Each person is on the list once, at most %(n)d people.") % {"n": MAX_ATTENDEES}]})
    if eligible_custodians(unit).filter(pk__in=ids).count() != len(ids):
        raise InvalidInput({"attendees": [_("Pick active people of %(unit)s in a secret-related role; write anyone "
                                            "else under other attendees.") % {"unit": unit}]})
    if meeting is not None:
        holding = [row.person for row in meeting.attendees.exclude(person__in=ids).select_related("person")
                   if _circulations(meeting).filter(entries__reader=row.person).exists()]
        if holding:
            raise InvalidInput({"attendees": [_("%(names)s had a copy of the materials; they stay on the list.")
                                              % {"names": listing(person_name(person) for person in holding)}]})
    return attendees


def _write_attendees(meeting, attendees, *, by, reason):
    """The list as given, in order: rows of people no longer on it are removed (with their history row)."""
    kept = {row.person_id: row for row in meeting.attendees.all()}
    wanted = [person.pk for person in attendees]
    for person_id, row in kept.items():
        if person_id not in wanted:
            stamp(row, by=by, reason=reason).delete()
    for position, person in enumerate(attendees, start=1):
        row = kept.get(person.pk) or MeetingAttendee(meeting=meeting, person=person)
        if row.pk is None or row.position != position:
            row.position = position
            stamp(row, by=by, reason=reason).save()


def _twin_message(unit):
    return _("The meeting could not be saved; try again.")


def record_meeting(*, unit, by, reason, attendees, **fields) -> Meeting:
    reason = require_reason(reason)
    raise_if(check_record_meeting(unit, by))
    values = _cleaned(fields, unit=unit)
    attendees = _cleaned_attendees(attendees, unit=unit)
    with transaction.atomic():
        meeting = save_entry(Meeting(unit=unit, **values), by=by, reason=reason, twin_message=_twin_message)
        _write_attendees(meeting, attendees, by=by, reason=reason)
    return meeting


def correct_meeting(*, meeting, by, reason, attendees, **fields) -> Meeting:
    reason = require_reason(reason)
    with transaction.atomic():
        meeting = lock_entry(meeting)
        raise_if(check_correct_meeting(meeting, by))
        values = _cleaned(fields, unit=meeting.unit, meeting=meeting)
        attendees = _cleaned_attendees(attendees, unit=meeting.unit, meeting=meeting)
        same_people = [person.pk for person in attendees] == list(meeting.attendees.values_list("person_id", flat=True))
        if same_people:
            return correct_entry(meeting, values, by=by, reason=reason, twin_message=_twin_message)
        for name, value in values.items():
            setattr(meeting, name, value)
        save_entry(meeting, by=by, reason=reason, twin_message=_twin_message)
        _write_attendees(meeting, attendees, by=by, reason=reason)
    return meeting


def withdraw_meeting(*, meeting, by, reason) -> Meeting:
    return withdraw_entry(meeting, by=by, reason=reason, check=check_withdraw_meeting)


def _material_copies(meeting, document, count):
    """The copies of `document` in the registry, lowest copy number first, that can go round now (no list under way)."""
    under_way = Circulation.objects.filter(copy__document=document, status__in=ACTIVE_STATUSES).values("copy_id")
    copies = list(document.copies.filter(status=CopyStatus.IN_REGISTRY).exclude(pk__in=under_way)
                  .select_related("document__registry__unit").order_by("number")[:count])
    if len(copies) < count:
        raise InvalidInput({"document": [_("%(document)s has %(have)d copies in the registry free to go round; the "
                                           "meeting has %(need)d attendees, one copy each.")
                                         % {"document": document.registry_number, "have": len(copies), "need": count}]})
    return copies


def prepare_materials(*, meeting, document, by, reason) -> list[MeetingCopy]:
    """A reading list for each attendee with a copy of `document` of their own (the copies in number order follow the
    list of attendees), each waiting for a leader's approval. All or nothing: the refusal names the copy and why,
    e.g. the attendee with no signed confidentiality commitment on file."""
    reason = require_reason(reason)
    with transaction.atomic():
        meeting = lock_entry(meeting)
        raise_if(check_prepare_materials(meeting, by))
        if not isinstance(document, Document) or document.registry.unit_id != meeting.unit_id:
            raise InvalidInput({"document": [_("Name a document of the registry of %(unit)s.") % {"unit": meeting.unit}]})
        attendees = [row.person for row in meeting.attendees.select_related("person").order_by("position", "pk")]
        copies = _material_copies(meeting, document, len(attendees))
        circulations = bulk.propose_own_circulations(
            lists=[(copy, [person]) for copy, person in zip(copies, attendees)], by=by, reason=reason)
        made = []
        for circulation in circulations:
            row = MeetingCopy(meeting=meeting, circulation=circulation)
            stamp(row, by=by, reason=reason).save()
            made.append(row)
    return made


def approve_materials(*, meeting, by, reason) -> list[Circulation]:
    """The leader approves every reading list of the materials waiting, through the bulk approval: all or none."""
    reason = require_reason(reason)
    with transaction.atomic():
        meeting = lock_entry(meeting)
        raise_if(check_approve_materials(meeting, by))
        waiting = list(_circulations(meeting, CirculationStatus.PROPOSED).select_related("copy").order_by("pk"))
        return decisions_bulk.approve_several(items=waiting, by=by, reason=reason)


def hand_out_materials(*, meeting, by, reason):
    """At the meeting: every approved copy to its attendee, in one go; one refusal and none is handed out."""
    reason = require_reason(reason)
    with transaction.atomic():
        meeting = lock_entry(meeting)
        raise_if(check_hand_out_materials(meeting, by))
        ready = _circulations(meeting, CirculationStatus.APPROVED).select_related("copy").order_by("pk")
        return bulk.move_stack(moves=[(circulation, bulk.HAND_OUT) for circulation in ready],
                               by=by, reason=reason)


def take_back_materials(*, meeting, circulations, by, reason):
    """The copies handed in (`circulations` of this meeting, out now) come back; the first take-back ends the meeting,
    so a copy handed in later is late. A copy not handed in stays out with its holder."""
    reason = require_reason(reason)
    with transaction.atomic():
        meeting = lock_entry(meeting)
        raise_if(check_take_back_materials(meeting, by))
        out = {circulation.pk: circulation for circulation in out_copies(meeting).select_related("copy")}
        picked = [out.get(getattr(circulation, "pk", circulation)) for circulation in circulations or []]
        if not picked or None in picked:
            raise InvalidInput({"circulations": [_("Tick the copies handed in, among those still out.")]})
        done = bulk.move_stack(moves=[(circulation, bulk.TAKE_BACK) for circulation in picked], by=by, reason=reason)
        if meeting.ended_at is None:
            meeting.ended_at = timezone.now()
            stamp(meeting, by=by, reason=reason).save(update_fields=["ended_at"])
    return done


@dataclass
class Material:
    """One copy of the materials as the meeting page shows it: with whom, and whether it is back (and late)."""

    row: MeetingCopy
    circulation: Circulation
    entry: object

    @property
    def copy(self):
        return self.circulation.copy

    @property
    def attendee(self):
        return self.entry.reader if self.entry else None

    @property
    def label(self):
        return f"{self.copy.label} · {person_name(self.attendee)}" if self.attendee else self.copy.label

    @property
    def is_out(self):
        return self.entry is not None and self.entry.is_out

    @property
    def is_back(self):
        return self.entry is not None and self.entry.returned_at is not None

    @property
    def late(self):
        ended = self.row.meeting.ended_at
        return self.is_back and ended is not None and self.entry.returned_at > ended

    @property
    def state(self):
        if self.is_back:
            return _("Came back late") if self.late else _("Back")
        if self.is_out:
            return _("Out with the attendee")
        return self.circulation.get_status_display()


def materials(meeting) -> list[Material]:
    """The meeting's copies with their circulation and its one entry, in three queries whatever their number."""
    rows = list(meeting.copies.select_related("meeting", "circulation__copy__document__registry",
                                              "circulation__copy__holder")
                .prefetch_related("circulation__entries__reader", "circulation__entries__received_by").order_by("pk"))
    return [Material(row, row.circulation, next(iter(row.circulation.entries.all()), None)) for row in rows]
