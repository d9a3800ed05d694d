"""A double click on a print button makes one print record, not two (and the page learns when the PDF is there)."""

import threading

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from documents.models import PrintRecord
from printing.models import PrintJob
from tests.factories import DocumentFactory

YEAR = timezone.localdate().year


def registration(office, **extra):
    return {"registry": office.registry.pk, "year": YEAR, **extra}


def post_print(client, data):
    return client.post(reverse("documents:print_registration"), data)


@pytest.fixture
def ledger(office):
    DocumentFactory(registry=office.registry, by=office.clerk, title="关于年度清查的通知")
    return office


@pytest.mark.django_db
def test_the_same_print_posted_twice_is_recorded_once(client, ledger):
    client.force_login(ledger.clerk)
    first = post_print(client, registration(ledger))
    second = post_print(client, registration(ledger))
    assert first["Content-Type"] == "application/pdf"
    assert second.status_code == 302
    assert PrintRecord.objects.count() == 1
    page = client.get(second["Location"]).content.decode()
    assert PrintRecord.objects.get().display_code in page
    assert "recorded once, not twice" in page


@pytest.mark.django_db
def test_a_different_print_right_after_is_made(client, ledger):
    client.force_login(ledger.clerk)
    post_print(client, registration(ledger))
    post_print(client, {"registry": ledger.registry.pk, "date_from": f"{YEAR}-01-01", "date_to": f"{YEAR}-12-31"})
    assert PrintRecord.objects.count() == 2


@pytest.mark.django_db
def test_the_same_print_after_the_pause_is_a_second_print(client, ledger, settings):
    settings.PRINT_REPEAT_SECONDS = 0
    client.force_login(ledger.clerk)
    post_print(client, registration(ledger))
    assert post_print(client, registration(ledger))["Content-Type"] == "application/pdf"
    assert PrintRecord.objects.count() == 2


@pytest.mark.django_db
def test_another_persons_identical_print_is_their_own(client, ledger):
    client.force_login(ledger.clerk)
    post_print(client, registration(ledger))
    client.force_login(ledger.inspector)
    assert post_print(client, registration(ledger))["Content-Type"] == "application/pdf"
    assert PrintRecord.objects.count() == 2


@pytest.mark.django_db
def test_a_large_ledger_asked_twice_is_one_background_job(client, ledger, settings, tmp_path):
    settings.PRINT_BACKGROUND_ROWS = 0
    settings.PRINTS_ROOT = tmp_path
    client.force_login(ledger.clerk)
    first = post_print(client, registration(ledger))
    second = post_print(client, registration(ledger))
    job = PrintJob.objects.get()
    assert first["Location"] == second["Location"] == reverse("printing:job", args=[job.pk])


@pytest.mark.django_db
def test_the_pdf_answer_hands_the_ticket_back_to_the_page(client, ledger):
    client.force_login(ledger.clerk)
    response = post_print(client, registration(ledger, print_ticket="k3j2h1g0f9"))
    assert response.cookies["print_ticket"].value == "k3j2h1g0f9"
    assert response.cookies["print_ticket"]["samesite"] == "Strict"


@pytest.mark.django_db
def test_a_malformed_ticket_is_not_echoed(client, ledger):
    client.force_login(ledger.clerk)
    response = post_print(client, registration(ledger, print_ticket='x"; Path=/admin'))
    assert "print_ticket" not in response.cookies


@pytest.mark.django_db
def test_every_print_form_is_marked_for_the_progress_script(client, ledger):
    client.force_login(ledger.clerk)
    page = client.get(reverse("documents:print_registration")).content.decode()
    assert "<form method=\"post\" data-print" in page
    assert "js/print-progress.js" in page


@pytest.mark.django_db(transaction=True)
def test_a_double_click_arriving_at_once_makes_one_record(ledger):
    """Two identical POSTs at the same moment on two connections: the second waits for the first, then sees it."""
    user = ledger.clerk
    answers, start = [], threading.Barrier(2)

    def click():
        client = Client()
        client.force_login(user)
        try:
            start.wait()
            answers.append(post_print(client, registration(ledger)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(answer.status_code for answer in answers) == [200, 302]
    assert PrintRecord.objects.count() == 1
