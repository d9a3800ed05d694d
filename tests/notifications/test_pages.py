"""The notification list, the count in the top bar, marking read, the API: each person's own, titles only in scope."""

import re

import pytest
from django.test import RequestFactory
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.services.tokens import issue_token
from documents.levels import Level
from notifications.context_processors import unread
from notifications.jobs import make_notifications
from notifications.models import Kind, Notification
from tests.factories import PASSWORD, DocumentFactory
from tests.notifications.test_notifications import NOW, days, loan_out

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(office):
    return DocumentFactory(registry=office.registry, by=office.clerk, level=Level.SECRET, title="关于年终清退的通知",
                           scope_users=[office.leader, office.reader, office.reader2])


@pytest.fixture
def told(office, document):
    """The reader's loan is overdue: the reader and the clerk have one notification each."""
    loan = loan_out(office, document, due_in=3)
    make_notifications(now=days(5))
    return loan


def signed_in(client, user):
    client.logout()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def nav_count(page):
    return int(re.search(r'id="nav-notifications">[^<]*<span class="count[^"]*">(\d+)<', page).group(1))


def test_the_list_shows_the_text_the_title_and_a_link_to_the_object(client, office, told, document):
    page = signed_in(client, office.reader).get(reverse("notifications:list")).content.decode()

    assert f"Your loan of {told.copy.label} was due back on" in page
    assert document.title in page
    assert reverse("documents:detail", args=[document.pk]) + "#borrowing" in page
    assert nav_count(page) == 1


def test_the_clerk_is_told_of_the_readers_loan_in_other_words(client, office, told):
    page = signed_in(client, office.clerk).get(reverse("notifications:list")).content.decode()

    assert f"The loan of {told.copy.label} was due back on" in page


def test_marking_one_read_lowers_the_count_and_keeps_it_on_the_list(client, office, told):
    signed_in(client, office.reader)
    notification = Notification.objects.get(user=office.reader)

    response = client.post(reverse("notifications:read", args=[notification.pk]), follow=True)

    page = response.content.decode()
    assert nav_count(page) == 0
    assert told.copy.label in page and "Mark read" not in page


def test_mark_all_read(client, office, told, document):
    other = DocumentFactory(registry=office.registry, by=office.clerk, level=Level.SECRET,
                            scope_users=[office.reader, office.leader])
    loan_out(office, other, due_in=2)
    make_notifications(now=days(5))
    signed_in(client, office.reader)
    assert nav_count(client.get(reverse("home")).content.decode()) == 2

    response = client.post(reverse("notifications:read_all"), follow=True)

    assert nav_count(response.content.decode()) == 0
    assert "2 notifications marked read." in response.content.decode()
    assert not Notification.objects.unread().filter(user=office.reader).exists()
    # The clerk's own are not touched.
    assert Notification.objects.unread().filter(user=office.clerk).count() == 2


def test_nobody_marks_someone_elses_notification_read(client, office, told):
    theirs = Notification.objects.get(user=office.clerk)
    signed_in(client, office.reader)

    assert client.post(reverse("notifications:read", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("notifications:read", args=[theirs.pk + 1000])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_a_notification_shows_no_title_once_the_object_is_out_of_scope(client, office, told, document):
    # The reader's notification, and the reader no longer in the document's scope (their grant withdrawn).
    from documents.services.scope import withdraw

    withdraw(document=document, users=[office.reader], by=office.clerk, reason="No longer needs to know")

    page = signed_in(client, office.reader).get(reverse("notifications:list")).content.decode()

    assert document.title not in page and told.copy.label not in page
    assert "Something you can no longer see" in page


def test_a_notification_of_another_kind_of_object_never_shows_its_title(client, office, document):
    hidden = DocumentFactory(registry=office.registry, by=office.clerk, level=Level.SECRET, title="不该看到的标题",
                             scope_users=[office.reader2])
    Notification.objects.create(user=office.reader, kind=Kind.PERIOD_ENDING, target=hidden,
                                params={"ends_on": "2027-01-01"})

    page = signed_in(client, office.reader).get(reverse("notifications:list")).content.decode()

    assert hidden.title not in page and hidden.registry_number not in page


def test_the_count_is_one_query(office, told, django_assert_num_queries):
    request = RequestFactory().get("/")
    request.user = office.reader

    count = unread(request)["notifications_unread"]
    with django_assert_num_queries(1):
        assert count() == 1


def test_a_resolved_notification_is_neither_listed_nor_counted(client, office, told):
    Notification.objects.filter(user=office.reader).update(resolved_at=NOW)

    page = signed_in(client, office.reader).get(reverse("notifications:list")).content.decode()

    assert nav_count(page) == 0 and told.copy.label not in page and 'id="no-notifications"' in page


def test_the_list_page_in_chinese(client, office, told):
    signed_in(client, office.reader)
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})

    page = client.get(reverse("notifications:list")).content.decode()

    assert "通知" in page and "Mark read" not in page


def test_the_api_lists_the_callers_own_notifications(office, told, document):
    _token, key = issue_token(user=office.reader, name="script", by=None, reason="test set-up")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")

    body = api.get("/api/v1/notifications/").json()

    (only,) = body["results"]
    assert only["kind"] == "loan_overdue" and only["title"] == document.title and only["read_at"] is None
    assert only["id"] == Notification.objects.get(user=office.reader).pk
    assert only["url"].startswith(reverse("documents:detail", args=[document.pk]))


def test_the_api_gives_no_title_for_what_is_out_of_scope(office, document):
    hidden = DocumentFactory(registry=office.registry, by=office.clerk, level=Level.SECRET, title="不该看到的标题",
                             scope_users=[office.reader2])
    Notification.objects.create(user=office.reader, kind=Kind.PERIOD_ENDING, target=hidden, params={})
    _token, key = issue_token(user=office.reader, name="script", by=None, reason="test set-up")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")

    (only,) = api.get("/api/v1/notifications/").json()["results"]

    assert only["title"] == "" and only["url"] == "" and hidden.registry_number not in only["text"]


def test_the_api_needs_a_signed_in_caller():
    assert APIClient().get("/api/v1/notifications/").status_code == 401


def test_the_api_pages_by_cursor_newest_first(office, told, document):
    other = DocumentFactory(registry=office.registry, by=office.clerk, level=Level.SECRET,
                            scope_users=[office.reader, office.leader])
    second = loan_out(office, other, due_in=2)
    make_notifications(now=days(7))  # a later run: the second loan's notification is the newest
    _token, key = issue_token(user=office.reader, name="script", by=None, reason="test set-up")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")

    first = api.get("/api/v1/notifications/?limit=1").json()
    (newest,) = first["results"]
    (older,) = api.get(first["next"]).json()["results"]

    assert newest["title"] == other.title and second.copy.label in newest["text"]
    assert older["title"] == document.title
