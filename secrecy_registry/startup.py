"""A web process without DEBUG starts only with a secret key from the environment.

Settings fall back to a throwaway key so that commands serving no one
(makemigrations, collectstatic) run on a fresh checkout; the web entry points
and the deployment checklist are where a missing key must stop everything.
"""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

MESSAGE = "Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=1 for a local trial run)."


def secret_key_missing():
    return not settings.DEBUG and not settings.SECRET_KEY_FROM_ENVIRONMENT


def require_secret_key():
    if secret_key_missing():
        raise ImproperlyConfigured(MESSAGE)


@checks.register(checks.Tags.security, deploy=True)
def secret_key_from_environment(app_configs, **kwargs):
    if secret_key_missing():
        return [checks.Error(MESSAGE, id="secrecy_registry.E001")]
    return []
