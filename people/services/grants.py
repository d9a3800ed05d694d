"""Giving a role, and confirming or refusing it: the administrator's grant is not enough alone.

An administrator manages accounts and reads no document (DOMAIN.md). A role
that reads documents, given by an administrator, is a pending RoleGrant until
a leader of the unit confirms it, or a second administrator where the unit
has no leader yet; the confirmer is never the granter nor the person who gets
the role. Until then no Membership exists, so no selector, role check or
knowledge scope sees it. The administrator role itself opens nothing and is
written at once (recorded as a grant that needed no confirmation).
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.services.errors import InvalidState, NotPermitted, SeparationOfDuties, raise_if
from documents.services.recording import require_reason, stamp
from people.models import GrantStatus, Membership, RoleGrant
from people.roles import Role
from people.selectors import has_role
from people.services.membership import READING_ROLES, self_grant_refusal, write_membership


def is_administrator(user) -> bool:
    return bool(user.is_superuser or has_role(user, Role.ADMINISTRATOR))


def check_grant_role(user, unit, role, by):
    """None when `by` may give `user` this role in `unit` now; else the refusal."""
    if not is_administrator(by):
        return NotPermitted(_("Only an administrator gives roles."))
    refusal = self_grant_refusal(user, role, by)
    if refusal is not None:
        return refusal
    if Membership.objects.filter(user=user, unit=unit, role=role).exists():
        return InvalidState(_("This person already holds this role in this unit."))
    if RoleGrant.objects.filter(user=user, unit=unit, role=role, status=GrantStatus.PENDING).exists():
        return InvalidState(_("This role is already waiting for confirmation."))
    return None


@transaction.atomic
def grant_role(*, user, unit, role, by, reason) -> RoleGrant:
    """Give `user` a role in `unit`: pending when it reads documents, written at once for the administrator role."""
    reason = require_reason(reason)
    raise_if(check_grant_role(user, unit, role, by))
    now = timezone.now()
    grant = RoleGrant(user=user, unit=unit, role=role, granted_by=by, granted_at=now, reason=reason)
    if role not in READING_ROLES:
        grant.status, grant.decided_at = GrantStatus.CONFIRMED, now
    try:
        with transaction.atomic():
            stamp(grant, by=by, reason=reason).save()
    except IntegrityError:
        # Another administrator gave the same role at the same moment (role_grant_one_open).
        raise InvalidState(_("This role is already waiting for confirmation.")) from None
    if grant.status == GrantStatus.CONFIRMED:
        write_membership(user=user, unit=unit, role=role, by=by, reason=reason)
    return grant


def unit_leaders(grant):
    """Who leads the grant's unit now, but the person the grant is for."""
    return Membership.objects.filter(unit_id=grant.unit_id, role=Role.LEADER, user__is_active=True).exclude(user_id=grant.user_id)


def check_decide_role_grant(grant, user):
    """None when `user` may confirm or refuse this pending grant now; else the refusal."""
    if grant.status != GrantStatus.PENDING:
        return InvalidState(_("This role was already confirmed, refused or revoked."))
    if grant.granted_by_id == user.pk:
        return SeparationOfDuties(_("You gave this role: a leader of the unit, or another administrator, confirms it."))
    if grant.user_id == user.pk:
        return SeparationOfDuties(_("No one confirms a role given to themselves."))
    if unit_leaders(grant).exists():
        if not has_role(user, Role.LEADER, grant.unit_id):
            return NotPermitted(_("Only a leader of %(unit)s confirms this role.") % {"unit": grant.unit})
    elif not is_administrator(user):
        return NotPermitted(_("%(unit)s has no leader yet: another administrator confirms this role.") % {"unit": grant.unit})
    return None


check_confirm_role_grant = check_decide_role_grant
check_refuse_role_grant = check_decide_role_grant


def _decide(grant, by, reason, status):
    reason = require_reason(reason)
    with transaction.atomic():
        grant = RoleGrant.objects.select_for_update(of=("self",)).select_related("user", "unit").get(pk=grant.pk)
        raise_if(check_decide_role_grant(grant, by))
        grant.status, grant.decided_by, grant.decided_at, grant.decision_reason = status, by, timezone.now(), reason
        stamp(grant, by=by, reason=reason).save()
        if status == GrantStatus.CONFIRMED:
            write_membership(user=grant.user, unit=grant.unit, role=grant.role, by=by, reason=reason)
    return grant


def confirm_role_grant(*, grant, by, reason) -> RoleGrant:
    """The role takes effect: the Membership is written, in the confirmer's name."""
    return _decide(grant, by, reason, GrantStatus.CONFIRMED)


def refuse_role_grant(*, grant, by, reason) -> RoleGrant:
    return _decide(grant, by, reason, GrantStatus.REFUSED)
