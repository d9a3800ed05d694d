import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "secrecy_registry.settings")

from secrecy_registry.startup import require_secret_key  # noqa: E402  (reads settings)

require_secret_key()
application = get_wsgi_application()
