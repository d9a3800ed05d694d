"""No back door for the administrator: a role that reads documents opens nothing until a leader confirms it."""

import pytest

from documents.levels import Level
from documents.services.errors import NotPermitted, SeparationOfDuties
from people.models import GrantStatus, Membership, RoleGrant
from people.roles import Role
from people.selectors import has_role
from people.services.grants import confirm_role_grant, grant_role, refuse_role_grant
from people.services.membership import remove_membership
from tests.factories import DocumentFactory, UnitFactory, UserFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def one_factor(settings):
    settings.REQUIRE_TWO_FACTOR = False


@pytest.fixture
def newcomer():
    return UserFactory(username="newcomer")


@pytest.fixture
def secret_document(office):
    return DocumentFactory(registry=office.registry, by=office.clerk, level=Level.TOP_SECRET)


def test_an_administrators_clerk_grant_waits_and_opens_no_document_until_a_leader_confirms(
    client, office, newcomer, secret_document
):
    grant = grant_role(user=newcomer, unit=office.unit, role=Role.CLERK, by=office.administrator, reason="New clerk")
    client.force_login(newcomer)

    assert grant.status == GrantStatus.PENDING
    assert not Membership.objects.filter(user=newcomer).exists()
    assert client.get(f"/documents/{secret_document.pk}/").status_code == 404

    confirm_role_grant(grant=grant, by=office.leader, reason="Confirmed: she takes over the registry")

    assert client.get(f"/documents/{secret_document.pk}/").status_code == 200


def test_a_pending_grant_is_no_role_for_any_check(office, newcomer):
    grant_role(user=newcomer, unit=office.unit, role=Role.LEADER, by=office.administrator, reason="Acting leader")

    assert not has_role(newcomer, Role.LEADER, office.unit)
    assert not newcomer.groups.filter(pk=office.unit.group.pk).exists()


def test_an_administrator_cannot_confirm_their_own_grant(office, newcomer):
    grant = grant_role(user=newcomer, unit=office.unit, role=Role.CLERK, by=office.administrator, reason="New clerk")

    with pytest.raises(SeparationOfDuties):
        confirm_role_grant(grant=grant, by=office.administrator, reason="Me again")

    grant.refresh_from_db()
    assert grant.status == GrantStatus.PENDING
    assert not Membership.objects.filter(user=newcomer).exists()


def test_another_administrator_cannot_confirm_where_the_unit_has_a_leader(office, newcomer):
    second = member(office.unit, Role.ADMINISTRATOR, username="admin2")
    grant = grant_role(user=newcomer, unit=office.unit, role=Role.CLERK, by=office.administrator, reason="New clerk")

    with pytest.raises(NotPermitted):
        confirm_role_grant(grant=grant, by=second, reason="Looks fine")


def test_a_second_administrator_confirms_where_the_unit_has_no_leader_yet(office, newcomer):
    unit = UnitFactory(code="new", name="New unit")
    second = member(office.unit, Role.ADMINISTRATOR, username="admin2")
    grant = grant_role(user=newcomer, unit=unit, role=Role.LEADER, by=office.administrator, reason="First leader")

    confirm_role_grant(grant=grant, by=second, reason="Appointment letter seen")

    assert has_role(newcomer, Role.LEADER, unit)


def test_a_leader_of_another_unit_cannot_confirm(office, other_unit, newcomer):
    finance_leader = member(other_unit.unit, Role.LEADER, username="finance_leader")
    grant = grant_role(user=newcomer, unit=office.unit, role=Role.READER, by=office.administrator, reason="New staff")

    with pytest.raises(NotPermitted):
        confirm_role_grant(grant=grant, by=finance_leader, reason="Fine")


def test_no_one_confirms_a_role_given_to_themselves(office):
    grant = grant_role(user=office.leader, unit=office.unit, role=Role.CLERK, by=office.administrator, reason="Covers")
    second_leader = member(office.unit, Role.LEADER, username="leader2")

    with pytest.raises(SeparationOfDuties):
        confirm_role_grant(grant=grant, by=office.leader, reason="Mine")
    confirm_role_grant(grant=grant, by=second_leader, reason="Covers while the clerk is away")

    assert has_role(office.leader, Role.CLERK, office.unit)


def test_the_confirmation_is_recorded_with_the_leader_and_the_reason(office, newcomer):
    grant = grant_role(user=newcomer, unit=office.unit, role=Role.CLERK, by=office.administrator, reason="New clerk")

    confirm_role_grant(grant=grant, by=office.leader, reason="Appointed by the office meeting")

    grant.refresh_from_db()
    latest = grant.history.latest()
    assert (grant.granted_by, grant.decided_by, grant.status) == (office.administrator, office.leader, GrantStatus.CONFIRMED)
    assert (latest.history_user, latest.history_change_reason) == (office.leader, "Appointed by the office meeting")
    membership = Membership.objects.get(user=newcomer, unit=office.unit, role=Role.CLERK)
    assert membership.history.latest().history_user == office.leader


def test_a_refused_grant_gives_no_role_and_cannot_be_confirmed_later(office, newcomer):
    grant = grant_role(user=newcomer, unit=office.unit, role=Role.CLERK, by=office.administrator, reason="New clerk")

    refuse_role_grant(grant=grant, by=office.leader, reason="Not on the staff list")

    assert RoleGrant.objects.get(pk=grant.pk).status == GrantStatus.REFUSED
    with pytest.raises(Exception, match="already confirmed, refused or revoked"):
        confirm_role_grant(grant=grant, by=office.leader, reason="Changed my mind")
    assert not Membership.objects.filter(user=newcomer).exists()


def test_the_administrator_role_needs_no_confirmation(office, newcomer):
    grant = grant_role(user=newcomer, unit=office.unit, role=Role.ADMINISTRATOR, by=office.administrator, reason="Deputy")

    assert grant.status == GrantStatus.CONFIRMED
    assert has_role(newcomer, Role.ADMINISTRATOR, office.unit)


def test_removing_a_role_marks_its_grant_revoked(office, newcomer):
    grant = grant_role(user=newcomer, unit=office.unit, role=Role.CLERK, by=office.administrator, reason="New clerk")
    confirm_role_grant(grant=grant, by=office.leader, reason="Yes")

    remove_membership(membership=Membership.objects.get(user=newcomer), by=office.administrator, reason="Left")

    grant.refresh_from_db()
    assert (grant.status, grant.revoked_by) == (GrantStatus.REVOKED, office.administrator)


def test_the_leader_confirms_from_the_inbox(client, office, newcomer):
    grant = grant_role(user=newcomer, unit=office.unit, role=Role.CLERK, by=office.administrator, reason="New clerk")
    client.force_login(office.leader)

    page = client.get("/").content.decode()
    assert f'id="role-grants-grant-{grant.pk}"' in page
    assert f"/people/grants/{grant.pk}/confirm/" in page and f"/people/grants/{grant.pk}/refuse/" in page

    response = client.post(f"/people/grants/{grant.pk}/confirm/", {"reason": "Confirmed", "next": "/"})

    assert response.status_code == 302
    assert has_role(newcomer, Role.CLERK, office.unit)


def test_the_granting_administrator_is_not_offered_the_confirmation(client, office, newcomer):
    grant = grant_role(user=newcomer, unit=office.unit, role=Role.CLERK, by=office.administrator, reason="New clerk")
    client.force_login(office.administrator)

    assert f"/people/grants/{grant.pk}/confirm/" not in client.get("/").content.decode()
    response = client.post(f"/people/grants/{grant.pk}/confirm/", {"reason": "Me", "next": "/"}, follow=True)

    assert "You gave this role" in response.content.decode()
    assert not Membership.objects.filter(user=newcomer).exists()


def test_a_reader_cannot_see_or_confirm_a_grant(client, office, newcomer):
    grant = grant_role(user=newcomer, unit=office.unit, role=Role.CLERK, by=office.administrator, reason="New clerk")
    client.force_login(office.reader)

    assert client.post(f"/people/grants/{grant.pk}/confirm/", {"reason": "Sure"}).status_code == 404
    assert not Membership.objects.filter(user=newcomer).exists()


def test_granting_a_role_in_administration_leaves_it_pending(client, office, newcomer):
    office.administrator.is_staff = office.administrator.is_superuser = True
    office.administrator.save()
    client.force_login(office.administrator)

    response = client.post(
        "/admin/people/rolegrant/add/",
        {"user": newcomer.pk, "unit": office.unit.pk, "role": Role.CLERK, "change_reason": "New clerk"},
    )

    assert response.status_code == 302
    grant = RoleGrant.objects.get(user=newcomer)
    assert (grant.status, grant.granted_by) == (GrantStatus.PENDING, office.administrator)
    assert not Membership.objects.filter(user=newcomer).exists()


def test_memberships_cannot_be_added_directly_in_administration(client, office, newcomer):
    office.administrator.is_staff = office.administrator.is_superuser = True
    office.administrator.save()
    client.force_login(office.administrator)

    response = client.post(
        "/admin/people/membership/add/",
        {"user": newcomer.pk, "unit": office.unit.pk, "role": Role.CLERK, "change_reason": "Quick"},
    )

    assert response.status_code == 403
    assert not Membership.objects.filter(user=newcomer).exists()


def test_the_set_up_write_settles_a_pending_grant_of_the_same_role(office, newcomer):
    from people.services.membership import add_membership

    grant = grant_role(user=newcomer, unit=office.unit, role=Role.CLERK, by=office.administrator, reason="New clerk")

    add_membership(user=newcomer, unit=office.unit, role=Role.CLERK, by=None, reason="Operator set-up")

    grant.refresh_from_db()
    assert grant.status == GrantStatus.CONFIRMED
    assert RoleGrant.objects.filter(user=newcomer).count() == 1


def test_the_same_role_cannot_wait_twice(office, newcomer):
    from documents.services.errors import InvalidState

    grant_role(user=newcomer, unit=office.unit, role=Role.CLERK, by=office.administrator, reason="New clerk")

    with pytest.raises(InvalidState):
        grant_role(user=newcomer, unit=office.unit, role=Role.CLERK, by=office.administrator, reason="Again")
