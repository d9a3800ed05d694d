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


@row_set("people", _("People in the unit"), (_("Name"), _("Courses"), _("Training hours")), cells=_trained_cells,
         params={"trained": lambda: [("yes", _("trained this year")), ("no", _("not trained this year"))]})
def _people(unit, year, trained=None):
    in_year = Q(training_records__date__year=year)
    people = (_people_of(unit).annotate(courses=Count("training_records", filter=in_year))
              .annotate(hours=_hours(in_year)).order_by("last_name", "first_name", "username"))
    if trained == "yes":
        people = people.filter(courses__gt=0)
    elif trained == "no":
        people = people.filter(courses=0)
    return people


def _hours(in_year):
    from django.db.models import Sum

    return Sum("training_records__hours", filter=in_year)


def _training_cells(record):
    return [(person_name(record.user), _link("people:person", record.user_id)), (record.course, None),
            (_date(record.date), None), (str(record.hours), None)]


@row_set("training_records", _("Training records"), (_("Name"), _("Course"), _("Date"), _("Hours")),
         cells=_training_cells)
def _training_records(unit, year):
    from people.models import TrainingRecord

    return (TrainingRecord.objects.filter(user__in=_people_of(unit), date__year=year).select_related("user")
            .order_by("course", "date", "pk"))


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
