"""No back door for the administrator: a token acts as a system account, or as the person who issued it after 2FA."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from accounts.models import ApiToken, SystemAccount
from accounts.services.tokens import issue_token, mark_system_account
from documents.services.errors import InvalidState, NotPermitted
from people.roles import Role
from tests.factories import PASSWORD, DocumentFactory, UserFactory, system_account

pytestmark = pytest.mark.django_db


def bearer(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def test_an_administrator_cannot_issue_a_token_acting_as_the_clerk(office):
    with pytest.raises(NotPermitted, match="not a system account"):
        issue_token(user=office.clerk, name="OA system", by=office.administrator, reason="Convenience")

    assert ApiToken.objects.count() == 0


def test_the_administration_page_refuses_a_token_for_the_clerk_with_a_clear_message(client, office):
    office.administrator.is_staff = True
    office.administrator.save()
    client.login(username="administrator", password=PASSWORD)

    response = client.post(
        "/admin/accounts/apitoken/add/", {"user": office.clerk.pk, "name": "OA system", "change_reason": "Convenience"}
    )

    assert response.status_code == 200
    assert "an administrator cannot issue a token that acts as another person" in response.content.decode()
    assert ApiToken.objects.count() == 0


def test_a_system_accounts_token_reads_through_the_api(office):
    document = DocumentFactory(registry=office.registry, by=office.clerk)
    oa = system_account(office.unit, Role.CLERK)
    _token, key = issue_token(user=oa, name="OA system", by=office.administrator, reason="OA go-live")

    response = bearer(key).get(f"/api/v1/documents/{document.pk}/")

    assert response.status_code == 200


def test_an_account_with_roles_cannot_be_marked_as_a_system_account(office):
    with pytest.raises(InvalidState):
        mark_system_account(user=office.clerk, by=office.administrator, reason="To issue a token")

    assert not SystemAccount.objects.exists()


def test_a_person_issues_their_own_token_after_both_factors_and_it_works(client, office, settings):
    settings.REQUIRE_TWO_FACTOR = True
    document = DocumentFactory(registry=office.registry, by=office.clerk)
    device = TOTPDevice.objects.create(user=office.clerk, name="phone", confirmed=True)
    client.post("/accounts/login/", {"username": "clerk", "password": PASSWORD})
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift):06d}"
    assert client.post("/accounts/two-factor/", {"code": code}).status_code == 302

    response = client.post("/accounts/tokens/", {"name": "my copies script", "reason": "Weekly report"})

    assert response.status_code == 200
    key = response.context["key"]
    token = ApiToken.objects.get()
    assert (token.user, token.created_by) == (office.clerk, office.clerk)
    assert bearer(key).get(f"/api/v1/documents/{document.pk}/").status_code == 200


def test_a_person_signed_in_with_the_password_only_is_refused_their_own_token(client, office, settings):
    settings.REQUIRE_TWO_FACTOR = True
    client.post("/accounts/login/", {"username": "clerk", "password": PASSWORD})

    page = client.get("/accounts/tokens/").content.decode()
    response = client.post("/accounts/tokens/", {"name": "my script", "reason": "Weekly report"})

    assert "issued only after you signed in with both factors" in page
    assert response.status_code == 200
    assert ApiToken.objects.count() == 0


def test_a_person_cannot_issue_a_token_acting_as_someone_else(office):
    newcomer = UserFactory(username="newcomer")

    with pytest.raises(NotPermitted):
        issue_token(user=newcomer, name="theirs", by=office.clerk, reason="Helping")
