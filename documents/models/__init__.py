from .circulation import Circulation, CirculationEntry, CirculationStatus
from .copy import Copy, CopyStatus
from .document import Direction, Document, Medium, Urgency
from .incident import Incident, IncidentStatus
from .registry import Registry, RegistryNumberCounter
from .scope import DocumentGroupObjectPermission, DocumentUserObjectPermission

__all__ = [
    "Circulation",
    "CirculationEntry",
    "CirculationStatus",
    "Copy",
    "CopyStatus",
    "Direction",
    "Document",
    "DocumentGroupObjectPermission",
    "DocumentUserObjectPermission",
    "Incident",
    "IncidentStatus",
    "Medium",
    "Registry",
    "RegistryNumberCounter",
    "Urgency",
]
