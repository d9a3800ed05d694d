"""CSRF: every state-changing request a signed-in browser can make needs the CSRF token.

Every URL pattern (pages, API, administration) gets a POST without the
token, from a signed-in session: each answers 403 for CSRF (or 405, for a
page that takes no POST at all). The same POST with the token is not
refused for CSRF, so the 403 is the token's doing.
"""

import pytest
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from tests.factories import PASSWORD, DocumentFactory

pytestmark = pytest.mark.django_db

SECRET = "a" * 32  # a CSRF secret the control requests send as cookie and header alike
SAMPLE_KWARGS = {"app_label": "accounts", "content_type_id": "1", "url": "x"}


def named_patterns():
    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, ":".join(filter(None, [namespace, pattern.namespace])))
            elif isinstance(pattern, URLPattern) and pattern.name:
                names = list(getattr(pattern.pattern, "converters", {})) or list(pattern.pattern.regex.groupindex)
                yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), names

    return list(walk(get_resolver().url_patterns, ""))


def concrete_urls(object_id):
    urls, unbuilt = set(), []
    for name, kwargs in named_patterns():
        values = {kwarg: SAMPLE_KWARGS.get(kwarg, str(object_id)) for kwarg in kwargs}
        try:
            urls.add(reverse(name, kwargs=values))
        except NoReverseMatch:
            # simple-history's admin version pages take unnamed arguments; they only read.
            if not name.endswith("_simple_history"):
                unbuilt.append(name)
    return sorted(urls), unbuilt


def signed_in(username):
    client = Client(enforce_csrf_checks=True)
    assert client.login(username=username, password=PASSWORD)
    return client


@pytest.mark.slow
def test_every_post_without_the_csrf_token_is_refused(office):
    document = DocumentFactory(registry=office.registry, by=office.clerk, copies_count=1)
    office.administrator.is_staff = office.administrator.is_superuser = True
    office.administrator.save()
    urls, unbuilt = concrete_urls(document.pk)
    assert len(urls) > 40 and "/documents/register/" in urls and "/api/v1/documents/" in urls
    assert len(unbuilt) < 5, unbuilt

    not_refused = []
    for url in urls:
        for username in ("clerk", "administrator"):
            response = signed_in(username).post(url, {"reason": "x"})
            refused_for_csrf = response.status_code == 403 and b"CSRF" in response.content
            if not (refused_for_csrf or response.status_code == 405):
                not_refused.append((username, url, response.status_code))
    assert not not_refused


@pytest.mark.parametrize(
    "url", ["/documents/register/", "/documents/{pk}/edit/", "/documents/{pk}/scope/", "/api/v1/documents/{pk}/scope/"]
)
def test_the_same_post_with_the_token_is_not_refused_for_csrf(office, url):
    document = DocumentFactory(registry=office.registry, by=office.clerk, copies_count=1)
    client = signed_in("clerk")
    client.cookies["csrftoken"] = SECRET

    response = client.post(url.format(pk=document.pk), {"reason": "x"}, HTTP_X_CSRFTOKEN=SECRET)

    assert b"CSRF" not in response.content
    assert response.status_code != 403


def test_the_sign_in_page_needs_the_token_too(office):
    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {"username": "clerk", "password": PASSWORD})

    assert response.status_code == 403


def test_a_token_authenticated_api_request_needs_no_csrf_token(office):
    from accounts.services.tokens import issue_token

    document = DocumentFactory(registry=office.registry, by=office.clerk, copies_count=1, pages=3)
    _token, key = issue_token(user=office.clerk, name="OA", by=None, reason="test set-up")
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        f"/api/v1/documents/{document.pk}/correction/",
        {"pages": 4, "reason": "Recounted"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )

    assert response.status_code == 200
