"""weasyprint's URL fetcher, restricted to our own static files.

Printed ledgers contain text typed by users (titles, organs, remarks). Django
escapes it, but if markup ever slipped through, the renderer must still fetch
nothing: no request to another host or to our own server, no file outside
static/, no `data:` URL. Every other URL is refused with an ordinary
exception, which weasyprint logs and skips (the image or stylesheet is left
out); we never raise weasyprint's FatalURLFetchingError, which is a
BaseException and would escape `except Exception` in the background jobs.
"""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from django.conf import settings
from weasyprint.urls import URLFetcher, URLFetcherResponse


class URLRefused(ValueError):
    """A URL that is not one of our static files."""


def static_root() -> Path:
    return Path(settings.STATICFILES_DIRS[0]).resolve()


def static_base_url() -> str:
    return static_root().as_uri() + "/"


class StaticOnlyFetcher(URLFetcher):
    def __init__(self, root=None):
        super().__init__(timeout=1, allowed_protocols={"file"}, allow_redirects=False, fail_on_errors=False)
        self.root = Path(root).resolve() if root else static_root()
        self.refused = []

    def fetch(self, url, headers=None):
        path = self.static_path(url)
        if path is None:
            self.refused.append(url)
            raise URLRefused(f"refused, not one of our static files: {url[:200]}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": content_type})

    def static_path(self, url):
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost") or parts.query:
            return None
        path = Path(url2pathname(unquote(parts.path))).resolve()
        if not path.is_relative_to(self.root) or not path.is_file():
            return None
        return path
