"""/favicon.ico: browsers and tools ask for it at the root whatever the page links, and a 404 there fills the console."""

from functools import lru_cache

from django.conf import settings
from django.http import HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe


@lru_cache(maxsize=1)
def _icon():
    return (settings.BASE_DIR / "static" / "favicon.ico").read_bytes()


@require_safe
@cache_control(max_age=86400, public=True)
def favicon(request):
    return HttpResponse(_icon(), content_type="image/x-icon")
