from django.db.models import Q

from carriers.models import Device
from documents.models import Medium
from documents.selectors import visible_copies
from people.roles import Role
from people.selectors import units_where


def visible_devices(user):
    """The device registers of a user's units (clerk, leader, inspector), and the devices in their custody."""
    if not getattr(user, "is_authenticated", False):
        return Device.objects.none()
    units = units_where(user, Role.CLERK, Role.LEADER, Role.INSPECTOR)
    return Device.objects.filter(Q(unit__in=units) | Q(custodian=user)).select_related("unit", "custodian")


def loadable_copies(user, device):
    """Electronic copies the user may see that are not already on the device."""
    return (
        visible_copies(user)
        .exclude(document__medium=Medium.PAPER)
        .filter(document__level__lte=device.level)
        .exclude(carriers__device=device)
        .select_related("document")
        .order_by("-document__year", "-document__serial", "number")
    )
