"""What the registry itself knows about a self-inspection item: one rule per evidence code.

A checklist item with an `evidence_code` (inspections.models.EvidenceCode)
shows, beside its score, the figure its rule computes for the unit and year,
a verdict (met or not) and a link to the rows behind the figure. Each rule is
a function of (unit, year) over the whole unit, like the annual summary's
figures, and is computed whenever the page is shown: the evidence changes
when the data changes, and the score stays the office's own judgement.
A new rule is one more function registered with `@rule(code)`.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _, ngettext

from inspections.models import EvidenceCode

RULES = {}


@dataclass
class Evidence:
    code: str
    figure: str  # the computed fact, as the page prints it
    met: bool  # the condition the item asks for holds
    count: int  # how many fulfil it ...
    total: int  # ... of how many it is asked of
    url: str = ""  # the rows behind the figure


def rule(code):
    def register(function):
        RULES[code] = function
        return function

    return register


def evidence(unit, year, code) -> Evidence | None:
    build = RULES.get(code)
    return build(unit, year) if build else None


def evidence_by_item(inspection) -> dict:
    """{checklist item id: Evidence} for the items of this self-inspection that have a rule."""
    found = {}
    computed = {}
    for row in inspection.scores.select_related("item"):
        code = row.item.evidence_code
        if code and code in RULES:
            if code not in computed:
                computed[code] = evidence(inspection.unit, inspection.year, code)
            found[row.item_id] = computed[code]
    return found


def _year_end(year):
    return min(timezone.localdate(), datetime.date(year, 12, 31))


def secret_related_people(unit):
    """Active members of the unit whose post is secret-related (core, important or general)."""
    from people.models import Membership
    from people.roles import PostLevel

    in_unit = Membership.objects.filter(user=OuterRef("pk"), unit=unit)
    return (
        get_user_model().objects.filter(Exists(in_unit), is_active=True, person__isnull=False)
        .exclude(person__post_level=PostLevel.NONE)
        .select_related("person")
    )


@rule(EvidenceCode.COMMITMENTS_SIGNED)
def commitments_signed(unit, year):
    people = secret_related_people(unit)
    total = people.count()
    signed = people.filter(person__commitment_signed_on__lte=_year_end(year)).count()
    return Evidence(
        code=EvidenceCode.COMMITMENTS_SIGNED,
        figure=ngettext(
            "%(signed)d of %(total)d secret-related person signed the confidentiality commitment",
            "%(signed)d of %(total)d secret-related people signed the confidentiality commitment",
            total,
        ) % {"signed": signed, "total": total},
        met=total > 0 and signed == total, count=signed, total=total,
        url=reverse("people:unit", args=[unit.pk]),
    )


@rule(EvidenceCode.TRAINING_RECORDED)
def training_recorded(unit, year):
    from registers.models import Attendance

    people = secret_related_people(unit)
    total = people.count()
    trained = people.filter(
        Exists(Attendance.objects.filter(person=OuterRef("pk"), present=True, event__held_on__year=year,
                                         event__withdrawn_on__isnull=True))
    ).count()
    return Evidence(
        code=EvidenceCode.TRAINING_RECORDED,
        figure=ngettext(
            "%(trained)d of %(total)d secret-related person attended an education event this year",
            "%(trained)d of %(total)d secret-related people attended an education event this year",
            total,
        ) % {"trained": trained, "total": total},
        met=total > 0 and trained == total, count=trained, total=total,
        url=reverse("people:unit", args=[unit.pk]),
    )


@rule(EvidenceCode.INVENTORIES_DONE)
def inventories_done(unit, year):
    """Each registry of the unit closed an inventory this year, and its latest one left no discrepancy open."""
    from documents.models import Inventory, InventoryStatus, Registry
    from inspections.claims import unresolved_discrepancies

    registries = Registry.objects.filter(unit=unit)
    total = registries.count()
    closed = Inventory.objects.filter(
        registry__unit=unit, closed_at__year=year, status__in=(InventoryStatus.CLOSED, InventoryStatus.SIGNED_OFF)
    )
    done = closed.values("registry").distinct().count()
    open_discrepancies = unresolved_discrepancies(unit, year).count()
    figure = ngettext(
        "%(done)d of %(total)d registry inventoried this year",
        "%(done)d of %(total)d registries inventoried this year",
        total,
    ) % {"done": done, "total": total}
    if open_discrepancies:
        figure += _("; ") + ngettext(
            "%(n)d discrepancy not resolved", "%(n)d discrepancies not resolved", open_discrepancies
        ) % {"n": open_discrepancies}
    latest = closed.order_by("-closed_at", "-pk").first()
    return Evidence(
        code=EvidenceCode.INVENTORIES_DONE, figure=figure,
        met=total > 0 and done == total and not open_discrepancies, count=done, total=total,
        url=reverse("documents:inventory", args=[latest.pk]) if latest else reverse("documents:inventories"),
    )


@rule(EvidenceCode.LEDGERS_COMPLETE)
def ledgers_complete(unit, year):
    """Every loan handed out this year has its return recorded, or is out within its due date."""
    from documents.models import Loan
    from inspections.claims import overdue_loans

    loans = Loan.objects.filter(copy__document__registry__unit=unit, handed_out_at__year=year)
    total = loans.count()
    late = overdue_loans(unit, year).count()
    return Evidence(
        code=EvidenceCode.LEDGERS_COMPLETE,
        figure=ngettext(
            "%(ok)d of %(total)d loan handed out this year returned or within its due date",
            "%(ok)d of %(total)d loans handed out this year returned or within their due date",
            total,
        ) % {"ok": total - late, "total": total},
        met=not late, count=total - late, total=total,
        url=reverse("inspections:summary_rows", args=["loans_late" if late else "loans"])
        + f"?unit={unit.pk}&year={year}",
    )


@rule(EvidenceCode.DEVICES_CHECKED)
def devices_checked(unit, year):
    """Every device in use was checked by a self-inspection of the year, and no check found a problem."""
    from carriers.models import Device, DeviceStatus
    from inspections.models import DeviceCheck, DeviceCheckResult

    devices = Device.objects.filter(unit=unit).exclude(status=DeviceStatus.SCRAPPED)
    checks = DeviceCheck.objects.filter(device__unit=unit, self_inspection__unit=unit, checked_at__year=year)
    total = devices.count()
    checked = devices.filter(Exists(checks.filter(device=OuterRef("pk")))).count()
    problems = checks.filter(result=DeviceCheckResult.PROBLEM).values("device").distinct().count()
    figure = ngettext(
        "%(checked)d of %(total)d device in use checked this year",
        "%(checked)d of %(total)d devices in use checked this year",
        total,
    ) % {"checked": checked, "total": total}
    if problems:
        figure += _("; ") + ngettext(
            "a problem found on %(n)d", "a problem found on %(n)d", problems
        ) % {"n": problems}
    return Evidence(
        code=EvidenceCode.DEVICES_CHECKED, figure=figure,
        met=total > 0 and checked == total and not problems, count=checked, total=total,
        url=reverse("carriers:list"),
    )


__all__ = ["RULES", "Evidence", "evidence", "evidence_by_item", "rule", "secret_related_people"]
