from .circulation import Circulation, CirculationEntry, CirculationStatus
from .copy import Copy, CopyStatus
from .inventory import (
    ACCOUNTED, DEVICE_RESULTS, DISCREPANCIES, Inventory, InventoryDeviceItem, InventoryItem, InventoryStatus, ItemResult,
)
from .document import Direction, Document, DocumentType, Medium, Urgency
from .loan import DEFAULT_LOAN_POLICIES, OPEN_LOAN_STATUSES, IdentityDocument, Loan, LoanMode, LoanPolicy, LoanStatus
from .incident import Incident, IncidentKind, IncidentStatus
from .classification import ClassificationDecision, DecisionKind
from .destruction import DestructionDeviceItem, DestructionItem, DestructionList, DestructionMethod, DestructionStatus
from .recovery import Recovery, RecoveryItem
from .print_record import PrintRecord
from .registry import Registry, RegistryNumberCounter
from .reproduction import ReproductionKind, ReproductionRequest, ReproductionStatus
from .storage import StorageLocation
from .scope import DocumentGroupObjectPermission, DocumentUserObjectPermission

__all__ = [
    "ACCOUNTED",
    "Circulation",
    "CirculationEntry",
    "CirculationStatus",
    "ClassificationDecision",
    "Copy",
    "CopyStatus",
    "DecisionKind",
    "DestructionDeviceItem",
    "DestructionItem",
    "DestructionList",
    "DestructionMethod",
    "DestructionStatus",
    "Direction",
    "DocumentType",
    "DISCREPANCIES",
    "Document",
    "DocumentGroupObjectPermission",
    "DocumentUserObjectPermission",
    "Inventory",
    "InventoryDeviceItem",
    "InventoryItem",
    "InventoryStatus",
    "ItemResult",
    "Incident",
    "IncidentKind",
    "IncidentStatus",
    "Medium",
    "Recovery",
    "RecoveryItem",
    "PrintRecord",
    "Registry",
    "StorageLocation",
    "RegistryNumberCounter",
    "Urgency",
    # borrowing and copying
    "DEFAULT_LOAN_POLICIES",
    "IdentityDocument",
    "Loan",
    "LoanMode",
    "LoanPolicy",
    "LoanStatus",
    "OPEN_LOAN_STATUSES",
    "ReproductionKind",
    "ReproductionRequest",
    "ReproductionStatus",
]
