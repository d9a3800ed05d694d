"""Within one request a person's memberships are read once; a change of membership is seen at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from people.role_cache import RememberRolesPerRequest
from people.roles import Role
from people.selectors import has_role
from people.services.membership import add_membership, remove_membership

pytestmark = pytest.mark.django_db


def in_a_request(view):
    return RememberRolesPerRequest(lambda request: view())(request=None)


def test_role_checks_in_one_request_read_the_memberships_once(office):
    def view():
        with CaptureQueriesContext(connection) as queries:
            answers = [has_role(office.clerk, Role.CLERK, office.unit) for _ in range(5)]
            answers.append(has_role(office.clerk, Role.LEADER, office.unit))
        return answers, len(queries)

    answers, queries = in_a_request(view)

    assert answers == [True] * 5 + [False]
    assert queries == 1


def test_a_role_given_or_taken_during_the_request_is_seen_at_once(office):
    def view():
        before = has_role(office.reader, Role.LEADER, office.unit)
        membership = add_membership(user=office.reader, unit=office.unit, role=Role.LEADER, by=office.administrator,
                                    reason="Acting head")
        given = has_role(office.reader, Role.LEADER, office.unit)
        remove_membership(membership=membership, by=office.administrator, reason="Back to reading")
        return before, given, has_role(office.reader, Role.LEADER, office.unit)

    assert in_a_request(view) == (False, True, False)


def test_outside_a_request_nothing_is_remembered(office):
    assert not has_role(office.reader, Role.LEADER, office.unit)
    add_membership(user=office.reader, unit=office.unit, role=Role.LEADER, by=office.administrator, reason="Acting")
    assert has_role(office.reader, Role.LEADER, office.unit)
