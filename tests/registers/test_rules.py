"""The register of rules: kept by the unit's clerks and leaders, read by its inspectors, invisible to anyone else."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from documents.models import PrintRecord
from documents.services.errors import InvalidInput, InvalidState, MissingReason, NotPermitted
from inspections import report as reports
from inspections.summary import annual_summary
from registers.models import Rule
from registers.services import rules
from tests.factories import PASSWORD
from tests.pdf_reading import flat, page_texts

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
RULE = {"name": "保密工作管理制度", "scope": "全体工作人员", "adopted_on": datetime.date(2024, 3, 1),
        "revised_on": None, "approved_by": "局党组会议", "kept_at": "文书档案 WS-003"}


def adopted(office, by=None, **overrides):
    return rules.adopt_rule(unit=office.unit, by=by or office.clerk, reason="Adopted", **{**RULE, **overrides})


def signed_in(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def form_data(**overrides):
    data = {**RULE, "adopted_on": RULE["adopted_on"].isoformat(), "revised_on": "", "reason": "Adopted by the board"}
    data.update(overrides)
    return data


def test_a_clerk_enters_a_rule_and_its_history_names_the_clerk_and_the_reason(client, office):
    response = signed_in(client, office.clerk).post(reverse("registers:rules"), {"unit": office.unit.pk, **form_data()},
                                                    follow=True)

    rule = Rule.objects.get()
    assert response.redirect_chain[-1][0] == reverse("registers:rule", args=[rule.pk])
    page = response.content.decode()
    assert "保密工作管理制度" in page and "Adopted by the board" in page
    row = rule.history.get()
    assert (row.history_user, row.history_change_reason) == (office.clerk, "Adopted by the board")


@pytest.mark.parametrize("overrides, field, words", [
    ({"adopted_on": (TODAY + datetime.timedelta(days=1)).isoformat()}, "adopted_on", "cannot be after today"),
    ({"revised_on": "2023-01-01"}, "revised_on", "between the adoption and today"),
    ({"name": "\u200b"}, "name", "name as it was issued"),
    ({"kept_at": " \ufeff "}, "kept_at", "where the rule"),
    ({"adopted_on": "not a date"}, "adopted_on", "valid date"),
])
def test_bad_input_is_a_message_on_the_form_and_writes_nothing(client, office, overrides, field, words):
    response = signed_in(client, office.clerk).post(reverse("registers:rules"),
                                                    {"unit": office.unit.pk, **form_data(**overrides)})

    assert response.status_code == 200
    assert words in " ".join(response.context["form"].errors[field])
    assert not Rule.objects.exists()


def test_a_second_rule_of_the_same_name_in_force_is_refused_until_the_first_is_withdrawn(office):
    first = adopted(office)
    with pytest.raises(InvalidInput, match="already in force"):
        adopted(office, by=office.leader)

    rules.withdraw_rule(rule=first, by=office.leader, reason="Replaced by the 2026 rule")
    second = adopted(office, adopted_on=TODAY)
    assert [rule.in_force for rule in (Rule.objects.get(pk=first.pk), second)] == [False, True]


def test_only_the_units_clerks_and_leaders_keep_it(office, other_unit):
    for person in (office.inspector, office.reader, other_unit.clerk):
        with pytest.raises(NotPermitted):
            adopted(office, by=person)
    rule = adopted(office, by=office.leader)
    with pytest.raises(NotPermitted):
        rules.correct_rule(rule=rule, by=office.inspector, reason="Typo", **{**RULE, "kept_at": "Cabinet 3"})


def test_a_correction_needs_a_reason_and_a_change_and_shows_in_the_history(client, office):
    rule = adopted(office)
    with pytest.raises(MissingReason):
        rules.correct_rule(rule=rule, by=office.clerk, reason="\u200b", **{**RULE, "kept_at": "Cabinet 3"})
    with pytest.raises(InvalidInput, match="Nothing was changed"):
        rules.correct_rule(rule=rule, by=office.clerk, reason="Same", **RULE)

    page = signed_in(client, office.clerk).post(
        reverse("registers:rule", args=[rule.pk]), form_data(kept_at="保密室 文件柜 3", revised_on="2026-01-05",
                                                             reason="Revised text filed"), follow=True,
    ).content.decode()

    rule.refresh_from_db()
    assert (rule.kept_at, rule.revised_on) == ("保密室 文件柜 3", datetime.date(2026, 1, 5))
    assert "Revised text filed" in page and "保密室 文件柜 3" in page


def test_withdrawing_asks_for_confirmation_first_then_the_record_is_final(client, office):
    rule = adopted(office)
    signed_in(client, office.leader)
    url = reverse("registers:withdraw_rule", args=[rule.pk])

    asked = client.post(url, {"reason": "Replaced"}).content.decode()
    assert "a withdrawal is not undone" in asked
    assert Rule.objects.get().in_force

    client.post(url, {"reason": "Replaced", "confirm": "1"})
    rule.refresh_from_db()
    assert rule.withdrawn_on == TODAY
    with pytest.raises(InvalidState, match="its record is final"):
        rules.correct_rule(rule=rule, by=office.clerk, reason="Typo", **{**RULE, "kept_at": "Cabinet 3"})
    page = client.get(reverse("registers:rule", args=[rule.pk])).content.decode()
    assert "Withdrawn on" in page and 'id="correct"' not in page and "Withdraw the rule" not in page


def test_the_register_is_read_by_the_units_inspector_and_is_404_to_anyone_else(client, office, other_unit):
    rule = adopted(office)
    inspector = signed_in(client, office.inspector).get(reverse("registers:rules")).content.decode()
    assert "保密工作管理制度" in inspector and 'id="adopt"' not in inspector
    client.logout()

    for person in (office.reader, other_unit.clerk):
        signed_in(client, person)
        assert client.get(reverse("registers:rule", args=[rule.pk])).status_code == 404
        assert client.get(f"/api/v1/rules/{rule.pk}/").status_code == 404
        assert client.get("/api/v1/rules/").json()["results"] == []
        client.logout()
    assert signed_in(client, other_unit.clerk).post(
        reverse("registers:print_rules", args=[office.unit.pk])).status_code == 404


def test_the_api_lists_the_rules_of_the_units_one_keeps(client, office):
    adopted(office)
    body = signed_in(client, office.inspector).get("/api/v1/rules/").json()
    assert [(row["name"], row["in_force"], row["unit"]) for row in body["results"]] == [
        ("保密工作管理制度", True, office.unit.name)]


def test_the_printed_register_lists_every_rule_and_is_recorded(client, office):
    adopted(office)
    withdrawn = adopted(office, name="<b>旧制度</b> & “quotes”", adopted_on=datetime.date(2020, 1, 1))
    rules.withdraw_rule(rule=withdrawn, by=office.clerk, reason="Replaced")

    response = signed_in(client, office.inspector).post(reverse("registers:print_rules", args=[office.unit.pk]),
                                                        HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert response["Content-Type"] == "application/pdf"
    text = flat("".join(page_texts(response.content)))
    assert "保密工作管理制度" in text and flat("<b>旧制度</b> & “quotes”") in text and TODAY.isoformat() in text
    record = PrintRecord.objects.get()
    assert (record.kind, record.row_count, record.printed_by) == ("rule_register", 2, office.inspector)


def test_the_annual_summary_lists_the_rules_in_force_and_counts_adoptions_and_revisions(office):
    year = TODAY.year
    adopted(office, adopted_on=datetime.date(year - 2, 3, 1), revised_on=datetime.date(year, 1, 10))
    adopted(office, name="涉密计算机管理规定", adopted_on=datetime.date(year, 1, 2))
    gone = adopted(office, name="旧规定", adopted_on=datetime.date(year - 5, 1, 1))
    rules.withdraw_rule(rule=gone, by=office.clerk, reason="Replaced")

    def section(language):
        with translation.override(language):
            built = reports.build_report(office.unit, year, annual_summary(office.leader, office.unit, year))
        return next(section for section in built.sections if section.key == "rules")

    english = section("en")
    assert dict(english.figures) == {"Rules in force at the end of the year": 2, "Rules adopted this year": 1,
                                     "Rules revised this year": 1}
    assert english.paragraph == ("At the end of the year 2 rules were in force: “保密工作管理制度”, “涉密计算机管理规定”. "
                                 "This year 1 rule was adopted and 1 was revised.")
    assert "旧规定" not in english.paragraph
    chinese = section("zh-hans")
    assert "《保密工作管理制度》、《涉密计算机管理规定》" in chinese.paragraph


def test_the_summarys_figure_opens_the_rules_it_counts(client, office):
    adopted(office)
    year = TODAY.year
    page = signed_in(client, office.inspector).get(
        reverse("inspections:summary_rows", args=["rules"]), {"unit": office.unit.pk, "year": year, "when": "in_force"},
    ).content.decode()
    assert "保密工作管理制度" in page
