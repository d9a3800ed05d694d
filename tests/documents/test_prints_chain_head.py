"""The audit chain's head on every printed ledger: the inspector's paper copy commits to the history."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from audit.models import ChainCheckpoint, ChainLink, CheckpointSource
from documents.models import PrintRecord
from tests.documents.test_prints import print_registration, signed_in
from tests.factories import DocumentFactory
from tests.pdf_reading import flat, page_texts

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain_now(db):
    """Links written as rows are (the chain trigger otherwise waits for a commit a test never makes)."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS audit_chain_link IMMEDIATE")


def test_every_page_carries_the_chain_head_that_the_chain_holds(client, office, chain_now):
    DocumentFactory(registry=office.registry, by=office.clerk, copies_count=60)
    clerk = signed_in(client, office.clerk)  # the sign-in is in the chain too
    head_before = ChainLink.objects.order_by("-seq").first()

    pages = [flat(text) for text in page_texts(print_registration(clerk, office.registry))]

    checkpoint = ChainCheckpoint.objects.get(source=CheckpointSource.PRINT)
    assert (checkpoint.seq, checkpoint.last_hash) == (head_before.seq, head_before.link_hash)
    assert checkpoint.recorded_by == office.clerk
    assert len(pages) >= 3
    for text in pages:
        assert f"Auditchain:link#{head_before.seq},head{head_before.link_hash[:16]}" in text
    assert head_before.link_hash in pages[0]  # whole, in the title block
    # The print recorded later rows (its own record, the access log); the head printed is still the link it names.
    assert ChainLink.objects.order_by("-seq").first().seq > checkpoint.seq
    assert ChainLink.objects.get(seq=checkpoint.seq).link_hash == checkpoint.last_hash


def test_the_last_signed_checkpoint_of_the_file_is_printed(client, office, chain_now, settings, tmp_path):
    DocumentFactory(registry=office.registry, by=office.clerk)
    key, checkpoints = tmp_path / "checkpoint.key", tmp_path / "checkpoints.jsonl"
    call_command("audit_signing_key", str(key), stdout=io.StringIO())
    call_command("audit_checkpoint", "--key", str(key), "--file", str(checkpoints), stdout=io.StringIO())
    signed = ChainCheckpoint.objects.get(source=CheckpointSource.DAILY)
    DocumentFactory(registry=office.registry, by=office.clerk)  # the chain moves on after the checkpoint
    settings.AUDIT_CHECKPOINT_FILE, settings.AUDIT_PUBLIC_KEY_FILE = str(checkpoints), f"{key}.pub"

    pages = [flat(text) for text in page_texts(print_registration(signed_in(client, office.clerk), office.registry))]

    printed = ChainCheckpoint.objects.get(source=CheckpointSource.PRINT)
    assert printed.seq > signed.seq
    assert f"lastsignedcheckpoint#{signed.seq},head{signed.last_hash[:16]}" in pages[0]
    assert f"lastsignedcheckpoint#{signed.seq},head{signed.last_hash}" in pages[0]  # whole, in the title block


def test_without_the_file_the_ledger_names_the_last_daily_checkpoint_and_says_it_is_not_signed(client, office, chain_now):
    DocumentFactory(registry=office.registry, by=office.clerk)
    call_command("audit_checkpoint", stdout=io.StringIO())
    daily = ChainCheckpoint.objects.get(source=CheckpointSource.DAILY)

    text = flat(page_texts(print_registration(signed_in(client, office.clerk), office.registry))[0])

    assert f"lastdailycheckpoint#{daily.seq},head{daily.last_hash[:16]}" in text
    assert "signedcheckpoint" not in text


def test_a_ledger_printed_before_any_daily_checkpoint_says_so(client, office, chain_now):
    DocumentFactory(registry=office.registry, by=office.clerk)

    text = flat(page_texts(print_registration(signed_in(client, office.clerk), office.registry))[0])

    assert "nodailycheckpointyet" in text
    assert PrintRecord.objects.count() == 1
