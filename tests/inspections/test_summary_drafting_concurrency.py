"""Two people writing the first draft of a unit's summary at the same moment: one draft, both paragraphs kept."""

import pytest
from django.utils import timezone

from documents.services.errors import InvalidState
from inspections.models import SummaryVersion, VersionStatus
from inspections.services import drafting
from inspections.versions import current_version
from tests.archives.test_concurrency import _race

pytestmark = pytest.mark.django_db(transaction=True)

YEAR = timezone.localdate().year


def test_two_first_drafts_at_once_make_one_draft_with_both_paragraphs(office):
    results, errors = _race(
        lambda: drafting.save_draft(version=current_version(office.unit, YEAR), section="training", text="A.",
                                    by=office.clerk),
        lambda: drafting.save_draft(version=current_version(office.unit, YEAR), section="rules", text="B.",
                                    by=office.leader),
    )

    assert errors == [] and len(results) == 2
    version = SummaryVersion.objects.get(unit=office.unit, year=YEAR)
    assert version.prose == {"training": "A.", "rules": "B."}
    assert version.history.count() == 2


def test_an_edit_racing_the_final_mark_is_refused_or_lands_before_it(office):
    draft = drafting.save_draft(version=current_version(office.unit, YEAR), section="training", text="A.",
                                by=office.clerk)

    results, errors = _race(
        lambda: drafting.save_draft(version=draft, section="training", text="Late.", by=office.clerk),
        lambda: drafting.finalise_summary(version=draft, by=office.leader, reason="Signed"),
    )

    version = SummaryVersion.objects.get()
    assert version.status == VersionStatus.FINAL
    kept = next(section for section in version.snapshot["sections"] if section["key"] == "training")
    if errors:
        assert isinstance(errors[0], InvalidState) and kept["paragraph"] == "A."
    else:
        assert kept["paragraph"] == "Late." == version.prose["training"]
