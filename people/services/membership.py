"""Writing and removing roles. The unit's scope group follows membership.

A unit-wide knowledge scope reaches the people who work with the unit's
documents: its clerks, leaders, readers and inspectors. The administrator
role manages accounts and settings and gives no right to read documents
(DOMAIN.md), so it alone does not put a person in the unit's group.

People give roles through `people.services.grants.grant_role` (a role that
reads documents waits for a leader's confirmation). `add_membership` is the
direct write that a confirmation ends in, and the set-up path of the server's
operator, the demo data and the tests; it records a confirmed grant that
needed no confirmation, so the inspector's list of grants stays complete.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.services.errors import NotPermitted
from documents.services.recording import require_reason, stamp
from people.models import GrantStatus, Membership, RoleGrant
from people.role_cache import forget_memberships
from people.roles import Role


def _sync_unit_group(user, unit):
    if Membership.objects.filter(user=user, unit=unit).exclude(role=Role.ADMINISTRATOR).exists():
        user.groups.add(unit.group)
    else:
        user.groups.remove(unit.group)


# Every role but the administrator's opens documents (DOMAIN.md).
READING_ROLES = frozenset({Role.CLERK, Role.LEADER, Role.INSPECTOR, Role.READER})


def self_grant_refusal(user, role, by):
    """No one gives themselves a role that reads documents."""
    if by is not None and by.pk == user.pk and role in READING_ROLES:
        return NotPermitted(_("You cannot give yourself a role that reads documents: another administrator gives it."))
    return None


# The name the administration form and older callers know.
check_add_membership = self_grant_refusal


def write_membership(*, user, unit, role, by, reason) -> Membership:
    """The Membership row itself, with history; the caller has decided and checked."""
    membership = Membership.objects.filter(user=user, unit=unit, role=role).first()
    if membership is None:
        membership = stamp(Membership(user=user, unit=unit, role=role), by=by, reason=reason)
        membership.save()
        forget_memberships()
    _sync_unit_group(user, unit)
    return membership


@transaction.atomic
def add_membership(*, user, unit, role, by, reason) -> Membership:
    reason = require_reason(reason)
    refusal = self_grant_refusal(user, role, by)
    if refusal is not None:
        raise refusal
    now = timezone.now()
    open_grant = (
        RoleGrant.objects.select_for_update()
        .filter(user=user, unit=unit, role=role, status__in=[GrantStatus.PENDING, GrantStatus.CONFIRMED])
        .first()
    )
    if open_grant is None:
        open_grant = RoleGrant(
            user=user, unit=unit, role=role, status=GrantStatus.CONFIRMED, granted_by=by, granted_at=now,
            reason=reason, decided_at=now,
        )
        stamp(open_grant, by=by, reason=reason).save()
    elif open_grant.status == GrantStatus.PENDING:
        # The set-up's direct write settles a grant that was waiting, in its own name.
        open_grant.status, open_grant.decided_at, open_grant.decision_reason = GrantStatus.CONFIRMED, now, reason
        stamp(open_grant, by=by, reason=reason).save()
    return write_membership(user=user, unit=unit, role=role, by=by, reason=reason)


@transaction.atomic
def remove_membership(*, membership, by, reason) -> None:
    reason = require_reason(reason)
    user, unit = membership.user, membership.unit
    for grant in RoleGrant.objects.select_for_update().filter(
        user=user, unit=unit, role=membership.role, status=GrantStatus.CONFIRMED
    ).order_by("pk"):
        grant.status, grant.revoked_by, grant.revoked_at = GrantStatus.REVOKED, by, timezone.now()
        stamp(grant, by=by, reason=reason).save()
    stamp(membership, by=by, reason=reason).delete()
    forget_memberships()
    _sync_unit_group(user, unit)
