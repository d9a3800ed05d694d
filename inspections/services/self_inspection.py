"""Self-inspection: start it (annual or special), score a checklist, check the unit's devices, complete it,
turn every shortfall into a rectification item, give each item its owner and deadline, close it."""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.services.errors import Conflict, InvalidInput, InvalidState, NotPermitted, raise_if
from documents.services.recording import require_reason, stamp
from inspections.models import (
    ChecklistItem,
    ChecklistTemplate,
    DeviceCheck,
    DeviceCheckResult,
    InspectionKind,
    ItemScore,
    Rectification,
    RectificationStatus,
    SelfInspection,
    SelfInspectionStatus,
)
from people.roles import Role
from people.selectors import has_any_role, has_role

SCORING_ROLES = (Role.CLERK, Role.LEADER)
# Who starts a self-inspection, checks devices and assigns rectification items: the unit's own office, and
# the inspector who comes to check it (a special inspection is often the inspector's).
STARTING_ROLES = (Role.CLERK, Role.LEADER, Role.INSPECTOR)


def _require_scorer(user, unit):
    if not has_any_role(user, SCORING_ROLES, unit):
        raise NotPermitted(_("Only the secrecy clerk or a leader of %(unit)s scores its self-inspection.") % {"unit": unit})


def check_start_self_inspection(unit, user):
    """May `user` start a self-inspection of this unit? Its clerk, a leader or its inspector."""
    if not has_any_role(user, STARTING_ROLES, unit):
        return NotPermitted(
            _("Only the secrecy clerk, a leader or the inspector of %(unit)s starts its self-inspection.") % {"unit": unit}
        )
    return None


def unit_people(unit):
    """Who may own a rectification item of the unit: its active members."""
    from django.contrib.auth import get_user_model

    from people.models import Membership

    return get_user_model().objects.filter(
        is_active=True, pk__in=Membership.objects.filter(unit=unit).values("user")
    ).order_by("last_name", "first_name", "username")


def start_self_inspection(*, unit, year, by, reason, kind=InspectionKind.ANNUAL, subject="", template=None) -> SelfInspection:
    reason = require_reason(reason)
    raise_if(check_start_self_inspection(unit, by))
    subject = (subject or "").strip()
    if kind not in InspectionKind.values:
        raise InvalidInput({"kind": [_("Choose annual or special.")]})
    if kind == InspectionKind.SPECIAL and not subject:
        raise InvalidInput({"subject": [_("Say what the special inspection is about.")]})
    if kind == InspectionKind.ANNUAL:
        subject = ""
    template = template or ChecklistTemplate.objects.filter(is_default=True).first()
    if template is None:
        raise InvalidState(_("No checklist template is marked as the default; ask the administrator."))
    try:
        with transaction.atomic():
            inspection = stamp(
                SelfInspection(unit=unit, year=year, kind=kind, subject=subject, template=template, created_by=by),
                by=by, reason=reason,
            )
            inspection.save()
            for item in ChecklistItem.objects.filter(area__template=template).order_by("area__position", "position", "pk"):
                stamp(ItemScore(self_inspection=inspection, item=item), by=by, reason=reason).save()
    except IntegrityError as error:
        raise Conflict(
            _("%(unit)s already has its annual self-inspection for %(year)s; start a special inspection instead.")
            % {"unit": unit, "year": year}
        ) from error
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


def _require_owner(owner, unit, *, field="owner"):
    if owner is None or not unit_people(unit).filter(pk=owner.pk).exists():
        raise InvalidInput({field: [_("The owner must be a person of %(unit)s.") % {"unit": unit}]})


def _require_deadline(deadline, *, field="deadline"):
    if deadline is None or deadline < timezone.localdate():
        raise InvalidInput({field: [_("The deadline must be today or later.")]})


def complete_self_inspection(*, self_inspection, owner, deadline, by, reason) -> SelfInspection:
    """`owner` and `deadline` are the default of every item; each is then given its own (assign_rectification)."""
    reason = require_reason(reason)
    with transaction.atomic():
        inspection = _lock_draft(self_inspection)
        _require_scorer(by, inspection.unit)
        _require_owner(owner, inspection.unit)
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


def _lock_rectification(rectification):
    return Rectification.objects.select_for_update().select_related("self_inspection__unit").get(pk=rectification.pk)


def check_assign_rectification(rectification, user):
    """May `user` give this item its owner and deadline now? While open, the unit's clerk, a leader or inspector."""
    unit = rectification.self_inspection.unit
    if rectification.status != RectificationStatus.OPEN:
        return InvalidState(_("This rectification item is already closed."))
    if not has_any_role(user, STARTING_ROLES, unit):
        return NotPermitted(
            _("Only the secrecy clerk, a leader or the inspector of %(unit)s assigns its rectification items.")
            % {"unit": unit}
        )
    return None


def assign_rectification(*, rectification, owner, deadline, by, reason) -> Rectification:
    """Give one rectification item its own owner (a person of the unit) and deadline."""
    reason = require_reason(reason)
    with transaction.atomic():
        rectification = _lock_rectification(rectification)
        raise_if(check_assign_rectification(rectification, by))
        _require_owner(owner, rectification.self_inspection.unit)
        if deadline != rectification.deadline:
            _require_deadline(deadline)
        if (rectification.owner_id, rectification.deadline) != (owner.pk, deadline):
            rectification.owner, rectification.deadline = owner, deadline
            stamp(rectification, by=by, reason=reason).save()
    return rectification


def check_close_rectification(rectification, user):
    """May `user` close this item now? While open, its owner or a leader of the unit."""
    unit = rectification.self_inspection.unit
    if rectification.status == RectificationStatus.DONE:
        return InvalidState(_("This rectification item is already closed."))
    if user.pk != rectification.owner_id and not has_role(user, Role.LEADER, unit):
        return NotPermitted(_("Only the owner or a leader of %(unit)s closes a rectification item.") % {"unit": unit})
    return None


def close_rectification(*, rectification, outcome, by, reason=None) -> Rectification:
    reason = require_reason(reason or outcome)
    with transaction.atomic():
        rectification = _lock_rectification(rectification)
        raise_if(check_close_rectification(rectification, by))
        rectification.status, rectification.outcome, rectification.closed_at = RectificationStatus.DONE, outcome, timezone.now()
        stamp(rectification, by=by, reason=reason).save()
    return rectification


def check_record_device_check(self_inspection, user):
    """May `user` record device checks on this self-inspection now? While it is scored; the clerk, a leader or
    the inspector of the unit."""
    if self_inspection.status != SelfInspectionStatus.DRAFT:
        return InvalidState(_("This self-inspection is completed; its device checks are final."))
    if not has_any_role(user, STARTING_ROLES, self_inspection.unit):
        return NotPermitted(
            _("Only the secrecy clerk, a leader or the inspector of %(unit)s checks its devices.")
            % {"unit": self_inspection.unit}
        )
    return None


def record_device_check(*, self_inspection, device, result, note, by, reason) -> DeviceCheck:
    """The result of checking one device of the unit (a second check on the same inspection replaces the first)."""
    from carriers.models import Device, DeviceStatus

    reason = require_reason(reason)
    note = (note or "").strip()
    if result not in DeviceCheckResult.values:
        raise InvalidInput({"result": [_("Choose the result of the check.")]})
    if result == DeviceCheckResult.PROBLEM and not note:
        raise InvalidInput({"note": [_("Say what problem was found.")]})
    with transaction.atomic():
        inspection = SelfInspection.objects.select_for_update().select_related("unit").get(pk=self_inspection.pk)
        raise_if(check_record_device_check(inspection, by))
        device = Device.objects.select_for_update().filter(pk=device.pk, unit=inspection.unit).first()
        if device is None or device.status == DeviceStatus.SCRAPPED:
            raise InvalidInput({"device": [_("Choose a device of %(unit)s still in its register.") % {"unit": inspection.unit}]})
        check = DeviceCheck.objects.select_for_update().filter(self_inspection=inspection, device=device).first()
        check = check or DeviceCheck(self_inspection=inspection, device=device)
        check.result, check.note, check.checked_by, check.checked_at = result, note, by, timezone.now()
        stamp(check, by=by, reason=reason).save()
    return check
