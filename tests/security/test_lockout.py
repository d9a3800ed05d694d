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


def _addresses(count):
    return [f"127.0.1.{n}" for n in range(1, count + 1)]


def test_wrong_passwords_from_many_addresses_count_for_the_account(client, office, settings):
    settings.SIGNIN_ACCOUNT_FREE_FAILURES = 6
    for address in _addresses(3):  # two from each: no address reaches its own lockout
        sign_in(client, "wrong password", address=address)
        sign_in(client, "wrong password", address=address)

    slowed = sign_in(client, PASSWORD, address="127.0.2.1")

    assert slowed.status_code == 429
    assert "Try again in" in slowed.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_refused_try_during_the_delay_is_not_counted(client, office, settings):
    settings.SIGNIN_ACCOUNT_FREE_FAILURES = 2
    for address in _addresses(2):
        sign_in(client, "wrong password", address=address)
    counted = sum(AccessAttempt.objects.values_list("failures_since_start", flat=True))

    for _ in range(5):
        sign_in(client, "wrong password", address="127.0.2.1")

    assert sum(AccessAttempt.objects.values_list("failures_since_start", flat=True)) == counted


def test_the_account_delay_grows_and_is_short(client, office, settings):
    from accounts.backends import account_delay

    settings.SIGNIN_ACCOUNT_FREE_FAILURES = 2
    for address in _addresses(2):
        sign_in(client, "wrong password", address=address)
    first = account_delay("clerk")
    AccessAttempt.objects.create(
        username="clerk", ip_address="127.0.3.1", user_agent="", path_info="/accounts/login/",
        get_data="", post_data="", failures_since_start=3,
    )

    assert 0 < first <= 1
    assert 1 < account_delay("clerk") <= 16
    settings.SIGNIN_ACCOUNT_MAX_DELAY = datetime.timedelta(seconds=5)
    assert account_delay("clerk") <= 5


def test_the_account_delay_ends_and_the_right_password_works(client, office, settings):
    settings.SIGNIN_ACCOUNT_FREE_FAILURES = 2
    for address in _addresses(2):
        sign_in(client, "wrong password", address=address)
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.first().attempt_time - datetime.timedelta(seconds=5))

    assert sign_in(client, PASSWORD, address="127.0.2.1").status_code == 302
