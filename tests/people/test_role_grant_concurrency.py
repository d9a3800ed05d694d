"""Two people deciding the same grant, or two administrators giving the same role, at the same moment."""

import pytest

from people.models import GrantStatus, Membership, RoleGrant
from people.roles import Role
from people.services.grants import confirm_role_grant, grant_role, refuse_role_grant
from tests.documents.test_destruction_concurrency import race
from tests.factories import UserFactory, member

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_confirmation_and_a_refusal_at_once_leave_one_decision(office):
    newcomer = UserFactory(username="newcomer")
    second_leader = member(office.unit, Role.LEADER, username="leader_b")
    grant = grant_role(user=newcomer, unit=office.unit, role=Role.CLERK, by=office.administrator, reason="New clerk")

    results, errors = race(
        lambda: confirm_role_grant(grant=grant, by=office.leader, reason="Yes"),
        lambda: refuse_role_grant(grant=grant, by=second_leader, reason="No"),
    )

    assert (len(results), len(errors)) == (1, 1)
    grant.refresh_from_db()
    held = Membership.objects.filter(user=newcomer, role=Role.CLERK).exists()
    assert held == (grant.status == GrantStatus.CONFIRMED)


def test_two_administrators_giving_the_same_role_at_once_make_one_grant(office):
    newcomer = UserFactory(username="newcomer")
    second = member(office.unit, Role.ADMINISTRATOR, username="admin_b")

    results, errors = race(
        lambda: grant_role(user=newcomer, unit=office.unit, role=Role.READER, by=office.administrator, reason="Staff"),
        lambda: grant_role(user=newcomer, unit=office.unit, role=Role.READER, by=second, reason="Staff"),
    )

    assert (len(results), len(errors)) == (1, 1)
    assert RoleGrant.objects.filter(user=newcomer, status=GrantStatus.PENDING).count() == 1
