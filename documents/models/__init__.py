from .copy import Copy, CopyStatus
from .inventory import DISCREPANCIES, Inventory, InventoryItem, InventoryStatus, ItemResult
from .document import Direction, Document, Medium, Urgency
from .registry import Registry, RegistryNumberCounter
from .scope import DocumentGroupObjectPermission, DocumentUserObjectPermission

__all__ = [
    "Copy",
    "CopyStatus",
    "Direction",
    "DISCREPANCIES",
    "Document",
    "DocumentGroupObjectPermission",
    "DocumentUserObjectPermission",
    "Inventory",
    "InventoryItem",
    "InventoryStatus",
    "ItemResult",
    "Medium",
    "Registry",
    "RegistryNumberCounter",
    "Urgency",
]
