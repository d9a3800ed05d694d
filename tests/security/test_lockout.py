"""Sign-in lockout (django-axes): five wrong passwords for one account from one address lock that pair out."""

import datetime

import pytest
from axes.models import AccessAttempt

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

HERE, THERE = "127.0.0.21", "127.0.0.22"


def sign_in(client, password, address=HERE, username="clerk"):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def test_the_right_password_is_refused_after_five_wrong_ones(client, office):
    answers = [sign_in(client, "wrong password").status_code for _ in range(5)]

    locked = sign_in(client, PASSWORD)

    assert answers == [200, 200, 200, 200, 429]
    assert locked.status_code == 429
    assert "Sign-in locked" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_four_wrong_passwords_do_not_lock(client, office):
    for _ in range(4):
        sign_in(client, "wrong password")

    assert sign_in(client, PASSWORD).status_code == 302


def test_the_lock_is_for_that_account_from_that_address_only(client, office):
    for _ in range(5):
        sign_in(client, "wrong password")

    assert sign_in(client, PASSWORD, address=THERE).status_code == 302
    client.logout()
    assert sign_in(client, PASSWORD, username="leader").status_code == 302


def test_the_lock_ends_after_the_cool_off_time(client, office, settings):
    for _ in range(5):
        sign_in(client, "wrong password")
    past = AccessAttempt.objects.get().attempt_time - settings.AXES_COOLOFF_TIME - datetime.timedelta(minutes=1)
    AccessAttempt.objects.update(attempt_time=past)

    assert sign_in(client, PASSWORD).status_code == 302


def test_the_failure_limit_is_configurable(client, office, settings):
    settings.AXES_FAILURE_LIMIT = 2

    sign_in(client, "wrong password")
    assert sign_in(client, "wrong password").status_code == 429


def test_a_good_sign_in_clears_the_count(client, office):
    for _ in range(4):
        sign_in(client, "wrong password")
    assert sign_in(client, PASSWORD).status_code == 302
    client.logout()

    answers = [sign_in(client, "wrong password").status_code for _ in range(4)]

    assert answers == [200, 200, 200, 200]
