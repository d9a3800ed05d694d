"""The printed register of a unit's organisation and responsibility (组织领导登记): group, letters, plan tasks."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _, gettext_lazy

from documents.pdf.ledgers import Ledger
from people.names import person_name
from registers.models import PlanTask
from registers.selectors import register_units, visible_letters, visible_memberships, visible_plans


def _iso(value):
    return value.isoformat() if value else ""


def organisation_rows(user, unit):
    """One row per place in the group, per letter and per task of a plan, in that order: each says which part."""
    rows = []
    for membership in visible_memberships(user).filter(unit=unit).order_by("left_on", "position", "appointed_on", "pk"):
        rows.append({"level": None, "part": _("Secrecy group"), "entry": membership.get_position_display(),
                     "who": person_name(membership.person), "start": _iso(membership.appointed_on),
                     "end": _iso(membership.left_on), "status": _("Left") if membership.left_on else _("Current")})
    for letter in visible_letters(user).filter(unit=unit).order_by("signed_on", "pk"):
        rows.append({"level": None, "part": _("Responsibility letter"),
                     "entry": _("Signed on %(date)s") % {"date": letter.signed_on.isoformat()},
                     "who": letter.signed_with, "start": _iso(letter.valid_from), "end": _iso(letter.valid_until),
                     "status": _("Withdrawn on %(date)s") % {"date": letter.withdrawn_on.isoformat()}
                     if letter.withdrawn_on else _("In force")})
    plans = visible_plans(user).filter(unit=unit)
    for task in (PlanTask.objects.filter(plan__in=plans).select_related("plan", "responsible")
                 .order_by("plan__year", "plan_id", "due_on", "pk")):
        rows.append({"level": None, "part": _("Work plan %(year)s") % {"year": task.plan.year}, "entry": task.task,
                     "who": f"{task.office} · {person_name(task.responsible)}", "start": "", "end": _iso(task.due_on),
                     "status": _("Done on %(date)s") % {"date": task.done_on.isoformat()} if task.done_on
                     else _("Not done")})
    return rows


def organisation_register_ledger(user, params) -> Ledger:
    unit = get_object_or_404(register_units(user), pk=params["unit"])
    return Ledger.of_rows(
        unit, organisation_rows(user, unit), kind="organisation_register",
        template="registers/pdf/organisation_register.html", name=gettext_lazy("Register of organisation and responsibility"),
    )
