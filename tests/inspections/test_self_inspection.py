import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from documents.services.errors import Conflict, InvalidInput, InvalidState, NotPermitted
from inspections.models import Rectification, RectificationStatus
from inspections.selectors import overdue_rectifications
from inspections.services import self_inspection as service
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def score_all(inspection, by, shortfalls):
    """Full marks except {item text prefix: (score, remark)}."""
    scores = {}
    for row in inspection.scores.select_related("item"):
        score, remark = next(
            (value for prefix, value in shortfalls.items() if row.item.text.startswith(prefix)), (row.item.max_score, "")
        )
        scores[row.pk] = (Decimal(score), remark, "File 2026-07")
    service.score_items(self_inspection=inspection, scores=scores, by=by, reason="Scoring meeting")


def test_default_template_covers_the_seed_areas_and_totals_100(office):
    from inspections.models import ChecklistTemplate

    template = ChecklistTemplate.objects.get(is_default=True)
    names = " ".join(area.name for area in template.areas.all())
    for area in ["Responsibility", "Rules", "Training", "Document handling", "Computers", "Storage media", "Key departments", "Archives"]:
        assert area in names
    assert template.max_total == 100


def test_a_self_inspection_scoring_96_creates_rectification_items_for_each_shortfall(office):
    inspection = service.start_self_inspection(unit=office.unit, year=2026, by=office.clerk, reason="Annual")
    score_all(inspection, office.clerk, {
        "Every secret-related person has signed": (3, "Two new staff have not signed yet"),
        "Removable storage media are registered": (3, "Three USB keys unmarked"),
    })

    service.complete_self_inspection(
        self_inspection=inspection, owner=office.clerk, deadline=datetime.date(2027, 3, 31), by=office.leader, reason="Done"
    )

    inspection.refresh_from_db()
    assert (inspection.total, inspection.maximum, inspection.percentage) == (Decimal(96), Decimal(100), Decimal("96.0"))
    problems = sorted(r.problem for r in inspection.rectifications.all())
    assert len(problems) == 2
    assert "Three USB keys unmarked" in problems[0] + problems[1]
    assert {r.owner for r in inspection.rectifications.all()} == {office.clerk}


def test_a_score_above_the_maximum_is_refused(office):
    inspection = service.start_self_inspection(unit=office.unit, year=2026, by=office.clerk, reason="Annual")
    row = inspection.scores.select_related("item").first()

    with pytest.raises(InvalidInput):
        service.score_items(self_inspection=inspection, scores={row.pk: (row.item.max_score + 1, "", "")}, by=office.clerk, reason="x")


def test_completing_with_unscored_items_is_refused(office):
    inspection = service.start_self_inspection(unit=office.unit, year=2026, by=office.clerk, reason="Annual")
    with pytest.raises(InvalidState):
        service.complete_self_inspection(
            self_inspection=inspection, owner=office.clerk, deadline=datetime.date(2027, 1, 1), by=office.clerk, reason="x"
        )


def test_one_self_inspection_per_unit_and_year_and_only_its_clerk_or_leader(office, other_unit):
    service.start_self_inspection(unit=office.unit, year=2026, by=office.clerk, reason="Annual")
    with pytest.raises(Conflict):
        service.start_self_inspection(unit=office.unit, year=2026, by=office.leader, reason="Again")
    with pytest.raises(NotPermitted):
        service.start_self_inspection(unit=office.unit, year=2025, by=other_unit.clerk, reason="Not mine")


def test_overdue_rectification_shows_on_the_leaders_home_page_until_closed(client, office):
    inspection = service.start_self_inspection(unit=office.unit, year=2025, by=office.clerk, reason="Annual")
    score_all(inspection, office.clerk, {"An annual confidentiality education plan": (2, "Plan not carried out")})
    service.complete_self_inspection(
        self_inspection=inspection, owner=office.clerk, deadline=datetime.date(2026, 1, 31), by=office.leader, reason="Done"
    )
    client.login(username="leader", password=PASSWORD)

    assert "Plan not carried out" in client.get(reverse("home")).content.decode()

    rectification = Rectification.objects.get()
    service.close_rectification(rectification=rectification, outcome="Plan carried out in November", by=office.clerk)
    assert "Plan not carried out" not in client.get(reverse("home")).content.decode()
    assert overdue_rectifications(office.leader).count() == 0
    assert Rectification.objects.get().status == RectificationStatus.DONE


def test_reader_cannot_close_someone_elses_rectification(office):
    inspection = service.start_self_inspection(unit=office.unit, year=2025, by=office.clerk, reason="Annual")
    score_all(inspection, office.clerk, {"Rules are revised": (1, "Old rules")})
    service.complete_self_inspection(
        self_inspection=inspection, owner=office.clerk, deadline=datetime.date(2026, 1, 31), by=office.leader, reason="Done"
    )
    with pytest.raises(NotPermitted):
        service.close_rectification(rectification=Rectification.objects.get(), outcome="done", by=office.reader)


def test_scoring_page_saves_scores_and_shows_the_total(client, office):
    inspection = service.start_self_inspection(unit=office.unit, year=2026, by=office.clerk, reason="Annual")
    client.login(username="clerk", password=PASSWORD)
    data = {"reason": "Scoring meeting"}
    for row in inspection.scores.select_related("item"):
        data[f"score_{row.pk}"] = str(row.item.max_score)
        data[f"remarks_{row.pk}"] = ""
        data[f"evidence_{row.pk}"] = ""

    response = client.post(reverse("inspections:detail", args=[inspection.pk]), data)
    assert response.status_code == 302
    done = client.post(
        reverse("inspections:complete", args=[inspection.pk]),
        {"owner": office.clerk.pk, "deadline": "2027-03-31", "reason": "Completed"},
        follow=True,
    )
    assert "100.0 / 100.0 (100.0%)" in done.content.decode()


def test_reader_cannot_open_a_self_inspection(client, office):
    inspection = service.start_self_inspection(unit=office.unit, year=2026, by=office.clerk, reason="Annual")
    client.login(username="reader", password=PASSWORD)
    assert client.get(reverse("inspections:detail", args=[inspection.pk])).status_code == 404
