"""Giving and taking roles. The unit's scope group follows membership."""

from django.db import transaction

from documents.services.errors import MissingReason
from people.models import Membership


def _require_reason(reason):
    if not (reason or "").strip():
        raise MissingReason()


@transaction.atomic
def add_membership(*, user, unit, role, by, reason) -> Membership:
    _require_reason(reason)
    membership = Membership.objects.filter(user=user, unit=unit, role=role).first()
    if membership is None:
        membership = Membership(user=user, unit=unit, role=role)
        membership._history_user = by
        membership._change_reason = reason
        membership.save()
    user.groups.add(unit.group)
    return membership


@transaction.atomic
def remove_membership(*, membership, by, reason) -> None:
    _require_reason(reason)
    user, unit = membership.user, membership.unit
    membership._history_user = by
    membership._change_reason = reason
    membership.delete()
    if not Membership.objects.filter(user=user, unit=unit).exists():
        user.groups.remove(unit.group)
