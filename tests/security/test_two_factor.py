"""Two-factor sign-in (django-otp, TOTP) for leaders, inspectors and administrators."""

import re
import time

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.demo import DEMO_TOTP_SECRET, give_demo_authenticators
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def required(settings):
    settings.REQUIRE_TWO_FACTOR = True


def code_for(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift):06d}"


def sign_in(client, username):
    response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return response


def authenticator(user):
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


@pytest.mark.parametrize("username", ["leader", "inspector", "administrator"])
def test_roles_that_need_two_factors_see_no_page_before_enrolling(client, office, username):
    sign_in(client, username)

    for path in ("/", "/ledger/", "/api/docs/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/two-factor/enrol/?next=")


@pytest.mark.parametrize("username", ["clerk", "reader"])
def test_other_roles_are_not_asked(client, office, username):
    sign_in(client, username)

    assert client.get("/ledger/").status_code == 200


def test_enrolment_shows_the_key_and_a_qr_code_and_a_right_code_turns_it_on(client, office):
    sign_in(client, "leader")

    page = client.get("/accounts/two-factor/enrol/?next=/ledger/")
    device = TOTPDevice.objects.get(user=office.leader)
    secret = re.search(r'<code class="secret">([A-Z2-7=]+)</code>', page.content.decode()).group(1)
    qr = client.get("/accounts/two-factor/enrol/qr.svg")
    assert qr["Content-Type"] == "image/svg+xml"
    assert qr.content.startswith(b"<svg") and b"<script" not in qr.content
    assert not device.confirmed

    done = client.post("/accounts/two-factor/enrol/", {"code": code_for(device), "next": "/ledger/"})

    assert done.status_code == 302 and done["Location"] == "/ledger/"
    device.refresh_from_db()
    assert device.confirmed
    import base64

    assert base64.b32encode(device.bin_key).decode() == secret
    assert client.get("/ledger/").status_code == 200


def test_a_wrong_code_does_not_enrol(client, office):
    sign_in(client, "leader")
    client.get("/accounts/two-factor/enrol/")
    device = TOTPDevice.objects.get(user=office.leader)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"

    response = client.post("/accounts/two-factor/enrol/", {"code": wrong})

    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    assert not TOTPDevice.objects.get(user=office.leader).confirmed
    assert client.get("/").status_code == 302


def test_after_the_password_a_code_is_needed_at_every_sign_in(client, office):
    device = authenticator(office.inspector)
    sign_in(client, "inspector")

    asked = client.get("/ledger/")
    assert asked.status_code == 302
    assert asked["Location"] == "/accounts/two-factor/?next=%2Fledger%2F"
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    assert client.post("/accounts/two-factor/", {"code": wrong, "next": "/ledger/"}).status_code == 200
    assert client.get("/ledger/").status_code == 302
    time.sleep(1.1)  # after a wrong code, django-otp refuses any code for a second (then 2, 4, ...)

    right = client.post("/accounts/two-factor/", {"code": code_for(device), "next": "/ledger/"})

    assert right["Location"] == "/ledger/"
    assert client.get("/ledger/").status_code == 200


def test_whoever_knows_the_password_cannot_enrol_a_second_authenticator(client, office):
    authenticator(office.leader)
    sign_in(client, "leader")

    assert client.get("/accounts/two-factor/enrol/")["Location"].startswith("/accounts/two-factor/?")
    assert client.get("/accounts/two-factor/enrol/qr.svg").status_code == 404
    assert TOTPDevice.objects.filter(user=office.leader).count() == 1


def test_a_reader_who_enrolled_gives_a_code_too(client, office):
    authenticator(office.reader)
    sign_in(client, "reader")

    assert client.get("/ledger/")["Location"].startswith("/accounts/two-factor/?")


def test_a_session_without_the_second_factor_gets_403_from_the_api(client, office):
    authenticator(office.leader)
    sign_in(client, "leader")

    response = client.get("/api/v1/documents/")

    assert response.status_code == 403
    assert response.json()["code"] == "two_factor_required"


def test_the_verify_page_sends_nobody_to_another_site(client, office):
    device = authenticator(office.leader)
    sign_in(client, "leader")

    response = client.post("/accounts/two-factor/", {"code": code_for(device), "next": "https://evil.example/"})

    assert response["Location"] == "/"


def test_a_debug_trial_run_can_switch_it_off(client, office, settings):
    settings.REQUIRE_TWO_FACTOR = False
    authenticator(office.leader)
    sign_in(client, "leader")

    assert client.get("/ledger/").status_code == 200


def test_demo_accounts_that_need_it_get_the_published_demo_key(office):
    given = give_demo_authenticators([office.clerk, office.leader, office.inspector, office.administrator])

    assert set(given) == {office.leader, office.inspector, office.administrator}
    import base64

    assert {base64.b32encode(d.bin_key).decode() for d in TOTPDevice.objects.all()} == {DEMO_TOTP_SECRET}
    assert give_demo_authenticators([office.leader]) == []
