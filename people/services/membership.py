"""Giving and taking roles. The unit's scope group follows membership.

A unit-wide knowledge scope reaches the people who work with the unit's
documents: its clerks, leaders, readers and inspectors. The administrator
role manages accounts and settings and gives no right to read documents
(DOMAIN.md), so it alone does not put a person in the unit's group.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from documents.services.errors import NotPermitted
from documents.services.recording import require_reason, stamp
from people.models import Membership
from people.role_cache import forget_memberships
from people.roles import Role


def _sync_unit_group(user, unit):
    if Membership.objects.filter(user=user, unit=unit).exclude(role=Role.ADMINISTRATOR).exists():
        user.groups.add(unit.group)
    else:
        user.groups.remove(unit.group)


# Every role but the administrator's opens documents (DOMAIN.md).
READING_ROLES = frozenset({Role.CLERK, Role.LEADER, Role.INSPECTOR, Role.READER})


def check_add_membership(user, role, by):
    """None when `by` may give `user` this role; else the refusal. No one gives themselves a role that reads documents."""
    if by is not None and by.pk == user.pk and role in READING_ROLES:
        return NotPermitted(_("You cannot give yourself a role that reads documents: another administrator gives it."))
    return None


@transaction.atomic
def add_membership(*, user, unit, role, by, reason) -> Membership:
    reason = require_reason(reason)
    refusal = check_add_membership(user, role, by)
    if refusal is not None:
        raise refusal
    membership = Membership.objects.filter(user=user, unit=unit, role=role).first()
    if membership is None:
        membership = stamp(Membership(user=user, unit=unit, role=role), by=by, reason=reason)
        membership.save()
        forget_memberships()
    _sync_unit_group(user, unit)
    return membership


@transaction.atomic
def remove_membership(*, membership, by, reason) -> None:
    reason = require_reason(reason)
    user, unit = membership.user, membership.unit
    stamp(membership, by=by, reason=reason).delete()
    forget_memberships()
    _sync_unit_group(user, unit)
