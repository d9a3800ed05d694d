"""Authenticators for the demo accounts that need two-factor sign-in (load_demo).

Every such demo account shares one published TOTP key, so that anyone trying
the system can add it to an authenticator app (or run `oathtool`). Like the
demo password, it must never exist on a production installation.
"""

import base64

from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.selectors import needs_two_factor

DEMO_TOTP_KEY = b"registry-demo-2026!!"
DEMO_TOTP_SECRET = base64.b32encode(DEMO_TOTP_KEY).decode()  # OJSWO2LTORZHSLLEMVWW6LJSGAZDMIJB


def give_demo_authenticators(users):
    """A confirmed demo authenticator for each of `users` who needs one. Safe to run twice."""
    given = []
    for user in users:
        if needs_two_factor(user) and not TOTPDevice.objects.filter(user=user, name="demo").exists():
            TOTPDevice.objects.create(user=user, name="demo", key=DEMO_TOTP_KEY.hex(), confirmed=True)
            given.append(user)
    return given
