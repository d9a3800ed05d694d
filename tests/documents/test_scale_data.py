"""generate_scale_data: a small registry, written with COPY, that the application reads like its own."""

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from documents.models import Copy, Document, DocumentGroupObjectPermission, DocumentUserObjectPermission, Registry
from documents.models.copy import HELD_BY_PERSON
from documents.selectors import visible_copies, visible_documents
from documents.services.registration import register_document
from people.models import Membership
from tests.factories import document_fields

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def generated():
    call_command("generate_scale_data", copies=2000, users=50, years=3, verbosity=0)


def test_it_writes_the_asked_number_of_copies_and_people(generated):
    from django.contrib.auth import get_user_model

    assert Copy.objects.count() == 2000
    assert get_user_model().objects.count() == 50
    assert Document.objects.aggregate(n=Count("id"))["n"] == Registry.objects.aggregate(
        n=Count("documents")
    )["n"]
    assert set(Document.objects.values_list("copies_count", flat=True)) <= set(range(1, 31))
    assert all(d.copies.count() == d.copies_count for d in Document.objects.all()[:50])


def test_every_tracked_row_has_a_history_row_with_actor_and_reason(generated):
    assert Document.history.filter(history_type="+").count() == Document.objects.count()
    assert Copy.history.filter(history_type="+").count() == Copy.objects.count()
    assert DocumentUserObjectPermission.history.filter(history_type="+").count() >= DocumentUserObjectPermission.objects.count()
    for model in (Document, Copy, DocumentUserObjectPermission, DocumentGroupObjectPermission, Membership):
        assert not model.history.filter(history_change_reason__isnull=True).exists()
        assert not model.history.filter(history_change_reason="").exists()
    assert not Copy.history.filter(history_user__isnull=True).exists()


def test_copies_have_lives_and_end_where_their_history_ends(generated):
    statuses = set(Copy.objects.values_list("status", flat=True))
    assert {"in_registry", "destroyed"} <= statuses
    assert Copy.history.filter(status="out").exists() and Copy.history.filter(status="on_loan").exists()
    for copy in Copy.objects.order_by("?")[:100]:
        last = copy.history.order_by("-history_id").first()
        assert (last.status, last.holder_id) == (copy.status, copy.holder_id)
        assert (copy.holder_id is not None) == (copy.status in HELD_BY_PERSON)
    dates = list(Copy.history.order_by("history_id").values_list("history_date", flat=True))
    assert dates == sorted(dates)


def test_people_see_what_their_scope_and_roles_give_them(generated):
    clerk = Membership.objects.filter(role="clerk").select_related("user", "unit").first()
    registry = Registry.objects.get(unit=clerk.unit)
    assert set(visible_documents(clerk.user).filter(registry=registry)) == set(registry.documents.all())
    grant = DocumentUserObjectPermission.objects.select_related("user", "content_object").first()
    assert grant.content_object in visible_documents(grant.user)
    assert visible_copies(grant.user).filter(document=grant.content_object).count() == grant.content_object.copies_count


def test_registration_numbers_go_on_after_the_generated_ones(generated):
    clerk = Membership.objects.filter(role="clerk").select_related("user", "unit").first()
    registry = Registry.objects.get(unit=clerk.unit)
    newest = registry.documents.order_by("-year", "-serial").first()

    document = register_document(registry=registry, by=clerk.user, reason="Registered on receipt", **document_fields())

    if document.year == newest.year:
        assert document.serial == newest.serial + 1
    assert document.pk > newest.pk


def test_it_refuses_a_database_that_already_holds_documents(generated):
    with pytest.raises(CommandError, match="already holds documents"):
        call_command("generate_scale_data", copies=10, users=20, verbosity=0)
