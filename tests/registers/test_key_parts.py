"""Key parts of a key department: registered with their protections, checked on dated checks, read by inspectors."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from documents.models import PrintRecord
from documents.services.errors import InvalidInput, InvalidState, NotPermitted
from inspections import report as reports
from inspections.summary import annual_summary
from people.models import Unit
from registers.models import KeyPart, KeyPartCheck
from registers.services import key_parts
from tests.factories import PASSWORD
from tests.pdf_reading import flat, page_texts

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def room(office, by=None, **overrides):
    fields = {"name": "机要室", "location": "三楼 301", "protections": ["secure_door", "alarm"],
              "responsible": office.clerk, **overrides}
    return key_parts.register_part(unit=office.unit, by=by or office.clerk, reason="Registered", **fields)


def signed_in(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_a_clerk_registers_a_key_part_through_the_page_and_picks_the_person_responsible(client, office):
    signed_in(client, office.clerk)
    found = client.get(reverse("registers:key_part_people_new"), {"unit": office.unit.pk, "q": "reader"}).content.decode()
    assert office.reader.username in found and office.administrator.username not in found

    response = client.post(reverse("registers:key_parts"), {
        "unit": office.unit.pk, "name": "机要室", "location": "三楼 301", "protections": ["alarm", "secure_door"],
        "responsible": office.reader.pk, "reason": "Designated by the secrecy committee",
    }, follow=True)

    part = KeyPart.objects.get()
    assert response.redirect_chain[-1][0] == reverse("registers:key_part", args=[part.pk])
    # Kept in the order of the list, whatever the order ticked.
    assert (part.protections, part.responsible) == (["secure_door", "alarm"], office.reader)
    assert "Designated by the secrecy committee" in response.content.decode()


def test_the_person_responsible_is_someone_of_the_unit_in_a_secret_related_role(office, other_unit):
    for person in (other_unit.clerk, office.administrator):
        with pytest.raises(InvalidInput) as refused:
            room(office, responsible=person)
        assert "responsible" in refused.value.errors
    with pytest.raises(InvalidInput) as refused:
        room(office, protections=["moat"])
    assert "protections" in refused.value.errors
    assert not KeyPart.objects.exists()


def test_only_keepers_register_and_clerks_leaders_inspectors_record_checks(office, other_unit):
    for person in (office.inspector, office.reader, other_unit.clerk):
        with pytest.raises(NotPermitted):
            room(office, by=person)
    part = room(office, by=office.leader)
    for person in (office.reader, other_unit.clerk):
        with pytest.raises(NotPermitted):
            key_parts.record_check(part=part, by=person, checked_on=TODAY, result="sound", reason="Checked")
    check = key_parts.record_check(part=part, by=office.inspector, checked_on=TODAY, result="sound", reason="Checked")
    assert check.checked_by == office.inspector


def test_a_check_that_found_problems_says_which_and_is_not_dated_in_the_future(client, office):
    part = room(office)
    with pytest.raises(InvalidInput) as refused:
        key_parts.record_check(part=part, by=office.clerk, checked_on=TODAY, result="problems", findings="\u200b",
                               reason="Checked")
    assert "findings" in refused.value.errors
    with pytest.raises(InvalidInput) as refused:
        key_parts.record_check(part=part, by=office.clerk, checked_on=TODAY + datetime.timedelta(days=1),
                               result="sound", reason="Checked")
    assert "checked_on" in refused.value.errors

    page = signed_in(client, office.inspector).post(reverse("registers:record_key_part_check", args=[part.pk]), {
        "checked_on": TODAY.isoformat(), "result": "problems", "findings": "门锁损坏 <script>", "reason": "Quarterly check",
    }, follow=True).content.decode()

    assert KeyPartCheck.objects.get().findings == "门锁损坏 <script>"
    assert "门锁损坏 &lt;script&gt;" in page and "Problems found" in page


def test_a_withdrawn_key_part_takes_no_more_checks_and_needed_a_confirmation(client, office):
    part = room(office)
    signed_in(client, office.clerk)
    url = reverse("registers:withdraw_key_part", args=[part.pk])
    assert "This is not undone" in client.post(url, {"reason": "Room given up"}).content.decode()
    assert KeyPart.objects.get().in_use

    client.post(url, {"reason": "Room given up", "confirm": "1"})
    part.refresh_from_db()
    assert part.withdrawn_on == TODAY
    with pytest.raises(InvalidState, match="no longer a key part"):
        key_parts.record_check(part=part, by=office.clerk, checked_on=TODAY, result="sound", reason="Checked")
    page = client.get(reverse("registers:key_part", args=[part.pk])).content.decode()
    assert 'id="record-check"' not in page and 'id="correct"' not in page


def test_out_of_the_unit_it_is_404_everywhere(client, office, other_unit):
    part = room(office)
    signed_in(client, other_unit.clerk)
    assert client.get(reverse("registers:key_part", args=[part.pk])).status_code == 404
    assert client.get(f"/api/v1/key-parts/{part.pk}/").status_code == 404
    assert client.get("/api/v1/key-parts/").json()["results"] == []
    assert client.post(reverse("registers:print_key_parts", args=[office.unit.pk])).status_code == 404
    assert client.get(reverse("registers:key_part_people", args=[part.pk]), {"q": "c"}).status_code == 404


def test_the_register_prints_each_part_with_its_last_check(client, office):
    part = room(office)
    key_parts.record_check(part=part, by=office.clerk, checked_on=TODAY, result="problems", findings="Alarm battery low",
                           reason="Checked")
    response = signed_in(client, office.inspector).post(reverse("registers:print_key_parts", args=[office.unit.pk]))
    text = flat("".join(page_texts(response.content)))
    assert "机要室" in text and flat("Secure door, Intrusion alarm") in text and TODAY.isoformat() in text
    assert "Problemsfound" in text
    assert (PrintRecord.objects.get().kind, PrintRecord.objects.get().row_count) == ("key_part_register", 1)


def test_the_annual_summary_names_the_key_parts_and_the_problems_checks_found(office):
    Unit.objects.filter(pk=office.unit.pk).update(is_key_department=True)
    office.unit.refresh_from_db()
    part = room(office)
    key_parts.record_check(part=part, by=office.clerk, checked_on=TODAY, result="sound", reason="Checked")
    key_parts.record_check(part=part, by=office.inspector, checked_on=TODAY, result="problems",
                           findings="Alarm battery low", reason="Checked")
    year = TODAY.year

    with translation.override("en"):
        built = reports.build_report(office.unit, year, annual_summary(office.leader, office.unit, year))
    section = next(section for section in built.sections if section.key == "key_departments")

    assert dict(section.figures) == {"Key parts in use at the end of the year": 1, "Checks of key parts this year": 2,
                                     "Checks that found problems": 1}
    assert section.paragraph == ("General Office is a key department. It has 1 key part: 机要室 (三楼 301). Its protections "
                                 "were checked 2 times this year; 1 check found problems: 机要室: Alarm battery low.")
