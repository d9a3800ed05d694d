"""How people and systems get in: sign-in lockout, two-factor sign-in, API tokens.

- `backends.SignInLockout`: django-axes, refusing a locked-out username and address pair.
- `middleware.TwoFactorRequired`: leaders, inspectors, administrators and staff give a
  TOTP code (django-otp) after their password before any page.
- `models.ApiToken`: per-user API tokens an administrator issues and revokes; only
  a hash is stored. `models.TokenUse`: one row per request made with a token.
"""
