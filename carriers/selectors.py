from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from carriers.models import CarriedCopy, Device, DeviceStatus, MediumLoan, OpenComputer, PeriodicCheck
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
        .exclude(Exists(CarriedCopy.objects.filter(copy=OuterRef("pk"), device=device, erased_at__isnull=True)))
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
        .filter(carriers__device=device, carriers__erased_at__isnull=True)
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


def register_devices(user):
    """The devices of the registers `user` keeps or reads (clerk, leader, inspector): not those only in their custody.
    Checks and loans are the register's business; a custodian sees their device, not its file."""
    if not getattr(user, "is_authenticated", False):
        return Device.objects.none()
    return Device.objects.filter(unit__in=units_where(user, Role.CLERK, Role.LEADER, Role.INSPECTOR))


def visible_periodic_checks(user):
    return (PeriodicCheck.objects.filter(device__in=register_devices(user).values("pk"))
            .select_related("device__unit", "checked_by"))


def visible_medium_loans(user):
    """Loans of the media of the registers `user` keeps or reads, and the loans to `user` themselves."""
    if not getattr(user, "is_authenticated", False):
        return MediumLoan.objects.none()
    return (MediumLoan.objects.filter(Q(device__in=register_devices(user).values("pk")) | Q(borrower=user))
            .select_related("device__unit", "borrower", "lent_by", "received_by"))


def overdue_medium_loans(user, *, today=None):
    return visible_medium_loans(user).filter(returned_on__isnull=True, due_on__lt=today or timezone.localdate())


def visible_open_computers(user):
    if not getattr(user, "is_authenticated", False):
        return OpenComputer.objects.none()
    units = units_where(user, Role.CLERK, Role.LEADER, Role.INSPECTOR)
    return OpenComputer.objects.filter(unit__in=units).select_related("unit", "user")
