import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from documents.levels import Level
from documents.models import ClassificationDecision, Document
from documents.selectors import periods_ending
from documents.services.declassification import decide
from documents.services.errors import InvalidInput, InvalidState, MissingReason, NotPermitted
from tests.factories import PASSWORD, DocumentFactory, proved

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def years_ago(years, days=0):
    """A classification date whose `years`-year period ends `days` days from today."""
    ends = TODAY + datetime.timedelta(days=days)
    if (ends.month, ends.day) == (2, 29):
        ends -= datetime.timedelta(days=1)
    return ends.replace(year=ends.year - years)


@pytest.fixture
def document(office):
    return DocumentFactory(
        registry=office.registry, by=office.clerk, level=Level.SECRET, secrecy_period_years=10,
        date_classified=datetime.date(2026, 3, 1), scope_users=[office.leader],
    )


def test_extension_changes_the_period_the_end_date_and_the_marking(office, document):
    decision = decide(document=document, kind="extend", new_period_years=15, by=office.leader, basis="Project still open", proof=proved(office.leader))

    document.refresh_from_db()
    assert document.secrecy_period_years == 15
    assert document.period_ends_on == datetime.date(2041, 3, 1)
    assert document.marking == "SECRET ★ 15 years"
    assert (decision.old_period_years, decision.new_period_years) == (10, 15)
    assert decision.old_period_ends_on == datetime.date(2036, 3, 1)
    row = document.history.order_by("-history_id").first()
    assert "Project still open" in row.history_change_reason
    assert row.history_user == office.leader


def test_extension_beyond_the_law_is_refused(office, document):
    with pytest.raises(InvalidInput) as refused:
        decide(document=document, kind="extend", new_period_years=25, by=office.leader, basis="Forever", proof=proved(office.leader))

    assert "new_period_years" in refused.value.errors
    assert Document.objects.get(pk=document.pk).secrecy_period_years == 10
    assert ClassificationDecision.objects.count() == 0


def test_an_extension_must_be_longer(office, document):
    with pytest.raises(InvalidInput):
        decide(document=document, kind="extend", new_period_years=8, by=office.leader, basis="Shorter", proof=proved(office.leader))


@pytest.mark.parametrize("who", ["clerk", "reader", "inspector"])
def test_only_a_leader_decides(office, document, who):
    with pytest.raises(NotPermitted):
        decide(document=document, kind="declassify", by=getattr(office, who), basis="No longer secret", proof=proved(getattr(office, who)))
    assert Document.objects.get(pk=document.pk).declassified_on is None


def test_a_leader_outside_the_scope_cannot_decide(office):
    hidden = DocumentFactory(registry=office.registry, by=office.clerk)
    with pytest.raises(NotPermitted):
        decide(document=hidden, kind="declassify", by=office.leader, basis="x", proof=proved(office.leader))


def test_the_basis_is_required(office, document):
    with pytest.raises(MissingReason):
        decide(document=document, kind="declassify", by=office.leader, basis=" ", proof=proved(office.leader))


def test_declassification_changes_the_marking_and_is_final(office, document):
    decide(document=document, kind="declassify", by=office.leader, basis="Published in the yearbook", proof=proved(office.leader))

    document.refresh_from_db()
    assert document.declassified_on == TODAY
    assert document.marking == "DECLASSIFIED (was SECRET ★ 10 years)"
    with translation.override("zh-hans"):
        assert document.marking == "已解密（原机密★10年）"
    with pytest.raises(InvalidState):
        decide(document=document, kind="extend", new_period_years=15, by=office.leader, basis="Changed our mind", proof=proved(office.leader))


def test_changing_the_level_takes_the_new_levels_default_period(office, document):
    decide(document=document, kind="change_level", new_level=Level.TOP_SECRET, by=office.leader, basis="Raised by the bureau", proof=proved(office.leader))

    document.refresh_from_db()
    assert (document.level, document.secrecy_period_years) == (Level.TOP_SECRET, 30)
    assert document.period_ends_on == datetime.date(2056, 3, 1)
    assert document.marking == "TOP SECRET ★ 30 years"


def test_changing_the_level_respects_the_new_levels_maximum(office, document):
    with pytest.raises(InvalidInput):
        decide(
            document=document, kind="change_level", new_level=Level.CONFIDENTIAL, new_period_years=15,
            by=office.leader, basis="Lowered", proof=proved(office.leader),
        )


def test_periods_list_shows_documents_ending_soon_and_overdue_only_in_scope(office, other_unit):
    def doc(days, **extra):
        return DocumentFactory(
            registry=office.registry, by=office.clerk, level=Level.CONFIDENTIAL,
            date_classified=years_ago(10, days), scope_users=extra.pop("scope", [office.leader]), **extra,
        )

    soon, overdue, later = doc(30), doc(-5), doc(200)
    out_of_scope = doc(10, scope=[])
    declassified = doc(20)
    decide(document=declassified, kind="declassify", by=office.leader, basis="Lifted", proof=proved(office.leader))
    elsewhere = DocumentFactory(
        registry=other_unit.registry, by=other_unit.clerk, level=Level.CONFIDENTIAL, date_classified=years_ago(10, 3),
        scope_users=[office.leader],
    )

    shown = list(periods_ending(office.leader, within_days=90))

    assert shown == [overdue, soon]
    assert list(periods_ending(office.leader, within_days=365)) == [overdue, soon, later]
    assert out_of_scope in periods_ending(office.clerk, within_days=90)
    assert elsewhere not in periods_ending(office.leader, within_days=90)
    assert periods_ending(office.reader, within_days=365).count() == 0


# Pages ---------------------------------------------------------------------------------------


def signed_in(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_periods_page_lists_overdue_first_and_the_window_is_selectable(client, office):
    soon = DocumentFactory(
        registry=office.registry, by=office.clerk, title="Soon ends", level=Level.CONFIDENTIAL,
        date_classified=years_ago(10, 60), scope_users=[office.leader],
    )
    overdue = DocumentFactory(
        registry=office.registry, by=office.clerk, title="Already ended", level=Level.CONFIDENTIAL,
        date_classified=years_ago(10, -3), scope_users=[office.leader],
    )
    signed_in(client, office.leader)

    page = client.get(reverse("documents:periods_ending")).content.decode()
    narrow = client.get(reverse("documents:periods_ending"), {"days": 30}).content.decode()

    assert page.index(overdue.registry_number) < page.index(soon.registry_number)
    assert "ended 3 days ago" in page
    assert soon.registry_number not in narrow and overdue.registry_number in narrow
    assert reverse("documents:classification_decide", args=[soon.pk]) in page


def test_periods_page_is_404_for_a_reader(client, office):
    assert signed_in(client, office.reader).get(reverse("documents:periods_ending")).status_code == 404


def test_decision_through_the_form_shows_on_the_document_page(client, office, document):
    signed_in(client, office.leader)
    url = reverse("documents:classification_decide", args=[document.pk])

    refused = client.post(url, {"kind": "extend", "new_period_years": 25, "basis": "Too long"})
    assert "at most 20 years" in refused.content.decode()

    client.post(url, {"kind": "extend", "new_period_years": 12, "basis": "Bureau letter No. 4", "confirm": "1"})
    detail = client.get(reverse("documents:detail", args=[document.pk])).content.decode()
    assert "SECRET ★ 12 years" in detail
    assert "Bureau letter No. 4" in detail
    assert "2038-03-01" in detail


def test_decision_form_is_404_for_a_clerk_and_outside_scope(client, office, document):
    hidden = DocumentFactory(registry=office.registry, by=office.clerk)
    assert signed_in(client, office.clerk).get(reverse("documents:classification_decide", args=[document.pk])).status_code == 404
    client.logout()
    assert signed_in(client, office.leader).get(reverse("documents:classification_decide", args=[hidden.pk])).status_code == 404
