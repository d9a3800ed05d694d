"""Self-inspections and rectifications a user may see: their units' (clerk, leader, inspector)."""

from django.db.models import Q
from django.utils import timezone

from inspections.models import Rectification, RectificationStatus, SelfInspection
from people.roles import Role
from people.selectors import units_where

READING_ROLES = (Role.CLERK, Role.LEADER, Role.INSPECTOR)


def visible_self_inspections(user):
    return SelfInspection.objects.filter(unit__in=units_where(user, *READING_ROLES)).select_related("unit", "template")


def visible_rectifications(user):
    return Rectification.objects.filter(
        Q(self_inspection__unit__in=units_where(user, *READING_ROLES)) | Q(owner=user)
    ).select_related("self_inspection__unit", "owner")


# An owner sees their rectification item in the inbox from this many days before its deadline.
OWNER_NOTICE_DAYS = 30


def rectifications_owned_due(user, *, today=None):
    """Open rectification items this person owns whose deadline is within OWNER_NOTICE_DAYS or past."""
    import datetime

    today = today or timezone.localdate()
    return (
        Rectification.objects.filter(
            owner=user, status=RectificationStatus.OPEN,
            deadline__lte=today + datetime.timedelta(days=OWNER_NOTICE_DAYS),
        )
        .select_related("self_inspection__unit", "owner")
        .order_by("deadline", "pk")
    )


def overdue_rectifications(user):
    return visible_rectifications(user).filter(status=RectificationStatus.OPEN, deadline__lt=timezone.localdate())


def scoring_sheet(inspection):
    """The checklist by area with each item's score, and the totals so far."""
    areas = []
    for row in inspection.scores.select_related("item__area").order_by("item__area__position", "item__position", "item_id"):
        if not areas or areas[-1]["area"] != row.item.area:
            areas.append({"area": row.item.area, "rows": [], "max": 0, "score": 0})
        areas[-1]["rows"].append(row)
        areas[-1]["max"] += row.item.max_score
        areas[-1]["score"] += row.score or 0
    return areas
