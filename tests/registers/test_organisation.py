"""Organisation and responsibility: the secrecy group over time, the responsibility letters, the plan's tasks."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from documents.models import PrintRecord
from documents.services.errors import InvalidInput, InvalidState, NotPermitted
from inspections import report as reports
from inspections.summary import annual_summary
from registers.models import GroupMembership, PlanTask, ResponsibilityLetter, WorkPlan
from registers.services import organisation
from tests.factories import PASSWORD, member
from tests.pdf_reading import flat, page_texts

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YEAR = TODAY.year
LAST_YEAR = datetime.date(YEAR - 1, 3, 1)


def signed_in(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def appoint(office, person, position, on=LAST_YEAR, by=None):
    return organisation.appoint(unit=office.unit, person=person, position=position, appointed_on=on,
                                by=by or office.clerk, reason="Appointed")


def letter(office, **overrides):
    fields = {"party": "财务处", "person": None, "signed_on": TODAY, "valid_from": datetime.date(YEAR, 1, 1),
              "valid_until": datetime.date(YEAR, 12, 31), **overrides}
    return organisation.enter_letter(unit=office.unit, by=office.clerk, reason="Signed", **fields)


def plan(office, year=YEAR):
    return organisation.adopt_plan(unit=office.unit, year=year, title=f"{year}年度保密工作计划",
                                   adopted_on=min(datetime.date(year, 1, 15), TODAY), by=office.clerk, reason="Adopted")


def task(office, work_plan, name="保密教育培训", due=None):
    return organisation.add_task(plan=work_plan, by=office.clerk, reason="Task", task=name, office="办公室",
                                 responsible=office.reader, due_on=due or datetime.date(work_plan.year, 12, 31))


def test_a_clerk_appoints_through_the_page_picking_the_person(client, office):
    signed_in(client, office.clerk)
    found = client.get(reverse("registers:organisation_people"), {"unit": office.unit.pk, "q": "reader"}).content.decode()
    assert office.reader.username in found and office.administrator.username not in found

    response = client.post(reverse("registers:organisation"), {
        "unit": office.unit.pk, "position": "deputy", "person": office.reader.pk, "appointed_on": LAST_YEAR.isoformat(),
        "reason": "Decision of the party group",
    }, follow=True)

    place = GroupMembership.objects.get()
    assert response.redirect_chain[-1][0] == reverse("registers:membership", args=[place.pk])
    assert (place.person, place.position, place.left_on) == (office.reader, "deputy", None)
    assert "Decision of the party group" in response.content.decode()


@pytest.mark.parametrize("overrides, field, words", [
    ({"appointed_on": (TODAY + datetime.timedelta(days=1)).isoformat()}, "appointed_on", "cannot be after today"),
    ({"position": "in_charge"}, "person", "is a leader of"),
    ({"person": ""}, "person", "Pick the person appointed"),
])
def test_a_bad_appointment_is_a_message_on_the_form_and_writes_nothing(client, office, overrides, field, words):
    data = {"unit": office.unit.pk, "position": "member", "person": office.reader.pk,
            "appointed_on": LAST_YEAR.isoformat(), "reason": "Appointed", **overrides}
    response = signed_in(client, office.clerk).post(reverse("registers:organisation"), data)
    assert response.status_code == 200
    assert words in " ".join(response.context["form"].errors[field])
    assert not GroupMembership.objects.exists()


def test_one_leader_and_one_place_per_person_until_they_leave_and_the_leaving_is_kept(office):
    first = appoint(office, office.leader, "leader")
    appoint(office, office.leader, "in_charge")  # the leader in charge may also lead the group
    with pytest.raises(InvalidInput, match="record their leaving first"):
        appoint(office, office.clerk, "leader")
    with pytest.raises(InvalidInput, match="record their leaving first"):
        appoint(office, office.leader, "member")
    with pytest.raises(InvalidInput, match="before the appointment"):
        organisation.record_leaving(membership=first, left_on=LAST_YEAR - datetime.timedelta(days=1), by=office.clerk,
                                    reason="Transferred")

    organisation.record_leaving(membership=first, left_on=TODAY, by=office.clerk, reason="Transferred")
    appoint(office, office.clerk, "leader", on=TODAY)
    with pytest.raises(InvalidState, match="the record is final"):
        organisation.record_leaving(membership=first, left_on=TODAY, by=office.clerk, reason="Again")
    assert GroupMembership.objects.filter(unit=office.unit).count() == 3
    assert [row.history_change_reason for row in first.history.order_by("history_id")] == ["Appointed", "Transferred"]


def test_only_keepers_keep_it(office, other_unit):
    for person in (office.inspector, office.reader, other_unit.clerk):
        with pytest.raises(NotPermitted):
            appoint(office, office.reader, "member", by=person)
    with pytest.raises(NotPermitted):
        organisation.enter_letter(unit=office.unit, by=office.inspector, reason="Signed", party="财务处", person=None,
                                  signed_on=TODAY, valid_from=TODAY, valid_until=TODAY)
    assert not GroupMembership.objects.exists() and not ResponsibilityLetter.objects.exists()


@pytest.mark.parametrize("overrides, field, words", [
    ({"party": ""}, "party", "one of the two"),
    ({"valid_until": "2000-01-01"}, "valid_until", "on or after"),
    ({"signed_on": (TODAY + datetime.timedelta(days=1)).isoformat()}, "signed_on", "cannot be after today"),
])
def test_a_bad_letter_is_a_message_on_the_form_and_writes_nothing(client, office, overrides, field, words):
    data = {"unit": office.unit.pk, "party": "财务处", "signed_on": TODAY.isoformat(), "valid_from": f"{YEAR}-01-01",
            "valid_until": f"{YEAR}-12-31", "reason": "Signed", **overrides}
    response = signed_in(client, office.clerk).post(reverse("registers:letters"), data)
    assert response.status_code == 200
    assert words in " ".join(response.context["form"].errors[field])
    assert not ResponsibilityLetter.objects.exists()


def test_a_letter_with_a_person_is_corrected_then_withdrawn_after_a_confirmation(client, office):
    entry = letter(office, party="", person=office.reader)
    with pytest.raises(InvalidInput, match="one of the two"):
        letter(office, person=office.reader)
    signed_in(client, office.leader)
    url = reverse("registers:letter", args=[entry.pk])
    client.post(url, {"party": "", "person": office.reader.pk, "signed_on": TODAY.isoformat(),
                      "valid_from": f"{YEAR}-01-01", "valid_until": f"{YEAR + 1}-12-31", "reason": "Two years"})
    entry.refresh_from_db()
    assert entry.valid_until == datetime.date(YEAR + 1, 12, 31)

    withdraw = reverse("registers:withdraw_letter", args=[entry.pk])
    assert "a withdrawal is not undone" in client.post(withdraw, {"reason": "Left the unit"}).content.decode()
    client.post(withdraw, {"reason": "Left the unit", "confirm": "1"})
    entry.refresh_from_db()
    assert entry.withdrawn_on == TODAY
    page = client.get(url).content.decode()
    assert "Withdrawn on" in page and 'id="correct"' not in page and "Two years" in page


def test_a_plans_tasks_are_added_and_done_with_a_date(client, office):
    work_plan = plan(office)
    with pytest.raises(InvalidInput, match="work plan of this year already"):
        plan(office)
    signed_in(client, office.clerk)
    add = reverse("registers:add_plan_task", args=[work_plan.pk])
    refused = client.post(add, {"task": "培训", "office": "\u200b", "responsible": office.reader.pk,
                                "due_on": f"{YEAR}-06-30", "reason": "Task"})
    assert "Name the office" in refused.content.decode() and not PlanTask.objects.exists()
    client.post(add, {"task": "培训 <b>全员</b>", "office": "办公室", "responsible": office.reader.pk,
                      "due_on": f"{YEAR}-06-30", "reason": "Task"})
    entry = PlanTask.objects.get()
    done = reverse("registers:record_task_done", args=[entry.pk])
    future = client.post(done, {f"task{entry.pk}-done_on": (TODAY + datetime.timedelta(days=1)).isoformat(),
                                f"task{entry.pk}-reason": "Done"})
    assert "cannot be after today" in future.content.decode()
    client.post(done, {f"task{entry.pk}-done_on": TODAY.isoformat(), f"task{entry.pk}-reason": "Done"})
    entry.refresh_from_db()
    assert entry.done_on == TODAY
    page = client.get(reverse("registers:plan", args=[work_plan.pk])).content.decode()
    assert "培训 &lt;b&gt;全员&lt;/b&gt;" in page and f"Done on {TODAY.isoformat()}" in page
    assert client.post(done, {f"task{entry.pk}-done_on": TODAY.isoformat(), f"task{entry.pk}-reason": "Again"}
                       ).status_code == 404


def test_a_withdrawn_plan_takes_no_task(office):
    work_plan = plan(office)
    organisation.withdraw_plan(plan=work_plan, by=office.leader, reason="Revised")
    with pytest.raises(InvalidState, match="its record is final"):
        task(office, WorkPlan.objects.get(pk=work_plan.pk))
    plan(office)  # the revised plan of the same year


def test_the_inspector_reads_it_and_anyone_else_gets_404(client, office, other_unit):
    place = appoint(office, office.leader, "leader")
    entry = letter(office)
    work_plan = plan(office)
    page = signed_in(client, office.inspector).get(reverse("registers:organisation")).content.decode()
    assert office.leader.get_full_name() in page or office.leader.username in page
    assert 'id="appoint"' not in page
    assert client.get(reverse("registers:letters")).status_code == 200
    client.logout()
    routes = [reverse("registers:membership", args=[place.pk]), reverse("registers:letter", args=[entry.pk]),
              reverse("registers:plan", args=[work_plan.pk]), f"/api/v1/secrecy-group/{place.pk}/",
              f"/api/v1/responsibility-letters/{entry.pk}/", f"/api/v1/work-plans/{work_plan.pk}/",
              reverse("registers:organisation")]
    for person in (office.reader, other_unit.clerk):
        signed_in(client, person)
        assert [client.get(route).status_code for route in routes[:-1]] == [404] * 6
        client.logout()
    signed_in(client, other_unit.clerk)
    assert client.get("/api/v1/work-plans/").json()["results"] == []
    assert client.post(reverse("registers:print_organisation", args=[office.unit.pk])).status_code == 404
    assert client.get(reverse("registers:organisation_people"), {"unit": office.unit.pk}).status_code == 404
    client.logout()
    signed_in(client, office.reader)
    assert client.get(routes[-1]).status_code == 404


def test_the_api_lists_the_plan_with_its_tasks(client, office):
    task(office, plan(office))
    body = signed_in(client, office.inspector).get("/api/v1/work-plans/").json()
    assert [(row["year"], [t["task"] for t in row["tasks"]]) for row in body["results"]] == [(YEAR, ["保密教育培训"])]


def test_the_printed_register_has_the_group_the_letters_and_the_tasks(client, office):
    appoint(office, office.leader, "leader")
    letter(office, party="<b>财务处</b>")
    task(office, plan(office))
    response = signed_in(client, office.inspector).post(reverse("registers:print_organisation", args=[office.unit.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = flat("".join(page_texts(response.content)))
    assert flat("<b>财务处</b>") in text and "保密教育培训" in text and flat("Leader of the secrecy group") in text
    record = PrintRecord.objects.get()
    assert (record.kind, record.row_count) == ("organisation_register", 3)


def test_the_office_page_counts_the_register(client, office):
    appoint(office, office.leader, "leader")
    page = signed_in(client, office.clerk).get(reverse("registers:office")).content.decode()
    assert "1 place held in the secrecy group" in page and "0 responsibility letters in force" in page


def section_of(office, language="en"):
    with translation.override(language):
        built = reports.build_report(office.unit, YEAR, annual_summary(office.leader, office.unit, YEAR))
    return next(section for section in built.sections if section.key == "leadership")


def test_the_annual_summary_says_who_leads_the_group_the_letters_and_the_tasks(office):
    deputy2 = member(office.unit, "reader", username="deputy2")
    appoint(office, office.leader, "leader")
    appoint(office, office.leader, "in_charge")
    appoint(office, office.clerk, "deputy")
    appoint(office, office.reader, "member")
    gone = appoint(office, deputy2, "member")
    organisation.record_leaving(membership=gone, left_on=min(TODAY, datetime.date(YEAR, 1, 2)), by=office.clerk,
                                reason="Transferred")
    letter(office)
    letter(office, party="", person=office.reader)
    letter(office, signed_on=datetime.date(YEAR - 1, 12, 1))  # last year's: not counted
    work_plan = plan(office)
    organisation.record_done(task=task(office, work_plan, "培训"), done_on=TODAY, by=office.clerk, reason="Done")
    task(office, work_plan, "清查")

    section = section_of(office)
    leader, clerk, reader = (person.get_full_name() or person.username for person in
                             (office.leader, office.clerk, office.reader))
    assert dict(section.figures) == {"Leaders of the unit": 1, "Secrecy group at the end of the year": 3,
                                     "Responsibility letters signed this year": 2, "Tasks of the year's work plan": 2,
                                     "Tasks done": 1, "Tasks open": 1}
    assert section.paragraph == (
        f"At the end of the year the secrecy group was led by {leader}. Its deputy leader was {clerk}. It had 1 member: "
        f"{reader}. {leader} was the leader in charge of secrecy work. 2 responsibility letters were signed this year, "
        f"with 财务处, {reader}. The year's work plan breaks down 2 tasks to offices and responsible persons: 1 done, "
        "1 open.")
    assert section.rows == [f"Open: 清查; 办公室, {reader}, due {YEAR}-12-31"]
    assert "、" in section_of(office, "zh-hans").paragraph


def test_the_summarys_figures_open_the_rows_they_count(client, office):
    appoint(office, office.leader, "leader")
    task(office, plan(office), "清查")
    signed_in(client, office.inspector)
    group = client.get(reverse("inspections:summary_rows", args=["secrecy_group"]),
                       {"unit": office.unit.pk, "year": YEAR}).content.decode()
    assert reverse("registers:membership", args=[GroupMembership.objects.get().pk]) in group
    tasks = client.get(reverse("inspections:summary_rows", args=["plan_tasks"]),
                       {"unit": office.unit.pk, "year": YEAR, "done": "no"}).content.decode()
    assert "清查" in tasks
