"""Two-factor sign-in (django-otp, TOTP) for leaders, inspectors and administrators."""

import re
import time

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.demo import DEMO_TOTP_SECRET, give_demo_authenticators
from accounts.models import EnrolmentCode
from accounts.services.enrolment import issue_enrolment_code
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


def give_enrolment_code(client, office, user=None):
    """What the person does first: type the code the administrator issued."""
    _, raw = issue_enrolment_code(user=user or office.leader, by=office.administrator, reason="New leader")
    response = client.post("/accounts/two-factor/enrol/", {"enrolment_code": raw})
    assert response.status_code == 302
    return raw


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
    give_enrolment_code(client, office)

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
    give_enrolment_code(client, office)
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


def test_the_password_alone_does_not_show_the_key_to_a_person_who_must_use_two_factors(client, office):
    sign_in(client, "leader")

    page = client.get("/accounts/two-factor/enrol/")

    assert 'class="secret"' not in page.content.decode()
    assert "enrolment_code" in page.context["form"].fields
    assert client.get("/accounts/two-factor/enrol/qr.svg").status_code == 404
    assert not TOTPDevice.objects.filter(user=office.leader).exists()


def test_a_wrong_or_foreign_enrolment_code_is_refused(client, office):
    _, for_the_inspector = issue_enrolment_code(user=office.inspector, by=office.administrator, reason="New inspector")
    sign_in(client, "leader")

    for wrong in ("AAAA-BBBB-CCCC-DDDD", for_the_inspector, "\u200b"):
        response = client.post("/accounts/two-factor/enrol/", {"enrolment_code": wrong})
        assert response.status_code == 200
        assert "enrolment_code" in response.context["form"].errors
    assert not TOTPDevice.objects.filter(user=office.leader).exists()


def test_an_enrolment_code_is_used_once_and_recorded(client, office):
    sign_in(client, "leader")
    raw = give_enrolment_code(client, office)
    assert 'class="secret"' in client.get("/accounts/two-factor/enrol/").content.decode()
    device = TOTPDevice.objects.get(user=office.leader)

    assert client.post("/accounts/two-factor/enrol/", {"code": code_for(device)}).status_code == 302

    code = EnrolmentCode.objects.get()
    assert code.used_at is not None
    assert (code.issued_by, code.reason) == (office.administrator, "New leader")
    assert code.history.filter(history_user=office.leader).exists()
    TOTPDevice.objects.filter(user=office.leader).delete()
    client.logout()
    sign_in(client, "leader")
    again = client.post("/accounts/two-factor/enrol/", {"enrolment_code": raw})
    assert "enrolment_code" in again.context["form"].errors


def test_an_expired_enrolment_code_is_refused(client, office):
    _, raw = issue_enrolment_code(user=office.leader, by=office.administrator, reason="New leader")
    EnrolmentCode.objects.update(expires_at=EnrolmentCode.objects.get().issued_at)
    sign_in(client, "leader")

    response = client.post("/accounts/two-factor/enrol/", {"enrolment_code": raw})

    assert "enrolment_code" in response.context["form"].errors


def test_only_an_administrator_issues_enrolment_codes(office):
    from documents.services.errors import NotPermitted

    with pytest.raises(NotPermitted):
        issue_enrolment_code(user=office.leader, by=office.clerk, reason="Me")
    assert not EnrolmentCode.objects.exists()


def test_an_administrator_issues_an_enrolment_code_in_administration_and_sees_it_once(client, office, settings):
    from accounts.services.enrolment import valid_code

    settings.REQUIRE_TWO_FACTOR = False
    office.administrator.is_staff = True
    office.administrator.save()
    client.force_login(office.administrator)

    response = client.post("/admin/accounts/enrolmentcode/add/", {"user": office.leader.pk, "reason": "New leader"})

    assert response.status_code == 200
    raw = response.context["code"]
    code = EnrolmentCode.objects.get()
    assert (code.user, code.issued_by, code.reason) == (office.leader, office.administrator, "New leader")
    assert valid_code(office.leader, raw) == code
    assert raw.encode() not in client.get("/admin/accounts/enrolmentcode/").content
