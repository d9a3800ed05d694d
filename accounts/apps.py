from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Sign-in and API access")

    def ready(self):
        from accounts import authentication  # noqa: F401  (registers the token scheme with the API schema)
        from accounts.services import reauth  # noqa: F401  (a sign-in counts as a fresh proof of identity)
        from secrecy_registry import startup  # noqa: F401  (registers the secret-key deployment check)
