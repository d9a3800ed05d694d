from .annual_summary import AnnualSummary
from .checklist import ChecklistArea, ChecklistItem, ChecklistTemplate, EvidenceCode
from .self_inspection import (
    DeviceCheck,
    DeviceCheckResult,
    InspectionKind,
    ItemScore,
    Rectification,
    RectificationStatus,
    SelfInspection,
    SelfInspectionStatus,
)

__all__ = [
    "AnnualSummary",
    "ChecklistArea",
    "ChecklistItem",
    "ChecklistTemplate",
    "DeviceCheck",
    "DeviceCheckResult",
    "EvidenceCode",
    "InspectionKind",
    "ItemScore",
    "Rectification",
    "RectificationStatus",
    "SelfInspection",
    "SelfInspectionStatus",
]
