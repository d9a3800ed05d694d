"""A session ends after a spell without requests; requests renew it, at most once a minute."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def the_session(client):
    return Session.objects.get(session_key=client.session.session_key)


def test_an_idle_session_is_signed_out(client, office):
    client.login(username="clerk", password=PASSWORD)
    assert client.get("/ledger/").status_code == 200
    session = the_session(client)
    session.expire_date = timezone.now() - datetime.timedelta(seconds=1)
    session.save()

    response = client.get("/ledger/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_request_pushes_the_end_back_by_the_idle_time(client, office, settings):
    client.login(username="clerk", password=PASSWORD)
    session = the_session(client)
    session.expire_date = timezone.now() + datetime.timedelta(seconds=30)
    session.save()

    client.get("/ledger/")

    remaining = the_session(client).expire_date - timezone.now()
    assert datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60) < remaining
    assert remaining <= datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)


def test_requests_within_a_minute_of_the_renewal_do_not_write_the_session(client, office, settings):
    client.login(username="clerk", password=PASSWORD)
    client.get("/ledger/")
    renewed = the_session(client).expire_date

    client.get("/ledger/")
    client.get("/")

    assert the_session(client).expire_date == renewed


def test_a_request_a_minute_after_the_renewal_renews_again(client, office, settings):
    client.login(username="clerk", password=PASSWORD)
    client.get("/ledger/")
    session = client.session
    session["_renewed_at"] -= settings.SESSION_RENEW_SECONDS
    session.save()
    before = the_session(client).expire_date

    client.get("/ledger/")

    assert the_session(client).expire_date > before
    remaining = the_session(client).expire_date - timezone.now()
    assert remaining > datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)
