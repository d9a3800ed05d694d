"""No back door for the administrator: no one gives themselves a role that reads documents."""

import pytest

from documents.services.errors import NotPermitted
from people.models import Membership
from people.roles import Role
from people.services.grants import grant_role
from people.services.membership import add_membership

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [Role.CLERK, Role.LEADER, Role.INSPECTOR, Role.READER])
def test_an_administrator_cannot_give_themselves_a_role_that_reads_documents(office, role):
    before = Membership.objects.count()

    with pytest.raises(NotPermitted):
        add_membership(user=office.administrator, unit=office.unit, role=role, by=office.administrator, reason="Me")

    assert Membership.objects.count() == before


def test_an_administrator_still_gives_another_person_a_role_for_a_leader_to_confirm(office):
    grant = grant_role(user=office.reader2, unit=office.unit, role=Role.CLERK, by=office.administrator, reason="New clerk")

    assert grant.is_pending


def test_the_administration_page_refuses_a_self_grant_on_the_form(client, office, settings):
    settings.REQUIRE_TWO_FACTOR = False
    office.administrator.is_staff = office.administrator.is_superuser = True
    office.administrator.save()
    client.force_login(office.administrator)
    before = Membership.objects.count()

    response = client.post(
        "/admin/people/rolegrant/add/",
        {"user": office.administrator.pk, "unit": office.unit.pk, "role": Role.CLERK, "change_reason": "Me"},
    )

    assert response.status_code == 200
    assert "cannot give yourself a role that reads documents" in response.content.decode()
    assert Membership.objects.count() == before
