"""Need-to-know: a person outside a document's scope cannot learn that it exists."""

import pytest
from django.urls import reverse

from documents.selectors import estimated_document_count, visible_copies, visible_documents
from documents.services.errors import MissingReason, NotPermitted
from documents.services.scope import change_scope
from tests.factories import DocumentFactory, PASSWORD, proved

pytestmark = pytest.mark.django_db


@pytest.fixture
def secret_doc(office):
    return DocumentFactory(
        registry=office.registry, by=office.clerk, title="绝密项目甲的预算", reference_number="BGS [2026] No. 7",
        scope_users=[office.leader],
    )


def signed_in(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_person_in_scope_sees_the_document(office, secret_doc):
    assert list(visible_documents(office.leader)) == [secret_doc]


def test_reader_outside_scope_sees_nothing(office, secret_doc):
    assert visible_documents(office.reader).count() == 0
    assert visible_copies(office.reader).count() == 0


def test_unit_grant_reaches_every_member_of_the_unit(office, other_unit):
    document = DocumentFactory(registry=office.registry, by=office.clerk, scope_units=[other_unit.unit])

    assert document in visible_documents(other_unit.reader)
    assert document not in visible_documents(office.reader)


def test_clerk_and_inspector_of_the_unit_see_its_registry(office, secret_doc):
    assert secret_doc in visible_documents(office.clerk)
    assert secret_doc in visible_documents(office.inspector)


def test_administrator_has_no_implicit_right_to_read(office, secret_doc):
    office.administrator.is_superuser = True
    office.administrator.is_staff = True
    office.administrator.save()

    assert visible_documents(office.administrator).count() == 0


def test_clerk_of_another_unit_does_not_see_the_registry(other_unit, secret_doc):
    assert visible_documents(other_unit.clerk).count() == 0


def test_detail_page_is_404_outside_scope_and_200_inside(client, office, secret_doc):
    url = reverse("documents:detail", args=[secret_doc.pk])

    assert signed_in(client, office.reader).get(url).status_code == 404
    client.logout()
    assert signed_in(client, office.leader).get(url).status_code == 200


@pytest.mark.parametrize("name", ["documents:edit", "documents:scope"])
def test_edit_pages_are_404_outside_scope(client, office, secret_doc, name):
    response = signed_in(client, office.reader).get(reverse(name, args=[secret_doc.pk]))
    assert response.status_code == 404


def test_404_page_does_not_reveal_the_title(client, office, secret_doc):
    response = signed_in(client, office.reader).get(reverse("documents:detail", args=[secret_doc.pk]))
    assert "绝密项目甲".encode() not in response.content
    assert secret_doc.registry_number.encode() not in response.content


@pytest.mark.parametrize("query", ["绝密项目", "BGS [2026] No. 7", "BGS-"])
def test_search_outside_scope_finds_nothing(client, office, secret_doc, query):
    response = signed_in(client, office.reader).get(reverse("documents:ledger"), {"q": query})
    assert response.status_code == 200
    assert "绝密项目甲".encode() not in response.content
    assert list(response.context["page"].rows) == []


@pytest.mark.parametrize("query", ["项目甲", "No. 7"])
def test_search_inside_scope_finds_by_title_fragment_and_reference(client, office, secret_doc, query):
    response = signed_in(client, office.leader).get(reverse("documents:ledger"), {"q": query, "mode": "documents"})
    assert [row.pk for row in response.context["page"].rows] == [secret_doc.pk]


def test_home_page_counts_and_lists_only_what_is_in_scope(client, office, secret_doc):
    response = signed_in(client, office.reader).get(reverse("home"))
    assert "绝密项目甲".encode() not in response.content


def test_widening_scope_lets_the_reader_see_it_and_is_recorded(office, secret_doc):
    change_scope(document=secret_doc, by=office.clerk, reason="Leader Zhang approved, meeting of 3 March", add_users=[office.reader], proof=proved(office.clerk))

    assert secret_doc in visible_documents(office.reader)
    grant_history = secret_doc.user_grants.get(user=office.reader).history.get()
    assert grant_history.history_user == office.clerk
    assert "Leader Zhang approved" in grant_history.history_change_reason


def test_narrowing_scope_hides_it_again_and_keeps_the_record(office, secret_doc):
    from documents.models import DocumentUserObjectPermission

    change_scope(document=secret_doc, by=office.clerk, reason="Need to know ended", remove_users=[office.leader])

    assert secret_doc not in visible_documents(office.leader)
    removed = DocumentUserObjectPermission.history.filter(user=office.leader, history_type="-").get()
    assert removed.history_user == office.clerk


def test_only_the_clerk_changes_scope(office, secret_doc):
    with pytest.raises(NotPermitted):
        change_scope(document=secret_doc, by=office.leader, reason="x", add_users=[office.reader], proof=proved(office.leader))
    with pytest.raises(MissingReason):
        change_scope(document=secret_doc, by=office.clerk, reason="", add_users=[office.reader], proof=proved(office.clerk))
    assert secret_doc not in visible_documents(office.reader)


def test_model_wide_permission_unlocks_nothing(office, secret_doc):
    from django.contrib.auth.models import Permission

    office.reader.user_permissions.add(Permission.objects.get(codename="view_document"))
    assert visible_documents(office.reader).count() == 0


def test_ledger_page_uses_a_bounded_number_of_queries(client, office, django_assert_max_num_queries):
    for _ in range(30):
        DocumentFactory(registry=office.registry, by=office.clerk, scope_users=[office.leader], copies_count=3)
    signed_in(client, office.leader)
    # The registry's size is read once every ten minutes per server process, not per page.
    estimated_document_count()
    # 12 for the ledger, one for the leader's count of decisions in the navigation and one for the unread
    # notifications in the top bar (every page).
    with django_assert_max_num_queries(14):
        response = client.get(reverse("documents:ledger"))
    assert len(response.context["page"].rows) == 50


def test_a_unit_wide_scope_does_not_reach_the_units_administrator(office):
    document = DocumentFactory(registry=office.registry, by=office.clerk, scope_units=[office.unit])

    assert document in visible_documents(office.reader)
    assert document not in visible_documents(office.administrator)
