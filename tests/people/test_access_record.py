"""The inspector's list of every role grant and API token of the units they inspect."""

import pytest

from accounts.services.tokens import issue_token
from people.roles import Role
from people.services.grants import confirm_role_grant, grant_role
from tests.factories import UserFactory, member, system_account

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def one_factor(settings):
    settings.REQUIRE_TWO_FACTOR = False


def test_the_inspector_sees_a_grant_with_who_gave_and_who_confirmed_it(client, office):
    office.administrator.first_name, office.administrator.last_name = "Lei", "Zhao"
    office.administrator.save()
    office.leader.first_name, office.leader.last_name = "Min", "Wang"
    office.leader.save()
    newcomer = UserFactory(username="newcomer", first_name="Fang", last_name="Li")
    grant = grant_role(user=newcomer, unit=office.unit, role=Role.CLERK, by=office.administrator, reason="New clerk")
    confirm_role_grant(grant=grant, by=office.leader, reason="Appointed")
    client.force_login(office.inspector)

    page = client.get("/people/access-record/").content.decode()

    row = page[page.index(f'id="grant-{grant.pk}"') :].split("</tr>")[0]
    assert "Fang Li" in row and "Lei Zhao" in row and "Min Wang" in row and "Confirmed" in row


def test_the_inspector_sees_a_pending_grant_as_waiting(client, office):
    newcomer = UserFactory(username="newcomer")
    grant = grant_role(user=newcomer, unit=office.unit, role=Role.READER, by=office.administrator, reason="New staff")
    client.force_login(office.inspector)

    page = client.get("/people/access-record/").content.decode()

    assert "Waiting for confirmation" in page[page.index(f'id="grant-{grant.pk}"') :].split("</tr>")[0]


def test_the_inspector_sees_tokens_with_who_issued_them(client, office):
    oa = system_account(office.unit, Role.CLERK)
    token, _key = issue_token(user=oa, name="OA integration", by=office.administrator, reason="Go-live")
    client.force_login(office.inspector)

    page = client.get("/people/access-record/").content.decode()

    row = page[page.index(f'id="token-{token.pk}"') :].split("</tr>")[0]
    assert "OA integration" in row and "system account" in row


def test_grants_of_units_not_inspected_are_not_listed(client, office, other_unit):
    newcomer = UserFactory(username="newcomer")
    grant = grant_role(user=newcomer, unit=other_unit.unit, role=Role.READER, by=office.administrator, reason="Staff")
    client.force_login(office.inspector)

    assert f'id="grant-{grant.pk}"' not in client.get("/people/access-record/").content.decode()


def test_the_page_is_not_found_for_a_clerk(client, office):
    client.force_login(office.clerk)

    assert client.get("/people/access-record/").status_code == 404


def test_the_inspectors_navigation_links_the_page(client, office):
    member(office.unit, Role.READER, username="someone")
    client.force_login(office.inspector)

    assert 'href="/people/access-record/"' in client.get("/").content.decode()
