from .classification import ClassificationDecision, DecisionKind
from .copy import Copy, CopyStatus
from .destruction import DestructionItem, DestructionList, DestructionMethod, DestructionStatus
from .document import Direction, Document, Medium, Urgency
from .recovery import Recovery, RecoveryItem
from .registry import Registry, RegistryNumberCounter
from .scope import DocumentGroupObjectPermission, DocumentUserObjectPermission

__all__ = [
    "ClassificationDecision",
    "Copy",
    "CopyStatus",
    "DecisionKind",
    "DestructionItem",
    "DestructionList",
    "DestructionMethod",
    "DestructionStatus",
    "Direction",
    "Document",
    "DocumentGroupObjectPermission",
    "DocumentUserObjectPermission",
    "Medium",
    "Recovery",
    "RecoveryItem",
    "Registry",
    "RegistryNumberCounter",
    "Urgency",
]
