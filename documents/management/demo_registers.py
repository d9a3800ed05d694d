"""The General Office's registers for the demo: something in every section of its annual summary.

Personnel with levels, commitments and a departure (training: registers/demo_education.py); devices (one
scrapped by a destruction list, one checked); an archive volume consulted in
the reading room by an outside visitor with an introduction letter; three
classification decisions; a completed self-inspection with two rectification
items (one done, one open with its own owner and deadline) and a special
inspection. Every record goes through its service (history with actor and
reason); each is made once, recognised by its marker, so `load_demo` twice
is safe and fast. Dates are relative to today, inside the current year.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from accounts.services.reauth import on_console
from archives.models import ConsultationKind, RetentionPeriod, Volume
from archives.services.consultation import approve_consultation, request_consultation
from archives.services.filing import create_volume, file_copies
from archives.services.reading_room import close_session, open_session
from carriers import services as carriers
from carriers.models import Device
from documents.levels import Level
from documents.models import ClassificationDecision, DecisionKind, Document, Registry
from documents.services import destruction
from documents.services.declassification import decide
from documents.services.registration import register_document
from inspections.models import DeviceCheckResult, InspectionKind, SelfInspection
from inspections.services import self_inspection as inspections
from people.models import Departure, DepartureKind
from people.services.personnel import DECLASSIFICATION_MONTHS, add_months, post_level_of, start_departure

REASON = "Demo data"
DEPARTING = "reader4"
DEVICES = [
    # asset number, kind, level, custodian, network
    ("BGS-PC-01", "computer", Level.SECRET, "clerk", "isolated"),
    ("BGS-PC-02", "computer", Level.CONFIDENTIAL, "leader", "classified"),
    ("BGS-U-01", "usb", Level.SECRET, "clerk", "none"),
    ("BGS-U-02", "usb", Level.CONFIDENTIAL, "reader", "none"),
    ("BGS-HD-01", "disk", Level.TOP_SECRET, "clerk", "none"),
]
SCRAPPED = ("BGS-U-09", "usb", Level.CONFIDENTIAL, "clerk", "none")
SCRAP_REASON = "Demo: worn-out storage key scrapped"
VOLUME = "BGS-{year}-Y-001"
ARCHIVED_REFERENCE = "BGS [{year}] No. 90"
DECISIONS = [
    # reference, level, period, years ago classified, decision, new level, new period
    ("BGS [2017] No. 12", Level.CONFIDENTIAL, 10, 9, DecisionKind.DECLASSIFY, None, None),
    ("BGS [2021] No. 4", Level.CONFIDENTIAL, 6, 5, DecisionKind.EXTEND, None, 10),
    ("BGS [2022] No. 8", Level.SECRET, 20, 4, DecisionKind.CHANGE_LEVEL, Level.CONFIDENTIAL, 10),
]
SPECIAL_SUBJECT = "Storage media after the loss reported this year"


def _this_year_days_ago(days):
    """`days` ago, but never before 1 January: the demo's records fall in the current year."""
    today = timezone.localdate()
    return max(today - datetime.timedelta(days=days), datetime.date(today.year, 1, 1))


def load(registry_code="BGS"):
    people = {user.username: user for user in get_user_model().objects.filter(
        username__in=["clerk", "leader", "reader", "reader2", "inspector", "admin", DEPARTING]
    )}
    if len(people) < 7 or not Registry.objects.filter(code=registry_code).exists():
        return False
    demo = _Registers(Registry.objects.select_related("unit").get(code=registry_code), people)
    steps = [demo.departure, demo.devices, demo.scrapped_device, demo.archives, demo.decisions,
             demo.self_inspection, demo.special_inspection, demo.device_work]
    done = []
    for step in steps:
        # Each register whole or not at all (its marker then says it is there), committed once.
        with transaction.atomic():
            done.append(step())
    return any(done)


class _Registers:
    def __init__(self, registry, people):
        self.registry, self.unit, self.people = registry, registry.unit, people
        self.clerk, self.leader = people["clerk"], people["leader"]
        self.year = timezone.localdate().year

    def departure(self):
        """One person changes to a post that is not secret-related; the declassification period runs."""
        person = self.people[DEPARTING]
        if Departure.objects.filter(user=person).exists():
            return False
        started = _this_year_days_ago(30)
        months = DECLASSIFICATION_MONTHS[post_level_of(person)][0]
        start_departure(user=person, kind=DepartureKind.CHANGING_POST, started_on=started,
                        ends_on=add_months(started, months), by=self.clerk, reason=REASON)
        return True

    def _register(self, asset, kind, level, custodian, network):
        return carriers.register_device(
            unit=self.unit, by=self.clerk, reason=REASON, kind=kind, asset_number=asset, model_name="Demo model",
            serial_number=f"SN-{asset}", level=level, custodian=self.people[custodian], location="Secrecy office",
            network=network,
        )

    def devices(self):
        if Device.objects.filter(asset_number=DEVICES[0][0]).exists():
            return False
        for row in DEVICES:
            self._register(*row)
        return True

    def device_work(self):
        """Periodic checks, a medium lent and returned, a non-classified computer (carriers/demo.py)."""
        from carriers import demo

        return demo.load(unit=self.unit, clerk=self.clerk, inspector=self.people["inspector"],
                         reader=self.people["reader"])

    def scrapped_device(self):
        """A storage key scrapped with an approved, witnessed destruction list."""
        if Device.objects.filter(asset_number=SCRAPPED[0]).exists():
            return False
        device = self._register(*SCRAPPED)
        dlist = destruction.prepare_destruction_list(registry=self.registry, devices=[device], by=self.clerk,
                                                     reason=SCRAP_REASON)
        destruction.submit_destruction_list(dlist=dlist, by=self.clerk, reason=REASON)
        destruction.approve_destruction_list(dlist=dlist, by=self.leader, reason=REASON, proof=on_console(self.leader))
        witnesses = [self.people["inspector"], self.people["reader2"]]
        destruction.execute_destruction_list(
            dlist=dlist, by=self.clerk, executed_on=timezone.localdate(), place="Destruction centre 销毁中心",
            method="physical", witness_1=witnesses[0], witness_2=witnesses[1], reason=REASON,
            witness_proofs=[on_console(witness) for witness in witnesses],
        )
        return True

    def _document(self, reference, level, years, classified, copies=1, title="关于保密工作的通知"):
        return register_document(
            registry=self.registry, by=self.clerk, reason=REASON,
            scope_users=[self.leader, self.people["reader"]], scope_units=[self.unit] if level <= Level.CONFIDENTIAL else [],
            direction="incoming", title=title, originating_organ="省委办公厅", reference_number=reference,
            level=level, secrecy_period_years=years, date_classified=classified,
            pages=4, attachments=0, copies_count=copies, urgency="normal", medium="paper", remarks="",
        )

    def archives(self):
        """A volume filed this year, consulted in the reading room by a visitor with an introduction letter."""
        number = VOLUME.format(year=self.year)
        if Volume.objects.filter(registry=self.registry, volume_number=number).exists():
            return False
        document = self._document(ARCHIVED_REFERENCE.format(year=self.year), Level.CONFIDENTIAL, 10,
                                  _this_year_days_ago(60), copies=2, title="年度保密工作总结（存档）")
        volume = create_volume(
            registry=self.registry, by=self.clerk, reason=REASON, volume_number=number,
            title=f"{self.year}年度保密工作文件", year=self.year, retention_period=RetentionPeriod.THIRTY_YEARS,
            location="Archive room 1, cabinet 2",
        )
        file_copies(volume=volume, copies=list(document.copies.order_by("number")), by=self.clerk, reason=REASON)
        consultation = request_consultation(
            kind=ConsultationKind.OUTSIDE, volumes=[volume], purpose="Audit of the year's secrecy files",
            by=self.clerk, reason=REASON, visitor_unit="Provincial Audit Office 省审计厅",
            letter_issued_by="Provincial Audit Office 省审计厅", letter_number=f"审介〔{self.year}〕8号",
            visitor_name="Ma Lin 马琳", visitor_identity="ID card 110101199001011234",
        )
        approve_consultation(consultation=consultation, by=self.leader, reason=REASON)
        session = open_session(consultation=consultation, volumes=[volume], by=self.clerk, reason=REASON)
        close_session(session=session, by=self.clerk, reason=REASON)
        return True

    def decisions(self):
        """One document declassified, one with its period extended, one with its level changed."""
        if ClassificationDecision.objects.filter(document__reference_number=DECISIONS[0][0]).exists():
            return False
        today = timezone.localdate()
        for reference, level, years, ago, kind, new_level, new_years in DECISIONS:
            document = Document.objects.filter(registry=self.registry, reference_number=reference).first()
            if document is None:
                day = 28 if today.day > 28 else today.day
                document = self._document(reference, level, years, today.replace(year=today.year - ago, day=day))
            decide(document=document, kind=kind, by=self.leader, basis="Demo: reviewed at the classification meeting",
                   new_level=new_level, new_period_years=new_years, proof=on_console(self.leader))
        return True

    def _annual(self):
        return SelfInspection.objects.filter(unit=self.unit, year=self.year, kind=InspectionKind.ANNUAL).first()

    def self_inspection(self):
        """Scored and completed: two shortfalls, one rectified, one open with its own owner and deadline."""
        if self._annual() is not None:
            return False
        inspection = inspections.start_self_inspection(unit=self.unit, year=self.year, by=self.clerk,
                                                       reason="Demo: annual self-inspection")
        computer = Device.objects.get(asset_number=DEVICES[0][0])
        inspections.record_device_check(self_inspection=inspection, device=computer, result=DeviceCheckResult.OK,
                                        note="", by=self.people["inspector"], reason=REASON)
        shortfalls = {
            "Rules are revised": (Decimal(4), "The storage-media rules date from 2023"),
            "Classified computers are isolated": (Decimal(3), "Only one device checked with the checking tool"),
        }
        scores = {}
        for row in inspection.scores.select_related("item"):
            score, remark = next((v for prefix, v in shortfalls.items() if row.item.text.startswith(prefix)),
                                 (row.item.max_score, ""))
            scores[row.pk] = (score, remark, "")
        inspections.score_items(self_inspection=inspection, scores=scores, by=self.clerk, reason=REASON)
        inspections.complete_self_inspection(
            self_inspection=inspection, owner=self.clerk, deadline=timezone.localdate() + datetime.timedelta(days=60),
            by=self.leader, reason=REASON,
        )
        rules, devices = (inspection.rectifications.get(item__text__startswith=prefix) for prefix in shortfalls)
        inspections.close_rectification(rectification=rules, outcome="Storage-media rules revised and issued",
                                        by=self.clerk, reason=REASON)
        inspections.assign_rectification(
            rectification=devices, owner=self.people["admin"], deadline=timezone.localdate() + datetime.timedelta(days=20),
            by=self.leader, reason="Demo: the system administrator checks the remaining devices",
        )
        return True

    def special_inspection(self):
        """A special inspection the inspector started, still being scored."""
        if SelfInspection.objects.filter(unit=self.unit, year=self.year, kind=InspectionKind.SPECIAL).exists():
            return False
        inspections.start_self_inspection(unit=self.unit, year=self.year, kind=InspectionKind.SPECIAL,
                                          subject=SPECIAL_SUBJECT, by=self.people["inspector"], reason=REASON)
        return True
