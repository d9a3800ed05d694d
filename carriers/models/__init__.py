from .check import CheckPoint, PeriodicCheck, point_field
from .device import CarriedCopy, Device, DeviceKind, DeviceStatus, Network
from .loan import MediumLoan
from .open_computer import OpenComputer, OpenNetwork

__all__ = ["CarriedCopy", "CheckPoint", "Device", "DeviceKind", "DeviceStatus", "MediumLoan", "Network",
           "OpenComputer", "OpenNetwork", "PeriodicCheck", "point_field"]
