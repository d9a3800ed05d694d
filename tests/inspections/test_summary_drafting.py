"""The annual summary is drafted, edited and made final (issue 15 item 5): prose written by the office, figures computed."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from documents.services.errors import InvalidState, NotPermitted
from inspections.models import SummaryVersion, VersionStatus
from inspections.services import drafting
from inspections.versions import current_version
from tests.factories import PASSWORD, DocumentFactory
from tests.pdf_reading import flat, page_texts

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


def edit_url(key="training"):
    return reverse("inspections:edit_section", args=[key])


def saved(office, key="training", text="We trained everyone twice.", by=None):
    return drafting.save_draft(version=current_version(office.unit, YEAR), section=key, text=text,
                               by=by or office.clerk)


def finalised(office):
    return drafting.finalise_summary(version=current_version(office.unit, YEAR), by=office.leader, reason="Signed")


def test_saving_a_paragraph_on_the_page_writes_a_history_row_with_the_clerk_and_draft_saved(client, office):
    client.login(username="clerk", password=PASSWORD)
    response = client.post(f"{edit_url()}?unit={office.unit.pk}&year={YEAR}", {"text": "Training went well.", "reason": ""})

    assert response.status_code == 302
    version = SummaryVersion.objects.get(unit=office.unit, year=YEAR)
    assert version.prose == {"training": "Training went well."}
    row = version.history.latest("history_id")
    assert row.history_user == office.clerk and row.history_change_reason == "Draft saved"
    page = client.get(reverse("inspections:summary"), {"unit": office.unit.pk, "year": YEAR}).content.decode()
    assert "Training went well." in page


def test_each_save_of_a_draft_is_its_own_history_row(office):
    saved(office, text="First.")
    saved(office, text="Second.", by=office.leader)

    version = SummaryVersion.objects.get(unit=office.unit, year=YEAR)
    assert [row.history_user for row in version.history.order_by("history_id")] == [office.clerk, office.leader]
    assert version.prose["training"] == "Second."


def test_someone_with_no_role_in_the_unit_cannot_edit_its_summary(client, office, other_unit):
    client.login(username="finance_clerk", password=PASSWORD)
    url = f"{edit_url()}?unit={office.unit.pk}&year={YEAR}"

    assert client.get(url).status_code == 404
    assert client.post(url, {"text": "Mine now."}).status_code == 404
    assert not SummaryVersion.objects.exists()


def test_the_inspector_is_not_offered_the_edit_and_cannot_save(client, office):
    client.login(username="inspector", password=PASSWORD)
    page = client.get(reverse("inspections:summary"), {"unit": office.unit.pk, "year": YEAR}).content.decode()

    assert edit_url() not in page
    assert client.post(f"{edit_url()}?unit={office.unit.pk}&year={YEAR}", {"text": "x"}).status_code == 404
    with pytest.raises(NotPermitted):
        saved(office, by=office.inspector)


def test_marking_final_shows_a_confirmation_first_and_changes_nothing_until_confirmed(client, office):
    saved(office)
    client.login(username="leader", password=PASSWORD)
    data = {"unit": office.unit.pk, "year": YEAR, "version": 1, "reason": "Signed off"}

    first = client.post(reverse("inspections:finalise_summary"), data)
    assert first.status_code == 200 and "cannot be changed" in first.content.decode()
    assert SummaryVersion.objects.get().status == VersionStatus.DRAFT
    client.post(reverse("inspections:finalise_summary"), {**data, "confirm": "1"})
    version = SummaryVersion.objects.get()
    assert version.status == VersionStatus.FINAL and version.finalised_by == office.leader
    assert version.history.latest("history_id").history_change_reason == "Signed off"


def test_only_a_leader_of_the_unit_marks_it_final(office):
    saved(office)
    with pytest.raises(NotPermitted):
        drafting.finalise_summary(version=current_version(office.unit, YEAR), by=office.clerk, reason="Done")


def test_a_final_summary_refuses_an_edit_and_the_page_offers_none(client, office):
    saved(office)
    finalised(office)

    with pytest.raises(InvalidState):
        saved(office, text="Changed after signing.")
    client.login(username="clerk", password=PASSWORD)
    page = client.get(reverse("inspections:summary"), {"unit": office.unit.pk, "year": YEAR}).content.decode()
    assert edit_url() not in page
    assert client.post(f"{edit_url()}?unit={office.unit.pk}&year={YEAR}", {"text": "x"}).status_code == 404
    assert SummaryVersion.objects.get().prose == {"training": "We trained everyone twice."}


def test_a_final_summary_keeps_its_figures_when_the_data_changes(client, office):
    DocumentFactory(registry=office.registry, by=office.clerk, copies_count=1)
    finalised(office)
    DocumentFactory(registry=office.registry, by=office.clerk, copies_count=1)

    client.login(username="leader", password=PASSWORD)
    page = client.get(reverse("inspections:summary"), {"unit": office.unit.pk, "year": YEAR}).content.decode()
    assert "1 document was registered, with 1 copy." in page


def test_a_new_version_says_why_and_what_changed(client, office):
    saved(office, text="Old paragraph.")
    finalised(office)
    client.login(username="clerk", password=PASSWORD)
    client.post(reverse("inspections:new_version"),
                {"unit": office.unit.pk, "year": YEAR, "version": 1, "reason": "The bureau asked for more on training"})
    saved(office, text="New paragraph.")
    DocumentFactory(registry=office.registry, by=office.clerk, copies_count=2)

    new = current_version(office.unit, YEAR)
    assert new.number == 2 and new.based_on.number == 1 and new.status == VersionStatus.DRAFT
    page = client.get(reverse("inspections:summary"), {"unit": office.unit.pk, "year": YEAR}).content.decode()
    assert "Changes from version 1" in page and "The bureau asked for more on training" in page
    assert "Old paragraph." in page and "New paragraph." in page
    final = drafting.finalise_summary(version=new, by=office.leader, reason="Signed again")
    assert final.snapshot["changes"]["from_number"] == 1
    assert any(item["what"] == "Documents registered" and item["before"] == "0" and item["after"] == "1"
               for item in final.snapshot["changes"]["items"])


def test_a_new_version_is_started_only_from_a_final_one(office):
    saved(office)
    with pytest.raises(InvalidState):
        drafting.start_new_version(version=current_version(office.unit, YEAR), by=office.clerk, reason="Again")


def printed_text(client, user, office, language="en", version=None):
    client.login(username=user.username, password=PASSWORD)
    data = {"unit": office.unit.pk, "year": YEAR, **({"version": version} if version else {})}
    response = client.post(reverse("inspections:print_summary"), data, HTTP_ACCEPT_LANGUAGE=language)
    assert response["Content-Type"] == "application/pdf"
    return flat("".join(page_texts(response.content)))


def test_the_final_print_has_the_leaders_signature_line_the_date_and_the_seal_box(client, office):
    with translation.override("zh-hans"):
        version = finalised(office)
    # Printed in the language it was marked final in, whatever the printer's.
    text = printed_text(client, office.inspector, office, "en")

    assert "负责人（签字）" in text and "盖章" in text and "日期" in text
    assert timezone.localtime(version.finalised_at).date().isoformat() in text
    assert "第1版，定稿" in text


def test_a_draft_prints_as_a_draft_without_a_signature_line(client, office):
    text = printed_text(client, office.leader, office)

    assert "Version1,draft:notforsignature" in text
    assert "Responsibleleader(signature)" not in text


def test_the_drafted_paragraph_kept_as_offered_stays_a_draft_that_follows_the_data(client, office):
    client.login(username="clerk", password=PASSWORD)
    url = f"{edit_url('documents')}?unit={office.unit.pk}&year={YEAR}"
    offered = client.get(url).context["form"].initial["text"]
    client.post(url, {"text": offered, "reason": ""})
    DocumentFactory(registry=office.registry, by=office.clerk, copies_count=1)

    page = client.get(reverse("inspections:summary"), {"unit": office.unit.pk, "year": YEAR}).content.decode()
    assert SummaryVersion.objects.get().prose == {}
    assert "1 document was registered, with 1 copy." in page
