from .copy import Copy, CopyStatus
from .document import Direction, Document, Medium, Urgency
from .registry import Registry, RegistryNumberCounter
from .scope import DocumentGroupObjectPermission, DocumentUserObjectPermission

__all__ = [
    "Copy",
    "CopyStatus",
    "Direction",
    "Document",
    "DocumentGroupObjectPermission",
    "DocumentUserObjectPermission",
    "Medium",
    "Registry",
    "RegistryNumberCounter",
    "Urgency",
]
