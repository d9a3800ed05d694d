"""Response headers every answer of the registry carries."""

from django.conf import settings
from django.utils.cache import add_never_cache_headers


class NeverStoreRegistryData:
    """`Cache-Control: no-store` on every answer except static files.

    Pages, API answers and printed PDFs carry registry data; a shared
    browser's cache (or a proxy's) would keep them after sign-out. Every
    answer but the static files is marked, not only those of a signed-in
    session: an API call authenticated by a token is anonymous to Django's
    middleware (DRF authenticates inside the view), and the sign-in and error
    pages lose nothing by not being stored.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.static_prefix = "/" + settings.STATIC_URL.lstrip("/")

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path_info.startswith(self.static_prefix):
            # no-store, plus no-cache, must-revalidate, max-age=0 and private for older caches, and Expires.
            add_never_cache_headers(response)
        return response
