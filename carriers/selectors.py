from django.db.models import Exists, OuterRef, Q

from carriers.models import Device, DeviceStatus
from documents.models import DestructionDeviceItem, Medium
from documents.models.copy import TERMINAL
from documents.selectors import visible_copies, visible_destruction_lists
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


def devices_for_destruction(user, registry):
    """Devices of the registry's unit a clerk may put on a destruction list now: in use, on no open list."""
    open_item = DestructionDeviceItem.objects.filter(device=OuterRef("pk"), is_open=True)
    return (
        visible_devices(user)
        .filter(unit=registry.unit_id, status=DeviceStatus.IN_USE)
        .exclude(Exists(open_item))
        .order_by("asset_number")
    )


def live_carried_copies(user, device):
    """The copies `user` may see that a device still carries (not destroyed, returned or lost):
    scrapping the device destroys them, so they go on its destruction list with it."""
    return (
        visible_copies(user)
        .filter(carriers__device=device)
        .exclude(status__in=TERMINAL)
        .select_related("document")
        .order_by("document__year", "document__serial", "number")
    )


def device_scrapping(user, device):
    """The destruction lists `user` may open that hold `device`, newest first: where its scrapping stands."""
    return (
        DestructionDeviceItem.objects.filter(device=device, list__in=visible_destruction_lists(user).values("pk"))
        .select_related("list__registry", "list__approved_by", "list__witness_1", "list__witness_2")
        .order_by("-list__prepared_at", "-pk")
    )
