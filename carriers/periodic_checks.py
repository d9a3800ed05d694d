"""Periodic checks of classified computers and media (定期检查): the five points, the result, the checker, the date.

Whoever made the check records it: a secrecy clerk, leader or inspector of the device's unit (inspectors do
checks). A check is dated the day it was made, never after today; a check that found anything wrong says what.
Checks are not corrected: a wrong check is followed by a right one. A scrapped device takes no more checks.

A check that finds the computer connected to the Internet, or used across the classified and non-classified
sides, has found an incident, not only a fault: it opens one in the register of incidents in the same
transaction (registers.services.incidents.open_incident), whose 24-hour clock to the bureau starts then.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from carriers.models import CheckPoint, Device, DeviceStatus, PeriodicCheck, point_field
from carriers.pdf import REGISTER_ROLES
from documents.services.errors import InvalidInput, InvalidState, NotPermitted, raise_if
from documents.reasons import system_reason
from documents.services.recording import require_reason, stamp, visible_text
from inspections.models import DeviceCheckResult
from people.selectors import has_role


# The points whose failure is itself an incident, and its kind.
INCIDENTS = {CheckPoint.INTERNET: "internet", CheckPoint.CROSS_USE: "procedure"}


def checker_refusal(user, unit):
    if not any(has_role(user, role, unit) for role in REGISTER_ROLES):
        return NotPermitted(_("Only a secrecy clerk, leader or inspector of %(unit)s records a check of its devices.")
                            % {"unit": unit})
    return None


def check_record_check(device, user):
    refusal = checker_refusal(user, device.unit)
    if refusal is None and device.status == DeviceStatus.SCRAPPED:
        refusal = InvalidState(_("%(device)s is scrapped; its record is final.") % {"device": device})
    return refusal


def _cleaned(*, checked_on, failed, result, findings):
    errors = {}
    failed = list(dict.fromkeys(failed or []))
    if checked_on is None or checked_on > timezone.localdate():
        errors["checked_on"] = [_("A check is recorded once made: the date cannot be after today.")]
    if any(point not in CheckPoint.values for point in failed):
        errors["failed"] = [_("Choose the points found wanting from the list.")]
    if result not in DeviceCheckResult.values:
        errors["result"] = [_("Say whether the check found a problem.")]
    elif failed and result != DeviceCheckResult.PROBLEM:
        errors["result"] = [_("A point was found wanting: the check found a problem.")]
    elif result == DeviceCheckResult.PROBLEM and not findings:
        errors["findings"] = [_("Write down what the check found wrong.")]
    if errors:
        raise InvalidInput(errors)
    return failed


def record_check(*, device, by, checked_on, failed=(), result, findings="", reason) -> PeriodicCheck:
    """The check `by` made of `device` on `checked_on`; `failed`: the CheckPoint values found wanting."""
    reason = require_reason(reason)
    findings = visible_text(findings)
    failed = _cleaned(checked_on=checked_on, failed=failed, result=result, findings=findings)
    with transaction.atomic():
        # The device's row is locked so that no check is recorded on a device being scrapped at that moment.
        device = Device.objects.select_for_update(of=("self",)).select_related("unit").get(pk=device.pk)
        raise_if(check_record_check(device, by))
        check = PeriodicCheck(device=device, checked_on=checked_on, checked_by=by, result=result, findings=findings,
                              **{point_field(point): point not in failed for point in CheckPoint.values})
        stamp(check, by=by, reason=reason).save()
        check.incidents = [_open_incident(check, point, by=by, reason=reason) for point in failed if point in INCIDENTS]
    return check


def _discovered_at(checked_on):
    """When the check found it: now for a check of today; noon of its day for one entered afterwards."""
    if checked_on == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.datetime.combine(checked_on, datetime.time(12)))


def _open_incident(check, point, *, by, reason):
    from registers.services.incidents import open_incident

    device = check.device
    return open_incident(
        unit=device.unit, kind=INCIDENTS[point], by=by, reason=reason, discovered_at=_discovered_at(check.checked_on),
        circumstances=check.findings,
        source=system_reason("Periodic check of %(device)s on %(date)s", device=device.asset_number,
                             date=check.checked_on.isoformat()),
    )

