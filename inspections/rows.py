"""The rows behind each figure of the annual summary, one row set per kind of figure.

A figure on the summary is `rows(unit, year, **params).count()` of one row set
here (or a sum over its rows), and its link opens the same row set on the rows
page, so an inspector counts the figure again from the rows it links to. The
rows are the unit's whatever the reader's knowledge scope (the summary is the
unit's, see inspections.summary), and no cell is a document's title: copies
and documents are named by registry number, volumes by volume number.

A row set declares its columns, its queryset and its cells; `params` names the
query parameters it accepts and their allowed values, so a figure such as
"core posts" or "secret computers" is one row set with a parameter.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.names import person_name
from people.roles import PostLevel, Role


@dataclass
class RowSet:
    key: str
    label: object
    columns: tuple
    build: object  # (unit, year, **params) -> QuerySet
    cells: object  # (row) -> list of (text, url or None)
    params: dict = field(default_factory=dict)  # name -> () -> [(allowed value, its label)]

    def rows(self, unit, year, **params):
        return self.build(unit, year, **params)

    def clean(self, query) -> dict | None:
        """The parameters of `query` this row set takes, or None if one is not an allowed value."""
        cleaned = {}
        for name, allowed in self.params.items():
            value = query.get(name)
            if value is None or value == "":
                continue
            if str(value) not in {str(choice) for choice, _label in allowed()}:
                return None
            cleaned[name] = value
        return cleaned

    def title(self, params) -> str:
        """The row set's label with what its parameters select, e.g. "Documents registered · Secret"."""
        parts = [str(self.label)]
        for name, value in params.items():
            parts += [str(label) for choice, label in self.params[name]() if str(choice) == str(value)]
        return " · ".join(parts)


ROW_SETS: dict[str, RowSet] = {}


def row_set(key, label, columns, *, cells, params=None):
    def register(build):
        ROW_SETS[key] = RowSet(key=key, label=label, columns=columns, build=build, cells=cells, params=params or {})
        return build

    return register


def rows_url(key, unit, year, **params) -> str:
    query = {"unit": unit.pk, "year": year, **{name: value for name, value in params.items() if value not in (None, "")}}
    return f"{reverse('inspections:summary_rows', args=[key])}?{urlencode(query)}"


def _date(value):
    if value is None:
        return "—"
    if hasattr(value, "tzinfo"):
        return timezone.localtime(value).date().isoformat()
    return value.isoformat()


def _link(name, *args):
    return reverse(name, args=args)


# --- Documents and copies: the figures of section 五 (inspections.summary.FIGURES) --------------------------


def _document_cells(document):
    return [(document.registry_number, _link("documents:detail", document.pk)), (document.get_level_display(), None),
            (document.get_direction_display(), None), (_date(document.created_at), None)]


def _copy_cells(copy):
    return [(copy.label, _link("documents:detail", copy.document_id)), (copy.document.get_level_display(), None),
            (copy.get_status_display(), None)]


def _circulation_cells(item):
    return [(item.copy.label, _link("documents:circulation_detail", item.pk)), (_date(item.proposed_at), None),
            (person_name(item.proposed_by), None), (item.get_status_display(), None)]


def _loan_cells(loan):
    return [(loan.copy.label, _link("documents:detail", loan.copy.document_id)), (person_name(loan.borrower), None),
            (_date(loan.handed_out_at), None), (_date(loan.due_on), None), (_date(loan.returned_at), None),
            (loan.get_status_display(), None)]


def _incident_cells(incident):
    return [(incident.copy.label, _link("documents:incident", incident.pk)), (_date(incident.reported_at), None),
            (person_name(incident.reported_by), None), (incident.get_status_display(), None)]


_KINDS = {
    "documents": ((_("Registry number"), _("Level"), _("Direction"), _("Registered")), _document_cells),
    "copies": ((_("Copy"), _("Level"), _("Status")), _copy_cells),
    "circulations": ((_("Copy"), _("Proposed"), _("Proposed by"), _("Status")), _circulation_cells),
    "loans": ((_("Copy"), _("Borrower"), _("Handed out"), _("Due back on"), _("Returned"), _("Status")), _loan_cells),
    "incidents": ((_("Copy"), _("Reported"), _("Reported by"), _("Status")), _incident_cells),
}


def _levels():
    from documents.levels import Level

    return [(level.value, level.label) for level in Level]


def _directions():
    from documents.models import Direction

    return [(direction.value, direction.label) for direction in Direction]


def _register_figures():
    from inspections.summary import FIGURES, figure_rows

    for key, (label, kind, _build) in FIGURES.items():
        columns, cells = _KINDS[kind]

        def build(unit, year, key=key, level=None, direction=None):
            queryset = figure_rows(None, unit, year, key)[2]
            if level is not None:
                queryset = queryset.filter(level=level)
            if direction is not None:
                queryset = queryset.filter(direction=direction)
            return queryset

        params = {"level": _levels, "direction": _directions} if kind == "documents" else {}
        ROW_SETS[key] = RowSet(key=key, label=label, columns=columns, build=build, cells=cells, params=params)


_register_figures()


# --- People: sections 一, 三 and 四 ----------------------------------------------------------------------


def _person_cells(user):
    return [(person_name(user), _link("people:person", user.pk))]


@row_set("leaders", _("Leaders of the unit"), (_("Name"),), cells=_person_cells)
def _leaders(unit, year):
    from django.contrib.auth import get_user_model

    return (get_user_model().objects.filter(memberships__unit=unit, memberships__role=Role.LEADER, is_active=True)
            .distinct().order_by("last_name", "first_name", "username"))


def _people_of(unit):
    from django.contrib.auth import get_user_model

    from people.models import Membership

    return get_user_model().objects.filter(Exists(Membership.objects.filter(user=OuterRef("pk"), unit=unit)))


def _trained_cells(user):
    return [(person_name(user), _link("people:person", user.pk)), (str(user.courses), None), (str(user.hours or 0), None)]


@row_set("people", _("People in the unit"), (_("Name"), _("Events attended"), _("Training hours")), cells=_trained_cells,
         params={"trained": lambda: [("yes", _("trained this year")), ("no", _("not trained this year"))]})
def _people(unit, year, trained=None):
    from people.selectors import attended, hours_attended

    people = (_people_of(unit).annotate(courses=Count("attendances", filter=attended(year)))
              .annotate(hours=hours_attended(year)).order_by("last_name", "first_name", "username"))
    if trained == "yes":
        people = people.filter(courses__gt=0)
    elif trained == "no":
        people = people.filter(courses=0)
    return people


# --- Education and publicity: section 三 ----------------------------------------------------------------


def _kinds():
    from registers.models import EventKind

    return EventKind.choices


def _event_cells(event):
    return [(_date(event.held_on), None), (event.name, _link("registers:education_event", event.pk)),
            (event.get_kind_display(), None), (event.organiser or "—", None), (str(event.hours), None),
            (str(event.present_count), None), (str(event.recorded_count), None)]


@row_set("education_events", _("Education and publicity events"),
         (_("Held on"), _("Title"), _("Kind"), _("Organiser"), _("Hours"), _("Present"), _("Attendance taken")),
         cells=_event_cells, params={"kind": _kinds})
def _education_events(unit, year, kind=None):
    from registers.models import EducationEvent

    events = (EducationEvent.objects.filter(unit=unit, held_on__year=year, withdrawn_on__isnull=True)
              .annotate(present_count=Count("attendances", filter=Q(attendances__present=True)),
                        recorded_count=Count("attendances")).order_by("held_on", "pk"))
    return events.filter(kind=kind) if kind else events


def _attendance_cells(line):
    return [(person_name(line.person), _link("people:person", line.person_id)), (line.event.name, None),
            (_date(line.event.held_on), None), (PostLevel(line.post).label, None),
            (str(_("Present") if line.present else _("Absent")), None), (str(line.hours_attended), None),
            (line.certificate or "—", None)]


@row_set("attendances", _("Attendance at education events"),
         (_("Name"), _("Event"), _("Held on"), _("Secret-related post"), _("Attendance"), _("Hours attended"),
          _("Certificate number")),
         cells=_attendance_cells,
         params={"post": lambda: PostLevel.choices, "present": lambda: [("yes", _("present")), ("no", _("absent"))]})
def _attendances(unit, year, post=None, present=None):
    from registers.models import Attendance
    from registers.selectors import post_level_of_attendee

    lines = (Attendance.objects.filter(event__unit=unit, event__held_on__year=year, event__withdrawn_on__isnull=True)
             .annotate(post=post_level_of_attendee()).select_related("event", "person")
             .order_by("event__held_on", "event_id", "pk"))
    if post:
        lines = lines.filter(post=post)
    if present in ("yes", "no"):
        lines = lines.filter(present=present == "yes")
    return lines


def _post_cells(person):
    return [(person_name(person.user), _link("people:person", person.user_id)), (person.get_post_level_display(), None),
            (_date(person.commitment_signed_on), None)]


def _posts():
    return [(value, label) for value, label in PostLevel.choices if value != PostLevel.NONE]


@row_set("personnel", _("Secret-related people"), (_("Name"), _("Secret-related post"), _("Commitment signed on")),
         cells=_post_cells, params={"post": _posts, "signed": lambda: [("yes", _("commitment signed")), ("no", _("commitment not signed"))]})
def _personnel(unit, year, post=None, signed=None):
    from people.models import Person

    people = (Person.objects.filter(user__memberships__unit=unit, user__is_active=True).exclude(post_level=PostLevel.NONE)
              .distinct().select_related("user").order_by("user__last_name", "user__first_name", "user__username"))
    if post:
        people = people.filter(post_level=post)
    if signed == "yes":
        people = people.filter(commitment_signed_on__isnull=False)
    elif signed == "no":
        people = people.filter(commitment_signed_on__isnull=True)
    return people


def _departure_cells(departure):
    return [(person_name(departure.user), _link("people:person", departure.user_id)), (departure.get_kind_display(), None),
            (_date(departure.started_on), None), (_date(departure.ends_on), None), (departure.get_status_display(), None)]


@row_set("departures", _("Departures this year"),
         (_("Name"), _("Kind"), _("Declassification period starts on"), _("Ends on"), _("Status")), cells=_departure_cells)
def _departures(unit, year):
    from people.models import Departure

    return (Departure.objects.filter(user__memberships__unit=unit, started_on__year=year).distinct()
            .select_related("user").order_by("started_on", "pk"))


# --- Devices: section 六 ----------------------------------------------------------------------------------


def _device_cells(device):
    return [(device.asset_number, _link("carriers:detail", device.pk)), (device.get_kind_display(), None),
            (device.get_level_display(), None), (person_name(device.custodian), None), (device.get_status_display(), None)]


def _device_kinds():
    from carriers.models.device import DeviceKind

    return DeviceKind.choices


@row_set("devices", _("Classified computers and storage media in the register"),
         (_("Asset number"), _("Type"), _("Level"), _("Custodian"), _("Status")), cells=_device_cells,
         params={"kind": _device_kinds, "level": _levels, "repair": lambda: [("yes", _("In repair"))]})
def _devices(unit, year, kind=None, level=None, repair=None):
    from carriers.models import Device, DeviceStatus

    devices = (Device.objects.filter(unit=unit).exclude(status=DeviceStatus.SCRAPPED).select_related("custodian")
               .order_by("kind", "-level", "asset_number"))
    if kind:
        devices = devices.filter(kind=kind)
    if level:
        devices = devices.filter(level=level)
    if repair:
        devices = devices.filter(status=DeviceStatus.IN_REPAIR)
    return devices


def _scrapped_cells(item):
    return [(item.device.asset_number, _link("carriers:detail", item.device_id)), (item.device.get_kind_display(), None),
            (item.device.get_level_display(), None), (_date(item.list.executed_on), None)]


@row_set("devices_scrapped", _("Scrapped this year (destruction certificate)"),
         (_("Asset number"), _("Type"), _("Level"), _("Destroyed on")), cells=_scrapped_cells)
def _devices_scrapped(unit, year):
    from documents.models import DestructionDeviceItem, DestructionStatus

    return (DestructionDeviceItem.objects.filter(device__unit=unit, list__status=DestructionStatus.EXECUTED,
                                                 list__executed_on__year=year)
            .select_related("device", "list").order_by("list__executed_on", "pk"))


# --- Archives: section 七 ---------------------------------------------------------------------------------


def _filed_cells(filed):
    return [(filed.volume.volume_number, _link("archives:volume", filed.volume_id)), (str(filed.item_number), None),
            (filed.copy.label, None), (_date(filed.filed_at), None)]


@row_set("filed_copies", _("Copies filed"), (_("Volume"), _("Item"), _("Copy"), _("Filed")), cells=_filed_cells)
def _filed_copies(unit, year):
    from archives.models import FiledCopy

    return (FiledCopy.objects.filter(volume__registry__unit=unit, filed_at__year=year)
            .select_related("volume", "copy__document").order_by("volume__volume_number", "item_number"))


def _volume_cells(volume):
    return [(volume.volume_number, _link("archives:volume", volume.pk)), (str(volume.filed_this_year), None)]


@row_set("volumes_filed", _("Volumes filed into"), (_("Volume"), _("Copies filed this year")), cells=_volume_cells)
def _volumes_filed(unit, year):
    from archives.models import Volume

    return (Volume.objects.filter(registry__unit=unit, filed_copies__filed_at__year=year)
            .annotate(filed_this_year=Count("filed_copies")).order_by("volume_number"))


def _session_cells(session):
    return [(_date(session.time_in), _link("archives:consultation", session.consultation_id)),
            (timezone.localtime(session.time_in).strftime("%H:%M"), None),
            (timezone.localtime(session.time_out).strftime("%H:%M") if session.time_out else "—", None),
            (person_name(session.supervising_clerk), None)]


@row_set("sessions", _("Reading-room sessions"), (_("Date"), _("Time in"), _("Time out"), _("Supervising clerk")),
         cells=_session_cells)
def _sessions(unit, year):
    from archives.models import ReadingRoomSession

    return (ReadingRoomSession.objects.filter(consultation__registry__unit=unit, time_in__year=year)
            .select_related("supervising_clerk").order_by("time_in", "pk"))


def _consultation_cells(consultation):
    return [(_date(consultation.requested_at), _link("archives:consultation", consultation.pk)),
            (consultation.visitor_unit or "—", None), (consultation.letter_number or "—", None),
            (consultation.get_status_display(), None)]


@row_set("outside_consultations", _("Outside consultations"),
         (_("Requested"), _("Outside unit"), _("Introduction letter number"), _("Status")), cells=_consultation_cells,
         params={"letter": lambda: [("yes", _("with an introduction letter"))]})
def _outside_consultations(unit, year, letter=None):
    from archives.models import Consultation
    from archives.models.consultation import ConsultationKind

    consultations = Consultation.objects.filter(registry__unit=unit, kind=ConsultationKind.OUTSIDE,
                                                requested_at__year=year).order_by("requested_at", "pk")
    if letter:
        consultations = consultations.exclude(letter_number="")
    return consultations


# --- Classification: section 八 ---------------------------------------------------------------------------


def _decision_cells(decision):
    return [(decision.document.registry_number, _link("documents:detail", decision.document_id)),
            (decision.get_kind_display(), None), (decision.get_old_level_display(), None),
            (decision.get_new_level_display(), None), (_date(decision.decided_at), None),
            (person_name(decision.decided_by), None)]


def _decision_kinds():
    from documents.models import DecisionKind

    return DecisionKind.choices


@row_set("decisions", _("Classification decisions"),
         (_("Registry number"), _("Decision"), _("Level before"), _("Level after"), _("Decided"), _("Decided by")),
         cells=_decision_cells, params={"kind": _decision_kinds})
def _decisions(unit, year, kind=None):
    from documents.models import ClassificationDecision

    decisions = (ClassificationDecision.objects.filter(document__registry__unit=unit, decided_at__year=year)
                 .select_related("document", "decided_by").order_by("decided_at", "pk"))
    return decisions.filter(kind=kind) if kind else decisions


def _ending_cells(document):
    return [(document.registry_number, _link("documents:detail", document.pk)), (document.get_level_display(), None),
            (_date(document.period_ends_on), None)]


@row_set("period_ending", _("Documents whose secrecy period ends this year"),
         (_("Registry number"), _("Level"), _("Secrecy period ends on")), cells=_ending_cells)
def _period_ending(unit, year):
    from documents.models import Document

    return Document.objects.filter(registry__unit=unit, period_ends_on__year=year).order_by("period_ends_on", "pk")


# --- Rules: section 二 (registers.Rule) ---------------------------------------------------------------------


def year_end(year):
    """The last day of `year` the registry can speak of: 31 December, or today while the year is under way."""
    import datetime

    return min(datetime.date(year, 12, 31), timezone.localdate())


def _rule_cells(rule):
    return [(rule.name, _link("registers:rule", rule.pk)), (_date(rule.adopted_on), None), (_date(rule.revised_on), None),
            (rule.approved_by, None), (_date(rule.withdrawn_on), None)]


@row_set("rules", _("Secrecy rules"), (_("Name"), _("Adopted on"), _("Last revised on"), _("Approved by"),
                                       _("Withdrawn on")), cells=_rule_cells,
         params={"when": lambda: [("in_force", _("in force at the end of the year")), ("adopted", _("adopted this year")),
                                  ("revised", _("revised this year"))]})
def _rules(unit, year, when=None):
    from registers.models import Rule
    from registers.selectors import rules_in_force

    if when == "in_force":
        rules = rules_in_force(unit, year_end(year))
    elif when == "adopted":
        rules = Rule.objects.filter(unit=unit, adopted_on__year=year)
    elif when == "revised":
        rules = Rule.objects.filter(unit=unit, revised_on__year=year)
    else:
        rules = Rule.objects.filter(unit=unit, adopted_on__year__lte=year)
    return rules.order_by("adopted_on", "pk")


# --- Key departments and parts: section 九 (registers.KeyPart) ---------------------------------------------


def _key_part_cells(part):
    return [(part.name, _link("registers:key_part", part.pk)), (part.location, None),
            (part.protections_text(), None), (person_name(part.responsible), None)]


@row_set("key_parts", _("Key parts in use at the end of the year"),
         (_("Name"), _("Location"), _("Protections"), _("Person responsible")), cells=_key_part_cells)
def _key_parts(unit, year):
    from registers.models import KeyPart

    end = year_end(year)
    return (KeyPart.objects.filter(unit=unit, registered_on__lte=end)
            .filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=end))
            .select_related("responsible").order_by("name", "pk"))


def _key_part_check_cells(check):
    return [(check.part.name, _link("registers:key_part", check.part_id)), (_date(check.checked_on), None),
            (person_name(check.checked_by), None), (check.get_result_display(), None), (check.findings, None)]


def _check_results():
    from registers.models import CheckResult

    return CheckResult.choices


@row_set("key_part_checks", _("Checks of key parts this year"),
         (_("Key part"), _("Checked on"), _("Checked by"), _("Result"), _("Findings")), cells=_key_part_check_cells,
         params={"result": _check_results})
def _key_part_checks(unit, year, result=None):
    from registers.models import KeyPartCheck

    checks = (KeyPartCheck.objects.filter(part__unit=unit, checked_on__year=year)
              .select_related("part", "checked_by").order_by("checked_on", "pk"))
    return checks.filter(result=result) if result else checks


# --- Disclosure review and data given outside (registers.Publication, registers.Provision) ------------------


def _publication_cells(item):
    return [(item.title, _link("registers:publication", item.pk)), (item.get_channel_display(), None),
            (person_name(item.reviewer), None), (item.get_decision_display(), None), (_date(item.decided_on), None),
            (_date(item.released_on), None)]


def _decisions():
    from registers.models import Decision

    return Decision.choices


@row_set("publications_reviewed", _("Items reviewed for publication this year"),
         (_("Title or subject"), _("Channel"), _("Reviewer"), _("Decision"), _("Decided on"), _("Released on")),
         cells=_publication_cells, params={"decision": _decisions})
def _publications_reviewed(unit, year, decision=None):
    from registers.models import Publication

    # A withdrawn entry was dropped or entered in error: it is not counted as reviewed.
    items = (Publication.objects.filter(unit=unit, decided_on__year=year, withdrawn_on__isnull=True)
             .select_related("reviewer").order_by("decided_on", "pk"))
    return items.filter(decision=decision) if decision else items


@row_set("publications_released", _("Items released this year"),
         (_("Title or subject"), _("Channel"), _("Reviewer"), _("Decision"), _("Decided on"), _("Released on")),
         cells=_publication_cells)
def _publications_released(unit, year):
    from registers.models import Publication

    return (Publication.objects.filter(unit=unit, released_on__year=year, withdrawn_on__isnull=True)
            .select_related("reviewer").order_by("released_on", "pk"))


def _provision_cells(item):
    return [(item.recipient, _link("registers:provision", item.pk)), (item.letter_number, None), (item.purpose, None),
            (person_name(item.approved_by), None), (_date(item.provided_on), None)]


@row_set("provisions", _("Provisions to outside units this year"),
         (_("Receiving unit"), _("Introduction letter number"), _("Purpose"), _("Approving leader"), _("Provided on")),
         cells=_provision_cells)
def _provisions(unit, year):
    from registers.models import Provision

    return (Provision.objects.filter(unit=unit, provided_on__year=year, withdrawn_on__isnull=True)
            .select_related("approved_by").order_by("provided_on", "pk"))
# --- Organisation and responsibility: section 一 (registers.GroupMembership, ResponsibilityLetter, WorkPlan) --


def _membership_cells(membership):
    return [(person_name(membership.person), _link("registers:membership", membership.pk)),
            (membership.get_position_display(), None), (_date(membership.appointed_on), None),
            (_date(membership.left_on), None)]


def _positions():
    from registers.models import Position

    return Position.choices


@row_set("secrecy_group", _("Secrecy group at the end of the year"),
         (_("Person"), _("Place in the group"), _("Appointed on"), _("Left on")), cells=_membership_cells,
         params={"position": _positions})
def _secrecy_group(unit, year, position=None):
    """The places held on the last day of the year; without `position`, the group itself (not the leader in charge)."""
    from registers.models import Position
    from registers.selectors import group_on

    places = group_on(unit, year_end(year)).select_related("person")
    places = places.filter(position=position) if position else places.exclude(position=Position.IN_CHARGE)
    return places.order_by("position", "appointed_on", "pk")


def _letter_cells(letter):
    return [(letter.signed_with, _link("registers:letter", letter.pk)), (_date(letter.signed_on), None),
            (_date(letter.valid_from), None), (_date(letter.valid_until), None), (_date(letter.withdrawn_on), None)]


@row_set("responsibility_letters", _("Responsibility letters signed this year"),
         (_("Signed with"), _("Signed on"), _("In force from"), _("In force until"), _("Withdrawn on")),
         cells=_letter_cells)
def _responsibility_letters(unit, year):
    from registers.models import ResponsibilityLetter

    return (ResponsibilityLetter.objects.filter(unit=unit, signed_on__year=year).select_related("person")
            .order_by("signed_on", "pk"))


def _task_cells(task):
    return [(task.task, _link("registers:plan", task.plan_id)), (task.office, None), (person_name(task.responsible), None),
            (_date(task.due_on), None), (_date(task.done_on), None)]


@row_set("plan_tasks", _("Tasks of the year's work plan"),
         (_("Task"), _("Office"), _("Person responsible"), _("Due on"), _("Done on")), cells=_task_cells,
         params={"done": lambda: [("yes", _("done by the end of the year")), ("no", _("open at the end of the year"))]})
def _plan_tasks(unit, year, done=None):
    from registers.models import PlanTask

    end = year_end(year)
    tasks = (PlanTask.objects.filter(plan__unit=unit, plan__year=year, entered_on__lte=end)
             .filter(Q(plan__withdrawn_on__isnull=True) | Q(plan__withdrawn_on__gt=end))
             .select_related("responsible").order_by("due_on", "pk"))
    if done == "yes":
        tasks = tasks.filter(done_on__lte=end)
    elif done == "no":
        tasks = tasks.filter(Q(done_on__isnull=True) | Q(done_on__gt=end))
    return tasks


# --- Self-inspection: section 十 --------------------------------------------------------------------------


def _rectification_cells(item):
    return [(item.problem, _link("inspections:detail", item.self_inspection_id)), (person_name(item.owner), None),
            (_date(item.deadline), None), (item.get_status_display(), None)]


def _rectification_statuses():
    from inspections.models import RectificationStatus

    return RectificationStatus.choices


@row_set("rectifications", _("Rectification items"), (_("Problem"), _("Owner"), _("Deadline"), _("Status")),
         cells=_rectification_cells, params={"status": _rectification_statuses})
def _rectifications(unit, year, status=None):
    from inspections.models import InspectionKind, Rectification

    # The annual self-inspection's items, as section 十 reports them (special inspections are the office's own).
    items = (Rectification.objects.filter(self_inspection__unit=unit, self_inspection__year=year,
                                          self_inspection__kind=InspectionKind.ANNUAL)
             .select_related("owner").order_by("deadline", "pk"))
    return items.filter(status=status) if status else items


# --- Meetings: the section after leadership (registers.Meeting) --------------------------------------------


def _meetings_of(unit, year, kind):
    from registers.models import Meeting

    return (Meeting.objects.filter(unit=unit, kind=kind, held_on__year=year, withdrawn_on__isnull=True)
            .order_by("held_on", "pk"))


def _work_meeting_cells(meeting):
    return [(_date(meeting.held_on), None), (meeting.name, _link("registers:meeting", meeting.pk)),
            (meeting.chaired_by, None), (meeting.topics, None), (meeting.decisions, None)]


@row_set("work_meetings", _("Secrecy work meetings"),
         (_("Held on"), _("Title"), _("Chaired by"), _("Topics"), _("Decisions taken")), cells=_work_meeting_cells)
def _work_meetings(unit, year):
    from registers.models import MeetingKind

    return _meetings_of(unit, year, MeetingKind.WORK)


def _secret_meeting_cells(meeting):
    return [(_date(meeting.held_on), None), (meeting.name, _link("registers:meeting", meeting.pk)),
            (meeting.chaired_by, None), (meeting.topics, None)]


@row_set("secret_meetings", _("Secret-related meetings"), (_("Held on"), _("Title"), _("Chaired by"), _("Topics")),
         cells=_secret_meeting_cells)
def _secret_meetings(unit, year):
    from registers.models import MeetingKind

    return _meetings_of(unit, year, MeetingKind.SECRET)


def _meeting_copy_cells(entry):
    copy = entry.circulation.copy
    return [(copy.label, _link("documents:detail", copy.document_id)), (person_name(entry.reader), None),
            (entry.circulation.meeting_copy.meeting.name, _link("registers:meeting", entry.circulation.meeting_copy.meeting_id)),
            (_date(entry.handed_out_at), None), (_date(entry.returned_at), None)]


def _not_back():
    return [("1", _("Not yet back"))]


@row_set("meeting_copies", _("Copies of meeting materials handed out"),
         (_("Copy"), _("Attendee"), _("Meeting"), _("Handed out at"), _("Handed back at")), cells=_meeting_copy_cells,
         params={"out": _not_back})
def _meeting_copies(unit, year, out=None):
    from documents.models import CirculationEntry
    from registers.models import MeetingKind

    # The hand-outs of the meetings held in the year, one row per copy and attendee (a reading list of one).
    entries = (CirculationEntry.objects.filter(
        circulation__meeting_copy__meeting__in=_meetings_of(unit, year, MeetingKind.SECRET).values("pk"),
        handed_out_at__isnull=False)
        .select_related("reader", "circulation__copy__document__registry", "circulation__meeting_copy__meeting")
        .order_by("handed_out_at", "pk"))
    return entries.filter(returned_at__isnull=True) if out else entries
# --- Leaks and violations: section 十一 (the register of incidents) ---------------------------------------


def _incident_register_cells(incident):
    from registers.services.incidents import bureau_clock, result_clock

    kind = incident.get_kind_display() + (f" · {incident.copy.label}" if incident.copy_id else "")
    return [(kind, _link("registers:incident", incident.pk)), (_date(incident.discovered_at), None),
            (_date(incident.bureau_reported_at), None), (str(BUREAU_STATES.get(bureau_clock(incident).state, "")), None),
            (_date(incident.result_on), None), (str(RESULT_STATES.get(result_clock(incident).state, "")), None),
            (incident.get_status_display(), None)]


# Where a deadline stands (registers.services.incidents.Clock.state), in the words of the summary's figures.
BUREAU_STATES = {"done_in_time": _("Reported in time"), "done_late": _("Reported late"), "running": _("Not yet due"),
                 "overdue": _("Not reported"), "stopped": _("Not reported")}
RESULT_STATES = {"done_in_time": _("Result in time"), "done_late": _("Result late"), "running": _("Investigation under way"),
                 "overdue": _("Result overdue"), "stopped": _("Result overdue")}
BUREAU_FILTER = {"in_time": ("done_in_time",), "late": ("done_late",), "missing": ("overdue", "stopped"),
                 "pending": ("running",)}
RESULT_FILTER = {"in_time": ("done_in_time",), "late": ("done_late",), "overdue": ("overdue", "stopped"),
                 "pending": ("running",)}


def _incident_kinds():
    from documents.models import IncidentKind

    return IncidentKind.choices


def _incident_statuses():
    from documents.models import IncidentStatus

    return IncidentStatus.choices


def _bureau_choices():
    return [("in_time", _("Reported in time")), ("late", _("Reported late")), ("missing", _("Not reported")),
            ("pending", _("Not yet due"))]


def _result_choices():
    return [("in_time", _("Result in time")), ("late", _("Result late")), ("overdue", _("Result overdue")),
            ("pending", _("Investigation under way"))]


@row_set("incidents_of_year", _("Incidents discovered this year"),
         (_("Kind"), _("Discovered"), _("Reported to the secrecy bureau at"), _("Report"),
          _("Investigation concluded on"), _("Result"), _("Status")),
         cells=_incident_register_cells,
         params={"kind": _incident_kinds, "status": _incident_statuses, "bureau": _bureau_choices,
                 "result": _result_choices})
def _incidents_of_year(unit, year, kind=None, status=None, bureau=None, result=None):
    """The unit's incidents discovered in `year`; `bureau` and `result` select by where each deadline stands now."""
    from documents.models import Incident
    from registers.services.incidents import bureau_clock, result_clock

    incidents = (Incident.objects.filter(unit=unit, discovered_at__year=year)
                 .select_related("copy").order_by("discovered_at", "pk"))
    if kind:
        incidents = incidents.filter(kind=kind)
    if status:
        incidents = incidents.filter(status=status)
    if bureau or result:
        # The 24-hour and 3-month rules are the clocks' (one place); a year's incidents are few.
        wanted = [incident.pk for incident in incidents
                  if (not bureau or bureau_clock(incident).state in BUREAU_FILTER[bureau])
                  and (not result or result_clock(incident).state in RESULT_FILTER[result])]
        incidents = incidents.filter(pk__in=wanted)
    return incidents
# --- Devices' periodic checks, media loans, non-classified computers: section 六, continued ---------------------


def _periodic_check_cells(check):
    return [(_date(check.checked_on), None), (check.device.asset_number, _link("carriers:detail", check.device_id)),
            (check.failed_points_text() or "—", None), (check.get_result_display(), None), (check.findings or "—", None),
            (person_name(check.checked_by), None)]


def _check_results():
    from inspections.models import DeviceCheckResult

    return DeviceCheckResult.choices


@row_set("device_checks", _("Periodic checks of devices made in the year"),
         (_("Checked on"), _("Asset number"), _("Points found wanting"), _("Result"), _("Findings"), _("Checked by")),
         cells=_periodic_check_cells, params={"result": _check_results})
def _device_checks(unit, year, result=None):
    from carriers.models import PeriodicCheck

    checks = (PeriodicCheck.objects.filter(device__unit=unit, checked_on__year=year)
              .select_related("device", "checked_by").order_by("checked_on", "pk"))
    return checks.filter(result=result) if result else checks


def _medium_loan_cells(loan):
    returned = _date(loan.returned_on) if loan.returned_on else "—"
    return [(loan.device.asset_number, _link("carriers:detail", loan.device_id)), (person_name(loan.borrower), None),
            (_date(loan.lent_on), None), (_date(loan.due_on), None), (returned, None)]


@row_set("medium_loans", _("Storage media lent in the year"),
         (_("Medium"), _("Lent to"), _("Lent on"), _("Due back on"), _("Returned on")), cells=_medium_loan_cells,
         params={"returned": lambda: [("yes", _("Returned")), ("no", _("Not returned"))]})
def _medium_loans(unit, year, returned=None):
    from carriers.models import MediumLoan

    loans = (MediumLoan.objects.filter(device__unit=unit, lent_on__year=year)
             .select_related("device", "borrower").order_by("lent_on", "pk"))
    if returned == "yes":
        loans = loans.filter(returned_on__isnull=False)
    elif returned == "no":
        loans = loans.filter(returned_on__isnull=True)
    return loans


def _open_computer_cells(computer):
    return [(computer.asset_number, _link("carriers:open_computer", computer.pk)), (person_name(computer.user), None),
            (computer.location, None), (computer.get_network_display(), None)]


@row_set("open_computers", _("Non-classified computers registered at the end of the year"),
         (_("Asset number"), _("User"), _("Location"), _("Network")), cells=_open_computer_cells)
def _open_computers(unit, year):
    import datetime

    from carriers.models import OpenComputer

    end = min(datetime.date(year, 12, 31), timezone.localdate())
    return (OpenComputer.objects.filter(unit=unit, registered_on__lte=end)
            .filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=end))
            .select_related("user").order_by("asset_number", "pk"))
