"""API tokens: issued to system accounts by an administrator (or by a person for themselves), shown once,
stored hashed, revocable, every use recorded."""

import io

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from accounts.models import ApiToken, TokenUse
from accounts.services.tokens import hash_key, issue_token, revoke_token
from documents.services.errors import NotPermitted
from people.roles import Role
from tests.factories import PASSWORD, system_account

pytestmark = pytest.mark.django_db


def bearer(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def test_issue_token_command_prints_the_key_once_and_stores_only_its_hash(office):
    out = io.StringIO()
    call_command("issue_token", "clerk", "--name", "OA system", stdout=out, stderr=io.StringIO())

    key = out.getvalue().strip()
    token = ApiToken.objects.get()
    assert (token.user, token.name) == (office.clerk, "OA system")
    assert token.key_hash == hash_key(key) != key
    assert key not in str(ApiToken.history.values_list())
    assert bearer(key).get("/api/v1/documents/").status_code == 200


def test_a_revoked_token_gets_401(office):
    oa = system_account(office.unit, Role.CLERK)
    token, key = issue_token(user=oa, name="OA system", by=office.administrator, reason="OA go-live")
    assert bearer(key).get("/api/v1/documents/").status_code == 200

    revoke_token(token=token, by=office.administrator, reason="OA system replaced")

    response = bearer(key).get("/api/v1/documents/")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"
    assert token.history.latest().history_change_reason == "OA system replaced"


def test_revoke_token_command(office):
    token, key = issue_token(user=office.clerk, name="OA system", by=None, reason="set-up")

    call_command("revoke_token", str(token.pk), "--reason", "Leaked in a ticket", stdout=io.StringIO())

    assert bearer(key).get("/api/v1/documents/").status_code == 401


@pytest.mark.parametrize("header", ["Bearer srk_not-a-real-key", "Bearer", "Token a b", "Bearer \u00e9\u00e9"])
def test_a_wrong_token_gets_401(office, header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header.encode("utf-8").decode("latin-1"))

    assert client.get("/api/v1/documents/").status_code == 401


def test_the_token_of_a_disabled_account_gets_401(office):
    _token, key = issue_token(user=office.clerk, name="OA system", by=None, reason="set-up")
    office.clerk.is_active = False
    office.clerk.save()

    assert bearer(key).get("/api/v1/documents/").status_code == 401


def test_every_token_use_is_recorded_as_its_user(office):
    token, key = issue_token(user=office.reader, name="reading script", by=None, reason="set-up")
    client = bearer(key)

    client.get("/api/v1/documents/")
    client.get("/api/v1/documents/999999/")

    uses = list(TokenUse.objects.order_by("pk").values_list("token", "user", "method", "path", "status"))
    assert uses == [
        (token.pk, office.reader.pk, "GET", "/api/v1/documents/", 200),
        (token.pk, office.reader.pk, "GET", "/api/v1/documents/999999/", 404),
    ]


def test_a_person_without_a_second_factor_this_session_cannot_issue_their_own_token(office):
    with pytest.raises(NotPermitted):
        issue_token(user=office.clerk, name="my own", by=office.clerk, reason="convenience")
    assert ApiToken.objects.count() == 0


@pytest.fixture
def admin_client(client, office):
    office.administrator.is_staff = True
    office.administrator.save()
    client.login(username="administrator", password=PASSWORD)
    return client


def test_administrator_issues_a_token_in_administration_and_sees_the_key_once(admin_client, office):
    oa = system_account(office.unit, Role.CLERK)
    response = admin_client.post(
        "/admin/accounts/apitoken/add/", {"user": oa.pk, "name": "OA system", "change_reason": "OA go-live"}
    )

    assert response.status_code == 200
    key = response.context["key"]
    token = ApiToken.objects.get()
    assert token.key_hash == hash_key(key)
    assert token.created_by == office.administrator
    assert key.encode() not in admin_client.get(f"/admin/accounts/apitoken/{token.pk}/change/").content
    assert bearer(key).get("/api/v1/documents/").status_code == 200


def test_administrator_revokes_a_token_in_administration_with_a_reason(admin_client, office):
    token, key = issue_token(user=office.clerk, name="OA system", by=None, reason="set-up")

    response = admin_client.post(
        f"/admin/accounts/apitoken/{token.pk}/change/", {"revoke": "on", "change_reason": "OA system retired"}
    )

    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_by == office.administrator
    assert token.history.latest().history_change_reason == "OA system retired"
    assert bearer(key).get("/api/v1/documents/").status_code == 401


def test_a_clerk_with_staff_status_cannot_see_tokens_in_administration(client, office):
    office.clerk.is_staff = True
    office.clerk.save()
    client.login(username="clerk", password=PASSWORD)

    assert client.get("/admin/accounts/apitoken/").status_code == 403
