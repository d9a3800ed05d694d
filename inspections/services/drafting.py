"""Drafting the annual summary: the office writes each section's prose, a leader marks it final, a new version follows.

The figures are never written: they are computed (inspections.report) and,
once a version is final, kept as they then read (inspections.versions). What
the office writes is the paragraph of each section, saved as a draft with its
history row (who, and why: "Draft saved" unless they say more). A final
version cannot change; a new version is started from it with the reason for it.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.reasons import system_reason
from documents.services.errors import InvalidInput, InvalidState, NotPermitted, raise_if
from documents.services.recording import require_reason, stamp, visible_text
from inspections.models import SummaryVersion, VersionStatus
from people.models import Unit
from people.roles import Role
from people.selectors import has_any_role, has_role

EDIT_ROLES = (Role.CLERK, Role.LEADER)
PROSE_MAX_LENGTH = 5000


def _lock(unit, year):
    """Lock the unit's summary of `year` and return its latest version (None before the first draft).

    A first draft has no row to lock yet, so the unit's row is the lock every
    writer of the summary takes first; the versions are then locked in pk order.
    """
    Unit.objects.select_for_update().filter(pk=unit.pk).first()
    locked = list(SummaryVersion.objects.filter(unit=unit, year=year).order_by("pk").select_for_update())
    return max(locked, key=lambda version: version.number) if locked else None


def _still_current(version, latest):
    if version.pk is not None and (latest is None or latest.pk != version.pk):
        raise InvalidState(_("A newer version of this summary exists: open the summary again."))
    return latest or version


def check_edit_summary(version, user):
    if not has_any_role(user, EDIT_ROLES, version.unit):
        return NotPermitted(_("Only the secrecy clerk or a leader of %(unit)s writes its summary.") % {"unit": version.unit})
    if version.is_final:
        return InvalidState(_("Version %(n)d of this summary is final and cannot change; start a new version to "
                              "change it.") % {"n": version.number})
    return None


def save_draft(*, version, section, text, by, reason="") -> SummaryVersion:
    """Save the paragraph of one section (empty text: back to the drafted paragraph); one history row per save."""
    from inspections.report import section_keys

    if section not in section_keys():
        raise InvalidInput({"text": [_("There is no such section.")]})
    text = visible_text(text)
    if len(text) > PROSE_MAX_LENGTH:
        raise InvalidInput({"text": [_("Keep the paragraph under %(n)d characters.") % {"n": PROSE_MAX_LENGTH}]})
    reason = visible_text(reason) or system_reason("Draft saved")
    with transaction.atomic():
        target = _still_current(version, _lock(version.unit, version.year))
        if target.pk is None:
            target.created_by = by
        raise_if(check_edit_summary(target, by))
        prose = dict(target.prose or {})
        if text:
            prose[section] = text
        else:
            prose.pop(section, None)
        target.prose = prose
        stamp(target, by=by, reason=reason).save()
    return target


def check_finalise_summary(version, user):
    if not has_role(user, Role.LEADER, version.unit):
        return NotPermitted(_("Only a leader of %(unit)s marks its summary final.") % {"unit": version.unit})
    if version.is_final:
        return InvalidState(_("Version %(n)d of this summary is already final.") % {"n": version.number})
    return None


def finalise_summary(*, version, by, reason) -> SummaryVersion:
    """Mark the summary final: the report as it reads now is kept, in the language of this request."""
    from inspections.report import build_report
    from inspections.summary import annual_summary
    from inspections.versions import changes_as_data, changes_of, snapshot_of

    reason = require_reason(reason)
    with transaction.atomic():
        target = _still_current(version, _lock(version.unit, version.year))
        raise_if(check_finalise_summary(target, by))
        if target.pk is None:
            target.created_by = by
        summary = annual_summary(by, target.unit, target.year)
        report = build_report(target.unit, target.year, summary, prose=target.prose)
        snapshot = snapshot_of(report, summary)
        changes = changes_of(target, report)
        if changes is not None:
            snapshot["changes"] = changes_as_data(changes)
        target.snapshot = snapshot
        target.status, target.finalised_by, target.finalised_at = VersionStatus.FINAL, by, timezone.now()
        stamp(target, by=by, reason=reason).save()
    return target


def check_start_new_version(version, user):
    if not has_any_role(user, EDIT_ROLES, version.unit):
        return NotPermitted(_("Only the secrecy clerk or a leader of %(unit)s writes its summary.") % {"unit": version.unit})
    if not version.is_final:
        return InvalidState(_("Version %(n)d is still a draft: edit it instead.") % {"n": version.number})
    return None


def start_new_version(*, version, by, reason) -> SummaryVersion:
    """A new draft after a final version, with the office's prose carried over and the reason for the new version."""
    reason = require_reason(reason, message=_("Say what the new version changes."))
    with transaction.atomic():
        current = _still_current(version, _lock(version.unit, version.year))
        raise_if(check_start_new_version(current, by))
        new = SummaryVersion(unit=current.unit, year=current.year, number=current.number + 1, based_on=current,
                             prose=dict(current.prose or {}), changes_note=reason, created_by=by)
        stamp(new, by=by, reason=reason).save()
    return new
