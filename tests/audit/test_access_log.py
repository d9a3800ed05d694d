"""The access log: sign-ins, failures, sign-outs, denials, prints and exports; the inspector's page."""

import datetime
import re

import pytest
from django.db import DatabaseError, transaction
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessEvent, AccessKind
from audit.services.access import record_access
from tests.db_roles import owner_rights
from tests.factories import PASSWORD, DocumentFactory

pytestmark = pytest.mark.django_db


def signed_in(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def sign_in_through_the_page(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password}, HTTP_USER_AGENT="Firefox/140")


def test_a_sign_in_is_logged_with_address_and_browser(client, office):
    sign_in_through_the_page(client, "reader", PASSWORD)

    event = AccessEvent.objects.get(kind=AccessKind.SIGN_IN)
    assert (event.user, event.username, event.ip, event.user_agent) == (office.reader, "reader", "127.0.0.1", "Firefox/140")


def test_a_failed_sign_in_is_logged_with_the_name_tried(client, office):
    response = sign_in_through_the_page(client, "reader", "wrong password")

    assert response.status_code == 200
    event = AccessEvent.objects.get()
    assert (event.kind, event.user, event.username) == (AccessKind.SIGN_IN_FAILED, None, "reader")
    assert "wrong" not in event.object_description + event.path


def test_a_sign_in_with_an_unknown_name_is_logged(client, db):
    sign_in_through_the_page(client, "nobody-here", "whatever-it-is")

    assert AccessEvent.objects.get().username == "nobody-here"


def test_a_sign_out_is_logged(client, office):
    signed_in(client, office.reader)

    client.post(reverse("logout"))

    assert AccessEvent.objects.filter(kind=AccessKind.SIGN_OUT, user=office.reader).count() == 1


def _comparable(response, path):
    """The page without what differs on every response anyway: the CSRF token and the page's own address."""
    content = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", response.content)
    return content.replace(path.encode(), b"PATH")


def test_an_out_of_scope_document_is_logged_as_denied_behind_the_same_404(client, office):
    hidden = DocumentFactory(registry=office.registry, by=office.clerk, scope_users=[office.leader])
    signed_in(client, office.reader)

    hidden_path = reverse("documents:detail", args=[hidden.pk])
    missing_path = reverse("documents:detail", args=[hidden.pk + 1000])
    hidden_response, missing_response = client.get(hidden_path), client.get(missing_path)

    assert hidden_response.status_code == missing_response.status_code == 404
    assert _comparable(hidden_response, hidden_path) == _comparable(missing_response, missing_path)
    denied, probed = AccessEvent.objects.filter(kind=AccessKind.DENIED).order_by("pk")
    assert (denied.user, denied.object_description) == (office.reader, f"documents.Document #{hidden.pk}")
    assert denied.path == reverse("documents:detail", args=[hidden.pk])
    assert probed.object_description == f"documents.Document #{hidden.pk + 1000} (no such record)"


def test_a_document_in_scope_is_not_logged_as_denied(client, office):
    document = DocumentFactory(registry=office.registry, by=office.clerk, scope_users=[office.reader])
    signed_in(client, office.reader)

    assert client.get(reverse("documents:detail", args=[document.pk])).status_code == 200
    assert not AccessEvent.objects.filter(kind=AccessKind.DENIED).exists()


def test_record_access_records_a_print_for_the_signed_in_person(office):
    request = RequestFactory().get("/ledger/print/", HTTP_USER_AGENT="Chromium")
    request.user = office.clerk

    record_access(request, AccessKind.PRINT, "Registration ledger (PDF, 12 rows)")

    event = AccessEvent.objects.get()
    assert (event.kind, event.user, event.object_description, event.path) == (
        AccessKind.PRINT, office.clerk, "Registration ledger (PDF, 12 rows)", "/ledger/print/"
    )


def test_access_events_cannot_be_edited_or_deleted_even_by_the_owner(office):
    event = record_access(None, AccessKind.EXPORT, "Ledger CSV", user=office.clerk)

    # The application's role has no UPDATE or DELETE right at all (test_roles.py); the trigger stops the owner too.
    with owner_rights():
        with pytest.raises(DatabaseError, match="append-only"):
            with transaction.atomic():
                AccessEvent.objects.filter(pk=event.pk).update(object_description="nothing")
        with pytest.raises(DatabaseError, match="append-only"):
            with transaction.atomic():
                AccessEvent.objects.filter(pk=event.pk).delete()


@pytest.fixture
def logged(office):
    record_access(None, AccessKind.PRINT, "Ledger printed", user=office.clerk)
    record_access(None, AccessKind.EXPORT, "Ledger exported", user=office.leader)
    record_access(None, AccessKind.SIGN_IN_FAILED, user=None, username="intruder")


def rows(response):
    return re.findall(r'<tr class="kind-(\w+)">', response.content.decode())


def test_inspector_sees_the_access_log_newest_first(client, office, logged):
    signed_in(client, office.inspector)

    response = client.get(reverse("audit:access_log"))

    assert rows(response) == ["sign_in", "sign_in_failed", "export", "print"]


def test_inspector_filters_the_access_log_by_kind(client, office, logged):
    signed_in(client, office.inspector)

    response = client.get(reverse("audit:access_log"), {"kind": "export"})

    assert rows(response) == ["export"]
    assert "Ledger exported" in response.content.decode()


def test_inspector_filters_the_access_log_by_person(client, office, logged):
    signed_in(client, office.inspector)

    response = client.get(reverse("audit:access_log"), {"user": office.clerk.pk})

    assert rows(response) == ["print"]


def test_inspector_filters_the_access_log_by_dates(client, office, logged):
    AccessEvent.objects.create(kind=AccessKind.PRINT, username="clerk", at=timezone.now() - datetime.timedelta(days=10))
    signed_in(client, office.inspector)
    today = timezone.localdate()

    recent = client.get(reverse("audit:access_log"), {"date_from": today.isoformat()})
    older = client.get(reverse("audit:access_log"), {"date_to": (today - datetime.timedelta(days=5)).isoformat()})

    assert len(rows(recent)) == 4
    assert rows(older) == ["print"]


def test_the_access_log_pages_through_older_events(client, office):
    for number in range(55):
        record_access(None, AccessKind.PRINT, f"print {number}", user=office.clerk)
    signed_in(client, office.inspector)

    first = client.get(reverse("audit:access_log"), {"kind": "print"})
    cursor = re.search(r'after=([^"&]+)" rel="next"', first.content.decode()).group(1)
    second = client.get(reverse("audit:access_log"), {"kind": "print", "after": cursor})

    assert len(rows(first)) == 50
    assert len(rows(second)) == 5
    assert "print 0<" in second.content.decode()
