from .annual_summary import AnnualSummary
from .checklist import ChecklistArea, ChecklistItem, ChecklistTemplate
from .summary_version import SummaryVersion, VersionStatus
from .self_inspection import ItemScore, Rectification, RectificationStatus, SelfInspection, SelfInspectionStatus

__all__ = [
    "AnnualSummary",
    "ChecklistArea",
    "ChecklistItem",
    "ChecklistTemplate",
    "ItemScore",
    "Rectification",
    "RectificationStatus",
    "SelfInspection",
    "SelfInspectionStatus",
    "SummaryVersion",
    "VersionStatus",
]
