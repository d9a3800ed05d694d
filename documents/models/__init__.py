from .copy import Copy, CopyStatus
from .document import Direction, Document, Medium, Urgency
from .print_job import PrintJob, PrintJobStatus
from .print_record import PrintRecord
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
    "PrintJob",
    "PrintJobStatus",
    "PrintRecord",
    "Registry",
    "RegistryNumberCounter",
    "Urgency",
]
