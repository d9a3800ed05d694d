from .device import CarriedCopy, Device, DeviceKind, DeviceStatus, Network

__all__ = ["CarriedCopy", "Device", "DeviceKind", "DeviceStatus", "Network"]
