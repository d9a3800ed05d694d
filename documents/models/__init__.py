from .circulation import Circulation, CirculationEntry, CirculationStatus
from .copy import Copy, CopyStatus
from .inventory import DISCREPANCIES, Inventory, InventoryItem, InventoryStatus, ItemResult
from .document import Direction, Document, Medium, Urgency
from .loan import DEFAULT_LOAN_POLICIES, OPEN_LOAN_STATUSES, IdentityDocument, Loan, LoanMode, LoanPolicy, LoanStatus
from .incident import Incident, IncidentStatus
from .registry import Registry, RegistryNumberCounter
from .reproduction import ReproductionKind, ReproductionRequest, ReproductionStatus
from .scope import DocumentGroupObjectPermission, DocumentUserObjectPermission

__all__ = [
    "Circulation",
    "CirculationEntry",
    "CirculationStatus",
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
    "Incident",
    "IncidentStatus",
    "Medium",
    "Registry",
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
