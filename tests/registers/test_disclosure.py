"""Disclosure review and data given outside: reviewed before release, refused items never released, leaders approve
what leaves the unit; kept by the unit's clerks and leaders, read by its inspectors, invisible to anyone else."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from documents.models import PrintRecord
from documents.services.errors import InvalidInput, InvalidState, NotPermitted
from inspections import report as reports
from inspections.summary import annual_summary
from registers.models import Provision, Publication
from registers.services import disclosure
from tests.factories import PASSWORD, DocumentFactory
from tests.pdf_reading import flat, page_texts

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YESTERDAY = TODAY - datetime.timedelta(days=1)


def item(office, by=None, **overrides):
    fields = {"title": "保密宣传月新闻稿", "channel": "website", "submitted_by": "综合科", "submitter": None,
              "reviewer": office.leader, **overrides}
    return disclosure.submit_publication(unit=office.unit, by=by or office.clerk, reason="Submitted", **fields)


def provision(office, **overrides):
    fields = {"recipient": "市审计局", "letter_number": "审计介〔2026〕15号", "purpose": "预算执行审计", "sealed": True,
              "approved_by": office.leader, "description": "经费支出凭证复印件", "copies": [], "provided_on": TODAY,
              **overrides}
    return disclosure.record_provision(unit=office.unit, by=office.clerk, reason="Provided", **fields)


def signed_in(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_an_item_goes_from_review_to_release_through_the_pages(client, office):
    signed_in(client, office.clerk)
    response = client.post(reverse("registers:publications"), {
        "unit": office.unit.pk, "title": "年度工作总结（公开版）", "channel": "report", "submitted_by": "办公室",
        "submitter": office.reader.pk, "reviewer": office.leader.pk, "reason": "For the website",
    }, follow=True)
    publication = Publication.objects.get()
    assert response.redirect_chain[-1][0] == reverse("registers:publication", args=[publication.pk])
    page = response.content.decode()
    assert "Awaiting review" in page and 'id="record-decision"' in page and 'id="record-release"' not in page

    client.post(reverse("registers:record_publication_decision", args=[publication.pk]), {
        "decision": "with_changes", "changes": "删去会议地点", "decided_on": YESTERDAY.isoformat(), "reason": "Reviewed"})
    page = client.get(reverse("registers:publication", args=[publication.pk])).content.decode()
    assert "Approved, not yet released" in page and "删去会议地点" in page and 'id="record-release"' in page

    client.post(reverse("registers:record_publication_release", args=[publication.pk]),
                {"released_on": TODAY.isoformat(), "reason": "Published"})
    publication.refresh_from_db()
    assert (publication.decision, publication.decided_on, publication.released_on) == ("with_changes", YESTERDAY, TODAY)
    assert [row.history_change_reason for row in publication.history.order_by("history_date")] == [
        "For the website", "Reviewed", "Published"]
    assert f"Released on {TODAY.isoformat()}" in client.get(
        reverse("registers:publication", args=[publication.pk])).content.decode()


def test_nothing_is_released_before_an_approving_decision_nor_dated_before_it(office):
    publication = item(office)
    with pytest.raises(InvalidState, match="reviewed before release"):
        disclosure.record_release(publication=publication, by=office.clerk, released_on=TODAY, reason="Published")
    disclosure.record_decision(publication=publication, by=office.leader, decision="approved", decided_on=TODAY,
                               reason="Reviewed")
    with pytest.raises(InvalidInput) as refused:
        disclosure.record_release(publication=publication, by=office.clerk, released_on=YESTERDAY, reason="Published")
    assert "before the decision" in refused.value.errors["released_on"][0]
    assert Publication.objects.get().released_on is None


def test_a_refused_item_is_never_released_and_the_page_does_not_offer_it(client, office):
    publication = item(office)
    disclosure.record_decision(publication=publication, by=office.leader, decision="refused", decided_on=TODAY,
                               reason="Names a classified project")
    with pytest.raises(InvalidState, match="never released"):
        disclosure.record_release(publication=publication, by=office.clerk, released_on=TODAY, reason="Published")
    signed_in(client, office.clerk)
    page = client.get(reverse("registers:publication", args=[publication.pk])).content.decode()
    assert "Not to be published" in page and 'id="record-release"' not in page and 'id="record-decision"' not in page
    response = client.post(reverse("registers:record_publication_release", args=[publication.pk]),
                           {"released_on": TODAY.isoformat(), "reason": "Published"}, follow=True)
    assert "never released" in response.content.decode()
    assert Publication.objects.get().released_on is None


def test_the_reviewer_is_not_the_submitter_and_is_a_person_of_the_unit(office, other_unit):
    for overrides in ({"submitter": office.leader}, {"submitted_by": "leader"}, {"reviewer": other_unit.clerk},
                      {"reviewer": office.administrator}):
        with pytest.raises(InvalidInput) as refused:
            item(office, **overrides)
        assert "reviewer" in refused.value.errors
    assert not Publication.objects.exists()


@pytest.mark.parametrize("overrides, field, words", [
    ({"title": "\u200b"}, "title", "title or subject"),
    ({"channel": "radio"}, "channel", "Select a valid choice"),
    ({"reviewer": ""}, "reviewer", "Pick the person who reviews"),
    ({"submitter": "{leader}", "reviewer": "{leader}"}, "reviewer", "cannot be the one who submitted"),
])
def test_bad_input_is_a_message_on_the_form_and_writes_nothing(client, office, overrides, field, words):
    data = {"unit": office.unit.pk, "title": "新闻稿", "channel": "website", "submitted_by": "综合科", "submitter": "",
            "reviewer": office.leader.pk, "reason": "For review"}
    data.update({key: office.leader.pk if value == "{leader}" else value for key, value in overrides.items()})
    response = signed_in(client, office.clerk).post(reverse("registers:publications"), data)
    assert response.status_code == 200
    assert words in response.content.decode()
    assert not Publication.objects.exists()


def test_a_decision_needs_its_changes_and_no_future_date_and_is_taken_once(client, office):
    publication = item(office)
    signed_in(client, office.clerk)
    url = reverse("registers:record_publication_decision", args=[publication.pk])
    page = client.post(url, {"decision": "with_changes", "changes": " ", "decided_on": TODAY.isoformat(),
                             "reason": "Reviewed"}, follow=True).content.decode()
    assert "Say which changes" in page
    page = client.post(url, {"decision": "approved", "decided_on": (TODAY + datetime.timedelta(days=1)).isoformat(),
                             "reason": "Reviewed"}, follow=True).content.decode()
    assert "cannot be after today" in page
    assert not Publication.objects.get().decided
    disclosure.record_decision(publication=publication, by=office.leader, decision="approved", decided_on=TODAY,
                               reason="Reviewed")
    with pytest.raises(InvalidState, match="already recorded"):
        disclosure.record_decision(publication=publication, by=office.clerk, decision="refused", decided_on=TODAY,
                                   reason="Again")


def test_only_keepers_enter_and_the_reviewer_or_a_keeper_decides(office):
    for person in (office.inspector, office.reader):
        with pytest.raises(NotPermitted):
            item(office, by=person)
    publication = item(office, reviewer=office.reader2)
    with pytest.raises(NotPermitted):
        disclosure.record_decision(publication=publication, by=office.inspector, decision="approved", decided_on=TODAY,
                                   reason="Reviewed")
    disclosure.record_decision(publication=publication, by=office.reader2, decision="approved", decided_on=TODAY,
                               reason="Reviewed")
    with pytest.raises(NotPermitted):
        disclosure.record_release(publication=publication, by=office.reader2, released_on=TODAY, reason="Published")


def test_a_withdrawn_item_is_final_and_a_released_one_is_not_withdrawn(client, office):
    publication = item(office)
    signed_in(client, office.clerk)
    url = reverse("registers:withdraw_publication", args=[publication.pk])
    assert "This is not undone" in client.post(url, {"reason": "Dropped"}).content.decode()
    assert Publication.objects.get().in_use
    client.post(url, {"reason": "Dropped", "confirm": "1"})
    publication.refresh_from_db()
    assert publication.withdrawn_on == TODAY
    with pytest.raises(InvalidState, match="withdrawn"):
        disclosure.record_decision(publication=publication, by=office.leader, decision="approved", decided_on=TODAY,
                                   reason="Reviewed")
    page = client.get(reverse("registers:publication", args=[publication.pk])).content.decode()
    assert 'id="correct"' not in page and f"Withdrawn on {TODAY.isoformat()}" in page

    released = item(office, title="另一篇")
    disclosure.record_decision(publication=released, by=office.leader, decision="approved", decided_on=TODAY, reason="R")
    disclosure.record_release(publication=released, by=office.clerk, released_on=TODAY, reason="Published")
    with pytest.raises(InvalidState, match="not withdrawn"):
        disclosure.withdraw_publication(publication=released, by=office.clerk, reason="Oops")


def test_a_correction_is_recorded_with_its_reason_and_keeps_the_rule_on_reviewers(client, office):
    publication = item(office)
    signed_in(client, office.clerk)
    url = reverse("registers:publication", args=[publication.pk])
    response = client.post(url, {"title": "新闻稿（修订）", "channel": "press", "submitted_by": "综合科", "submitter": "",
                                 "reviewer": office.leader.pk, "reason": "Title misspelt"}, follow=True)
    assert "now reads as corrected" in response.content.decode()
    page = client.post(url, {"title": "新闻稿（修订）", "channel": "press", "submitted_by": "综合科",
                             "submitter": office.leader.pk, "reviewer": office.leader.pk, "reason": "Again"}).content.decode()
    assert "cannot be the one who submitted" in page
    publication.refresh_from_db()
    assert (publication.title, publication.channel, publication.submitter) == ("新闻稿（修订）", "press", None)
    assert publication.history.first().history_change_reason == "Title misspelt"


def test_a_provision_is_approved_by_a_leader_of_the_unit_and_names_the_copies_given(client, office, other_unit):
    document = DocumentFactory(registry=office.registry, by=office.clerk)
    copy = document.copies.get(number=2)
    signed_in(client, office.clerk)
    found = client.get(reverse("registers:disclosure_people", args=["leader"]), {"unit": office.unit.pk, "q": "e"})
    assert office.leader.username in found.content.decode() and office.inspector.username not in found.content.decode()
    response = client.post(reverse("registers:provisions"), {
        "unit": office.unit.pk, "recipient": "市审计局", "letter_number": "审计介〔2026〕15号", "purpose": "审计",
        "sealed": "on", "approved_by": office.leader.pk, "description": "凭证复印件",
        "copies": f"{document.registry_number} / 2", "provided_on": TODAY.isoformat(), "reason": "On the letter",
    }, follow=True)
    given = Provision.objects.get()
    assert response.redirect_chain[-1][0] == reverse("registers:provision", args=[given.pk])
    assert (given.copies, given.sealed, given.approved_by) == ([str(copy)], True, office.leader)
    assert str(copy) in response.content.decode()

    for overrides, field in (({"approved_by": office.clerk}, "approved_by"), ({"approved_by": other_unit.clerk}, "approved_by"),
                             ({"provided_on": TODAY + datetime.timedelta(days=1)}, "provided_on"),
                             ({"letter_number": "\ufeff"}, "letter_number"),
                             ({"copies": [f"{document.registry_number} / 9"]}, "copies")):
        with pytest.raises(InvalidInput) as refused:
            provision(office, **overrides)
        assert field in refused.value.errors
    assert Provision.objects.count() == 1


def test_a_provision_is_corrected_then_withdrawn_with_a_confirmation(client, office):
    given = provision(office)
    signed_in(client, office.clerk)
    url = reverse("registers:provision", args=[given.pk])
    client.post(url, {"recipient": "市审计局", "letter_number": "审计介〔2026〕16号", "purpose": "预算执行审计",
                      "sealed": "on", "approved_by": office.leader.pk, "description": "经费支出凭证复印件", "copies": "",
                      "provided_on": TODAY.isoformat(), "reason": "Letter number misread"})
    given.refresh_from_db()
    assert given.letter_number == "审计介〔2026〕16号"
    withdraw = reverse("registers:withdraw_provision", args=[given.pk])
    assert "not undone" in client.post(withdraw, {"reason": "Entered twice"}).content.decode()
    client.post(withdraw, {"reason": "Entered twice", "confirm": "1"})
    given.refresh_from_db()
    assert given.withdrawn_on == TODAY
    with pytest.raises(InvalidState):
        disclosure.correct_provision(provision=given, by=office.clerk, reason="Again", purpose="x")


def test_the_pages_in_their_empty_state_and_for_an_inspector(client, office):
    signed_in(client, office.clerk)
    assert "No item is entered for secrecy review" in client.get(reverse("registers:publications")).content.decode()
    assert "No data or material is recorded" in client.get(reverse("registers:provisions")).content.decode()
    publication, given = item(office), provision(office)
    client.logout()
    signed_in(client, office.inspector)
    page = client.get(reverse("registers:publications")).content.decode()
    assert "保密宣传月新闻稿" in page and 'id="submit-publication"' not in page
    page = client.get(reverse("registers:publication", args=[publication.pk])).content.decode()
    assert 'id="record-decision"' not in page and 'id="correct"' not in page
    assert 'id="correct"' not in client.get(reverse("registers:provision", args=[given.pk])).content.decode()
    assert client.post(reverse("registers:publications"), {"unit": office.unit.pk}).status_code == 404
    office_page = client.get(reverse("registers:office")).content.decode()
    assert "1 item awaiting review or release" in office_page and "1 provision to outside units" in office_page


def test_out_of_the_unit_or_without_a_role_it_is_404_everywhere(client, office, other_unit):
    publication, given = item(office), provision(office)
    for person in (other_unit.clerk, office.reader):
        client.logout()
        signed_in(client, person)
        for url in (reverse("registers:publication", args=[publication.pk]),
                    reverse("registers:provision", args=[given.pk]),
                    f"/api/v1/disclosure/{publication.pk}/", f"/api/v1/given-outside/{given.pk}/"):
            assert client.get(url).status_code == 404, url
        for url in (reverse("registers:print_publications", args=[office.unit.pk]),
                    reverse("registers:print_provisions", args=[office.unit.pk]),
                    reverse("registers:record_publication_decision", args=[publication.pk]),
                    reverse("registers:withdraw_provision", args=[given.pk])):
            assert client.post(url, {"reason": "x"}).status_code == 404, url
        assert client.get(reverse("registers:disclosure_people", args=["reviewer"]),
                          {"unit": office.unit.pk}).status_code == 404
    assert client.get(reverse("registers:publications")).status_code == 404
    client.logout()
    signed_in(client, other_unit.clerk)
    assert client.get("/api/v1/disclosure/").json()["results"] == []
    assert client.get("/api/v1/given-outside/").json()["results"] == []


def test_the_api_lists_what_the_inspector_reads(client, office):
    publication, given = item(office), provision(office)
    signed_in(client, office.inspector)
    listed = client.get("/api/v1/disclosure/").json()["results"]
    assert [(row["id"], row["reviewer"], row["decision"]) for row in listed] == [(publication.pk, "leader", "")]
    detail = client.get(f"/api/v1/given-outside/{given.pk}/").json()
    assert (detail["recipient"], detail["approved_by"], detail["sealed"]) == ("市审计局", "leader", True)


def test_the_registers_print_with_their_decisions_and_provisions(client, office):
    publication = item(office)
    disclosure.record_decision(publication=publication, by=office.leader, decision="with_changes",
                               changes="Drop the room number", decided_on=TODAY, reason="Reviewed")
    disclosure.record_release(publication=publication, by=office.clerk, released_on=TODAY, reason="Published")
    provision(office)
    signed_in(client, office.inspector)
    text = flat("".join(page_texts(client.post(reverse("registers:print_publications", args=[office.unit.pk])).content)))
    assert "保密宣传月新闻稿" in text and flat("May be published after changes: Drop the room number") in text
    assert TODAY.isoformat() in text
    text = flat("".join(page_texts(client.post(reverse("registers:print_provisions", args=[office.unit.pk])).content)))
    assert "市审计局" in text and "审计介〔2026〕15号" in text and "Yes" in text
    assert sorted(PrintRecord.objects.values_list("kind", "row_count")) == [("disclosure_register", 1),
                                                                           ("provision_register", 1)]


def test_the_annual_summary_counts_reviews_by_decision_releases_and_provisions(office):
    approved, refused, changed = item(office, title="一"), item(office, title="二"), item(office, title="三")
    for publication, decision in ((approved, "approved"), (refused, "refused"), (changed, "with_changes")):
        disclosure.record_decision(publication=publication, by=office.leader, decision=decision, decided_on=TODAY,
                                   changes="删去地点", reason="Reviewed")
    disclosure.record_release(publication=approved, by=office.clerk, released_on=TODAY, reason="Published")
    item(office, title="四")  # awaiting review: not counted
    provision(office)
    provision(office, recipient="市统计局")
    provision(office, recipient="市审计局")
    withdrawn = provision(office, recipient="市财政局")
    disclosure.withdraw_provision(provision=withdrawn, by=office.clerk, reason="Entered in error")
    year = TODAY.year

    with translation.override("en"):
        built = reports.build_report(office.unit, year, annual_summary(office.leader, office.unit, year))
    keys = [key for key, _title, _build in reports.SECTIONS]
    assert keys.index("disclosure") == keys.index("key_departments") + 1
    section = next(section for section in built.sections if section.key == "disclosure")
    assert dict(section.figures) == {"Items reviewed for publication": 3, "May be published": 1,
                                     "May be published after changes": 1, "May not be published": 1,
                                     "Items released": 1, "Provisions to outside units": 3}
    assert section.paragraph == (
        "3 items were reviewed for secrets before publication this year (1 may be published, 1 after changes, 1 may "
        "not be published); 1 was released. Data or material was provided to outside units 3 times, to 市审计局, "
        "市统计局, each on an introduction letter and approved by a leader.")


def test_the_lists_read_a_bounded_number_of_queries_however_many_entries(client, office):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    signed_in(client, office.clerk)

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    item(office), provision(office)
    queries(reverse("registers:publications")), queries(reverse("registers:provisions"))  # sessions and caches warmed
    few = (queries(reverse("registers:publications")), queries(reverse("registers:provisions")))
    for number in range(4):
        item(office, title=f"新闻稿 {number}", submitter=office.reader2)
        provision(office, recipient=f"外单位 {number}")
    assert (queries(reverse("registers:publications")), queries(reverse("registers:provisions"))) == few


def test_the_office_page_counts_as_waiting_only_items_neither_refused_released_nor_withdrawn(office, client):
    from registers.selectors import publications_awaiting

    waiting, approved, refused, released, withdrawn = (item(office, title=f"新闻稿 {n}") for n in range(5))
    for publication, decision in ((approved, "approved"), (refused, "refused"), (released, "approved")):
        disclosure.record_decision(publication=publication, by=office.leader, decision=decision, changes="",
                                   decided_on=TODAY, reason="Reviewed")
    disclosure.record_release(publication=released, by=office.clerk, released_on=TODAY, reason="Published")
    disclosure.withdraw_publication(publication=withdrawn, by=office.clerk, reason="Not needed")

    assert set(publications_awaiting(office.clerk)) == {waiting, approved}
    assert not publications_awaiting(office.reader).exists()
    signed_in(client, office.clerk)
    assert "2 items awaiting review or release" in client.get(reverse("registers:office")).content.decode()
