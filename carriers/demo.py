"""The demo's device work (load_demo, through documents/management/demo_registers.py): a periodic check of a
classified computer that found an Internet connection, a storage key lent and returned, a non-classified computer."""

import datetime

from django.utils import timezone

from carriers.media_loans import lend_medium, return_medium
from carriers.models import CheckPoint, Device, OpenComputer, OpenNetwork, PeriodicCheck
from carriers.open_computers import register_computer
from carriers.periodic_checks import record_check
from inspections.models import DeviceCheckResult

REASON = "Demo data"


def _days_ago(days):
    today = timezone.localdate()
    return max(today - datetime.timedelta(days=days), datetime.date(today.year, 1, 1))


def load(*, unit, clerk, inspector, reader):
    """Whole or not at all (the caller's transaction); the check is the marker that it is there."""
    computer = Device.objects.filter(unit=unit, asset_number="BGS-PC-02").first()
    key = Device.objects.filter(unit=unit, asset_number="BGS-U-02").first()
    if computer is None or key is None or PeriodicCheck.objects.filter(device__unit=unit).exists():
        return False
    record_check(device=computer, by=inspector, checked_on=_days_ago(60), failed=[], result=DeviceCheckResult.OK,
                 reason=REASON)
    record_check(device=computer, by=inspector, checked_on=_days_ago(12), failed=[CheckPoint.INTERNET],
                 result=DeviceCheckResult.PROBLEM, findings="网线接入了互联网交换机，已当场断开", reason=REASON)
    lent = _days_ago(20)
    lend_medium(device=key, borrower=reader, lent_on=lent, due_on=lent + datetime.timedelta(days=7), by=clerk,
                reason=REASON)
    return_medium(device=key, returned_on=_days_ago(14), complete=True, by=clerk, reason=REASON)
    if not OpenComputer.objects.filter(unit=unit).exists():
        register_computer(unit=unit, by=clerk, reason=REASON, asset_number="BGS-NC-01", user=reader,
                          location="办公楼二楼 205 室", network=OpenNetwork.INTERNET, network_name="电信互联网专线")
    return True
