"""The personnel pages as a browser submits them."""

import datetime

import pytest
from django.urls import reverse

from people.models import Departure, DepartureStatus
from tests.archives.conftest import hand_out, take_back
from tests.factories import PASSWORD, DocumentFactory, attended

pytestmark = pytest.mark.django_db


def signed_in(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_departure_flow_stops_until_the_copy_is_back(client, office):
    document = DocumentFactory(registry=office.registry, by=office.clerk, scope_users=[office.reader], copies_count=1)
    copy = hand_out(document.copies.get(), to=office.reader, by=office.clerk)
    signed_in(client, office.clerk)
    page_url = reverse("people:person", args=[office.reader.pk])

    response = client.post(
        reverse("people:start_departure", args=[office.reader.pk]),
        {"kind": "leaving", "started_on": "2026-03-01", "ends_on": "2027-03-01", "reason": "Transferred"},
        follow=True,
    )
    content = response.content.decode()
    assert "still holds 1 copy" in content
    assert copy.label in content  # the list of what must be handed back
    departure = Departure.objects.get()

    refused = client.post(reverse("people:complete_departure", args=[departure.pk]), {"reason": "Hand-back finished"})
    assert refused.status_code == 200
    assert "must be handed back first" in " ".join(refused.context["complete_form"].non_field_errors())
    assert Departure.objects.get().status == DepartureStatus.STARTED

    take_back(copy, by=office.clerk)
    done = client.post(reverse("people:complete_departure", args=[departure.pk]), {"reason": "Hand-back finished"})
    assert done["Location"] == page_url
    assert Departure.objects.get().status == DepartureStatus.COMPLETED
    assert "Holds no copy" in client.get(page_url).content.decode()


def test_unit_page_lists_people_and_the_years_training(client, office):
    attended(office.reader, unit=office.unit, by=office.clerk, name="保密法宣传教育", held_on=datetime.date(2026, 4, 1),
             hours=3, absent=[office.reader2])
    signed_in(client, office.clerk)

    response = client.get(reverse("people:unit", args=[office.unit.pk]), {"year": "2026"})
    assert len(response.context["register"]) == 6
    assert response.context["summary"].trained_count == 1
    assert "1 of 6 people trained" in response.content.decode()


def test_unit_page_counts_training_events_attended_not_courses(client, office):
    # Two events attended by the reader, one by the second reader: three events attended in the year, an absence not counted.
    attended(office.reader, office.reader2, unit=office.unit, by=office.clerk, name="保密法宣传教育",
             held_on=datetime.date(2026, 4, 1), hours=3, absent=[office.leader])
    attended(office.reader, unit=office.unit, by=office.clerk, name="警示教育片", held_on=datetime.date(2026, 5, 1), hours=2)
    attended(office.reader2, unit=office.unit, by=office.clerk, name="涉密载体管理", held_on=datetime.date(2026, 6, 1), hours=1)
    signed_in(client, office.clerk)
    url = reverse("people:unit", args=[office.unit.pk])

    page = client.get(url, {"year": "2026"}).content.decode()
    assert "course" not in page.lower()
    assert "2 training events attended, 5.0 h" in page or "2 training events attended, 5 h" in page
    assert "2 of 6 people trained, 9" in page and "; 3 different training events attended." in page
    assert "Training events attended</th>" in page

    chinese = client.get(url, {"year": "2026"}, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "课程" not in chinese
    assert "参加培训活动2次" in chinese
    assert "6人中有2人参加培训，共9" in chinese and "；参加培训活动3项。" in chinese


def test_the_person_page_shows_their_attendance_of_education_events(client, office):
    event = attended(unit=office.unit, by=office.clerk, name="保密法宣传教育", held_on=datetime.date(2026, 4, 1), hours=3,
                     absent=[office.reader])
    attended(office.reader, unit=office.unit, by=office.clerk, name="警示教育片", held_on=datetime.date(2026, 5, 1),
             hours="1.5", kind="warning_film")

    page = signed_in(client, office.clerk).get(reverse("people:person", args=[office.reader.pk])).content.decode()
    training = page[page.index('id="training"'):]

    assert "警示教育片" in training and "1.5" in training and "Present" in training
    assert "保密法宣传教育" in training and "Absent" in training
    assert reverse("registers:education_event", args=[event.pk]) in training


@pytest.mark.parametrize("name", ["people:index", "people:unit", "people:person"])
def test_personnel_pages_are_404_for_a_reader(client, office, name):
    args = [] if name == "people:index" else [office.unit.pk if name == "people:unit" else office.reader2.pk]
    assert signed_in(client, office.reader).get(reverse(name, args=args)).status_code == 404


def test_a_clerk_cannot_open_another_units_people(client, office, other_unit):
    signed_in(client, office.clerk)
    assert client.get(reverse("people:person", args=[other_unit.reader.pk])).status_code == 404
    assert client.get(reverse("people:unit", args=[other_unit.unit.pk])).status_code == 404


def test_an_inspector_reads_but_is_not_offered_changes(client, office):
    response = signed_in(client, office.inspector).get(reverse("people:person", args=[office.reader.pk]))
    assert response.status_code == 200
    assert response.context["can_depart"] is False
    assert reverse("people:start_departure", args=[office.reader.pk]) not in response.content.decode()


def _offered_on_person_page(client, user, person):
    client.logout()
    page = signed_in(client, user).get(reverse("people:person", args=[person.pk])).content.decode()
    return {
        name: reverse(f"people:{name}", args=[person.pk]) in page for name in ("record", "start_departure")
    }


def test_the_person_page_offers_each_personnel_step_exactly_when_its_check_allows_it(client, office):
    from people.services.personnel import check_record_person, check_start_departure

    for user, person in [
        (office.clerk, office.reader), (office.administrator, office.reader), (office.inspector, office.reader),
        (office.clerk, office.clerk),
    ]:
        expected = {
            "record": check_record_person(person, user) is None,
            "start_departure": check_start_departure(person, user) is None,
        }
        assert _offered_on_person_page(client, user, person) == expected, (user.username, person.username)


def test_a_clerk_keeps_their_own_record_but_someone_else_handles_their_departure(client, office):
    assert _offered_on_person_page(client, office.clerk, office.clerk) == {
        "record": True, "start_departure": False,
    }
