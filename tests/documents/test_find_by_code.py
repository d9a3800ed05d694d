"""Find by code: the top bar's box and the ledger search take a registry number or a copy's code."""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from django.urls import reverse

from audit.models import AccessEvent, AccessKind
from documents.codes import Code, CopyCode, parse_code, parse_copy_code
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(office):
    return DocumentFactory(registry=office.registry, by=office.clerk, title="关于年度清查的通知", copies_count=3)


def find(client, user, code):
    client.force_login(user)
    return client.get(reverse("documents:find"), {"code": code})


def copy_address(document, number):
    return reverse("documents:detail", args=[document.pk]) + f"#copies-{number}"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("BGS-2026-00017-3", Code("BGS", 2026, 17, 3)),
        ("BGS-2026-00017-003", Code("BGS", 2026, 17, 3)),
        ("bgs-2026-17-3", Code("BGS", 2026, 17, 3)),
        ("  BGS-2026-00017/3 \n", Code("BGS", 2026, 17, 3)),
        ("BGS-2026-00017 3", Code("BGS", 2026, 17, 3)),
        ("ＢＧＳ－２０２６－０００１７－３", Code("BGS", 2026, 17, 3)),
        ("BGS-2026-00017", Code("BGS", 2026, 17, None)),
        ("A-B-2026-00017-3", Code("A-B", 2026, 17, 3)),
    ],
)
def test_parse_code_reads_every_way_a_code_is_written(text, expected):
    assert parse_code(text) == expected


def test_parse_copy_code_reads_copies_only():
    assert parse_copy_code(" bgs-2026-17-003 ") == CopyCode("BGS", 2026, 17, 3)
    assert parse_copy_code("BGS-2026-00017") is None


@pytest.mark.parametrize("text", ["", "   ", "BGS", "B\x00S-2026-1-1", "BGS-2026-00001-٣", "BGS-26-17", "BGS-2026-", "2026-00017", "BGS-2026-x-3", "<script>", "x" * 500, None, "BGS-2026-17-3-4"])
def test_parse_code_refuses_what_is_not_a_code(text):
    assert parse_code(text) is None


@pytest.mark.parametrize("form", ["{n}-2", "{n}-002", "{lower}-2", "  {n}-002  ", "{unpadded}-2"])
def test_clerk_finds_a_copy_by_its_code_in_any_form(client, office, document, form):
    number = document.registry_number
    code = form.format(n=number, lower=number.lower(), unpadded=f"BGS-{document.year}-{document.serial}")
    response = find(client, office.clerk, code)
    assert response.status_code == 302
    assert response["Location"] == copy_address(document, 2)


def test_clerk_finds_a_document_by_its_registry_number(client, office, document):
    response = find(client, office.clerk, document.registry_number.lower())
    assert response.status_code == 302
    assert response["Location"] == reverse("documents:detail", args=[document.pk])


def test_the_copy_row_carries_the_anchor_the_code_leads_to(client, office, document):
    client.force_login(office.clerk)
    page = client.get(reverse("documents:detail", args=[document.pk]))
    assert b'id="copies-2"' in page.content


def test_out_of_scope_reads_exactly_as_a_code_that_does_not_exist(client, office, other_unit, document):
    hidden_code = document.registry_number + "-2"
    missing_code = f"BGS-{document.year}-99999-2"
    hidden = find(client, other_unit.clerk, hidden_code)
    missing = find(client, other_unit.clerk, missing_code)
    assert hidden.status_code == missing.status_code == 404

    def body(response, code):
        # Same words; only the code the person typed is echoed, and the CSRF token is masked afresh per response.
        return re.sub(r"[A-Za-z0-9]{64}", "TOKEN", response.content.decode().replace(code, "CODE"))

    assert body(hidden, hidden_code) == body(missing, missing_code)
    assert "关于年度清查的通知".encode() not in hidden.content


def test_a_refused_code_is_recorded_as_a_denial(client, office, other_unit, document):
    find(client, other_unit.clerk, document.registry_number)
    assert AccessEvent.objects.filter(kind=AccessKind.DENIED, object_description=f"documents.Document #{document.pk}").exists()


def test_a_code_that_does_not_exist_is_not_a_denial(client, office):
    find(client, office.clerk, "BGS-2026-99999-1")
    assert not AccessEvent.objects.filter(kind=AccessKind.DENIED).exists()


def test_a_copy_number_the_document_does_not_have_is_not_found(client, office, document):
    response = find(client, office.clerk, document.registry_number + "-9")
    assert response.status_code == 404
    assert "Nothing found for" in response.content.decode()


@pytest.mark.parametrize("text", ["hello", "'; DROP TABLE x; --", "BGS-2026-\x00-1", "9" * 400, "BGS-2026-999999999-9999"])
def test_nonsense_gets_a_message_never_a_server_error(client, office, text):
    response = find(client, office.clerk, text)
    assert response.status_code in (400, 404)
    assert "registry number" in response.content.decode() or "Nothing found" in response.content.decode()


def test_a_reader_in_scope_finds_the_copy(client, office):
    document = DocumentFactory(registry=office.registry, by=office.clerk, scope_users=[office.reader])
    response = find(client, office.reader, document.registry_number + "-1")
    assert response["Location"] == copy_address(document, 1)


def test_every_page_has_the_find_box(client, office):
    client.force_login(office.reader)
    page = client.get(reverse("home"))
    assert f'action="{reverse("documents:find")}"'.encode() in page.content


def test_ledger_search_finds_a_copy_by_its_code(client, office, document):
    DocumentFactory(registry=office.registry, by=office.clerk, title="另一份")
    client.force_login(office.clerk)
    response = client.get(reverse("documents:ledger"), {"q": document.registry_number.lower() + "-003"})
    rows = list(response.context["page"].rows)
    assert [(row.document_id, row.number) for row in rows] == [(document.pk, 3)]


def test_ledger_search_by_copy_code_in_document_mode_finds_its_document(client, office, document):
    DocumentFactory(registry=office.registry, by=office.clerk, title="另一份")
    client.force_login(office.clerk)
    response = client.get(reverse("documents:ledger"), {"q": document.registry_number + "-2", "mode": "documents"})
    assert [row.pk for row in response.context["page"].rows] == [document.pk]


def test_ledger_search_by_copy_code_outside_scope_finds_nothing(client, office, other_unit, document):
    client.force_login(other_unit.clerk)
    response = client.get(reverse("documents:ledger"), {"q": document.registry_number + "-2"})
    assert list(response.context["page"].rows) == []


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_parse_code_never_raises(text):
    parse_code(text)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=60))
def test_whatever_is_typed_into_the_box_is_never_a_server_error(client, office, text):
    client.force_login(office.clerk)
    assert client.get(reverse("documents:find"), {"code": text}).status_code in (200, 302, 400, 404)
