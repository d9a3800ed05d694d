"""Self-inspection: score a checklist, complete it, turn every shortfall into a rectification item."""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.services.errors import Conflict, InvalidInput, InvalidState, NotPermitted, raise_if
from documents.services.recording import require_reason, stamp
from inspections.models import (
    ChecklistItem,
    ChecklistTemplate,
    ItemScore,
    Rectification,
    RectificationStatus,
    SelfInspection,
    SelfInspectionStatus,
)
from people.roles import Role
from people.selectors import has_any_role, has_role

SCORING_ROLES = (Role.CLERK, Role.LEADER)


def _require_scorer(user, unit):
    if not has_any_role(user, SCORING_ROLES, unit):
        raise NotPermitted(_("Only the secrecy clerk or a leader of %(unit)s scores its self-inspection.") % {"unit": unit})


def start_self_inspection(*, unit, year, by, reason, template=None) -> SelfInspection:
    reason = require_reason(reason)
    _require_scorer(by, unit)
    template = template or ChecklistTemplate.objects.filter(is_default=True).first()
    if template is None:
        raise InvalidState(_("No checklist template is marked as the default; ask the administrator."))
    try:
        with transaction.atomic():
            inspection = stamp(SelfInspection(unit=unit, year=year, template=template, created_by=by), by=by, reason=reason)
            inspection.save()
            for item in ChecklistItem.objects.filter(area__template=template).order_by("area__position", "position", "pk"):
                stamp(ItemScore(self_inspection=inspection, item=item), by=by, reason=reason).save()
    except IntegrityError as error:
        raise Conflict(_("%(unit)s already has a self-inspection for %(year)s.") % {"unit": unit, "year": year}) from error
    return inspection


def _lock_draft(inspection):
    inspection = SelfInspection.objects.select_for_update().select_related("unit").get(pk=inspection.pk)
    if inspection.status != SelfInspectionStatus.DRAFT:
        raise InvalidState(_("This self-inspection is completed; its scores are final."))
    return inspection


def check_score_items(self_inspection, user):
    """May `user` score this self-inspection now? Only while it is a draft, by the unit's clerk or a leader."""
    if self_inspection.status != SelfInspectionStatus.DRAFT:
        return InvalidState(_("This self-inspection is completed; its scores are final."))
    if not has_any_role(user, SCORING_ROLES, self_inspection.unit):
        return NotPermitted(
            _("Only the secrecy clerk or a leader of %(unit)s scores its self-inspection.") % {"unit": self_inspection.unit}
        )
    return None


def score_items(*, self_inspection, scores, by, reason) -> SelfInspection:
    """`scores`: {item_score_pk: (score or None, remarks, evidence)}."""
    reason = require_reason(reason)
    with transaction.atomic():
        inspection = SelfInspection.objects.select_for_update().select_related("unit").get(pk=self_inspection.pk)
        raise_if(check_score_items(inspection, by))
        rows = ItemScore.objects.select_for_update().select_related("item").filter(self_inspection=inspection, pk__in=scores)
        errors = {}
        for row in rows:
            score, remarks, evidence = scores[row.pk]
            if score is not None and not (Decimal(0) <= score <= row.item.max_score):
                errors[f"score_{row.pk}"] = [
                    _("%(item)s: a score between 0 and %(max)s.") % {"item": row.item.text, "max": row.item.max_score}
                ]
                continue
            if (row.score, row.remarks, row.evidence) != (score, remarks, evidence):
                row.score, row.remarks, row.evidence = score, remarks, evidence
                stamp(row, by=by, reason=reason).save()
        if errors:
            raise InvalidInput(errors)
    return inspection


def complete_self_inspection(*, self_inspection, owner, deadline, by, reason) -> SelfInspection:
    reason = require_reason(reason)
    with transaction.atomic():
        inspection = _lock_draft(self_inspection)
        _require_scorer(by, inspection.unit)
        rows = list(inspection.scores.select_related("item"))
        unscored = [row.item.text for row in rows if row.score is None]
        if unscored:
            raise InvalidState(_("Score every item first; %(n)d are still empty.") % {"n": len(unscored)})
        inspection.total = sum((row.score for row in rows), Decimal(0))
        inspection.maximum = sum((row.item.max_score for row in rows), Decimal(0))
        inspection.status = SelfInspectionStatus.COMPLETED
        inspection.completed_by, inspection.completed_at = by, timezone.now()
        stamp(inspection, by=by, reason=reason).save()
        for row in rows:
            if row.score < row.item.max_score:
                problem = f"{row.item.text} ({row.score}/{row.item.max_score})"
                if row.remarks:
                    problem = f"{problem}: {row.remarks}"
                rectification = Rectification(
                    self_inspection=inspection, item=row.item, problem=problem[:1000], owner=owner, deadline=deadline
                )
                stamp(rectification, by=by, reason=reason).save()
    return inspection


def close_rectification(*, rectification, outcome, by, reason=None) -> Rectification:
    reason = require_reason(reason or outcome)
    with transaction.atomic():
        rectification = Rectification.objects.select_for_update().select_related("self_inspection__unit").get(
            pk=rectification.pk
        )
        unit = rectification.self_inspection.unit
        if by != rectification.owner and not has_role(by, Role.LEADER, unit):
            raise NotPermitted(_("Only the owner or a leader of %(unit)s closes a rectification item.") % {"unit": unit})
        if rectification.status == RectificationStatus.DONE:
            raise InvalidState(_("This rectification item is already closed."))
        rectification.status, rectification.outcome, rectification.closed_at = RectificationStatus.DONE, outcome, timezone.now()
        stamp(rectification, by=by, reason=reason).save()
    return rectification
