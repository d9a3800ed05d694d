"""Nothing to learn from the edges: no answer is stored by a cache, and a hidden id answers like an absent one."""

import statistics
import time

import pytest
from django.urls import reverse

from tests.api.conftest import token_client
from tests.factories import PASSWORD, DocumentFactory

pytestmark = pytest.mark.django_db

ROUNDS = 150


def no_store(response):
    return "no-store" in response.get("Cache-Control", "")


@pytest.fixture
def document(office):
    return DocumentFactory(registry=office.registry, by=office.clerk, scope_users=[office.reader])


def test_a_document_page_is_not_stored(client, office, document):
    client.login(username=office.reader.username, password=PASSWORD)

    response = client.get(reverse("documents:detail", args=[document.pk]))

    assert response.status_code == 200
    assert no_store(response)


def test_an_api_answer_is_not_stored(office, document):
    response = token_client(office.reader).get(f"/api/v1/documents/{document.pk}/")

    assert response.status_code == 200
    assert no_store(response)


def test_a_printed_ledger_is_not_stored(client, office, document):
    client.login(username=office.clerk.username, password=PASSWORD)

    response = client.post(reverse("documents:print_history", args=[document.pk]))

    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    assert no_store(response)


def test_a_refusal_is_not_stored_either(client, office):
    hidden = DocumentFactory(registry=office.registry, by=office.clerk, scope_users=[office.leader])
    client.login(username=office.reader.username, password=PASSWORD)

    response = client.get(reverse("documents:detail", args=[hidden.pk]))

    assert response.status_code == 404
    assert no_store(response)


def test_static_files_may_still_be_cached(client):
    response = client.get("/static/css/app.css")

    assert "no-store" not in response.get("Cache-Control", "")


def _timed(get, path):
    start = time.perf_counter()
    response = get(path)
    elapsed = time.perf_counter() - start
    assert response.status_code == 404
    return elapsed * 1000


def _difference_ms(get, hidden_path, absent_path):
    """Median of (hidden - absent) over pairs of requests made one right after the other, in alternating order.

    Pairing cancels what the machine's load does to both (it changes from one
    second to the next on a shared machine, not within a pair), and the median
    ignores the pairs a pause landed in. Returns it with the median time.
    """
    for _ in range(10):  # warm caches, prepared plans, the template loader
        get(hidden_path), get(absent_path)
    differences, times = [], []
    for round_ in range(ROUNDS):
        if round_ % 2:
            hidden = _timed(get, hidden_path)
            absent = _timed(get, absent_path)
        else:
            absent = _timed(get, absent_path)
            hidden = _timed(get, hidden_path)
        differences.append(hidden - absent)
        times += [hidden, absent]
    return statistics.median(differences), statistics.median(times)


def assert_alike(difference_ms, median_ms):
    # One millisecond, or 4 % of the answer's time on a slow (loaded) run. Before the
    # denial was written for both, the hidden one was 3.8 to 5.5 ms slower here (median
    # 41 to 43 ms); since, within 0.4 ms either way.
    tolerance = max(1.0, 0.04 * median_ms)
    assert abs(difference_ms) <= tolerance, f"hidden - absent = {difference_ms:.2f} ms (median {median_ms:.2f} ms)"


@pytest.mark.django_db(transaction=True)
@pytest.mark.slow
def test_a_hidden_document_page_answers_in_the_time_of_an_absent_one(client, office):
    hidden = DocumentFactory(registry=office.registry, by=office.clerk, scope_users=[office.leader])
    client.login(username=office.reader.username, password=PASSWORD)

    difference, median = _difference_ms(
        client.get, reverse("documents:detail", args=[hidden.pk]), reverse("documents:detail", args=[hidden.pk + 100000])
    )

    print(f"page: hidden - absent {difference:.2f} ms, median {median:.2f} ms")
    assert_alike(difference, median)


@pytest.mark.django_db(transaction=True)
@pytest.mark.slow
def test_a_hidden_document_answers_the_api_in_the_time_of_an_absent_one(office):
    hidden = DocumentFactory(registry=office.registry, by=office.clerk, scope_users=[office.leader])
    api = token_client(office.reader)

    difference, median = _difference_ms(
        api.get, f"/api/v1/documents/{hidden.pk}/", f"/api/v1/documents/{hidden.pk + 100000}/"
    )

    print(f"api: hidden - absent {difference:.2f} ms, median {median:.2f} ms")
    assert_alike(difference, median)
