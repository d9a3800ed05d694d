from registers.models.key_part import CheckResult, KeyPart, KeyPartCheck, Protection
from registers.models.organisation import GroupMembership, PlanTask, Position, ResponsibilityLetter, WorkPlan
from registers.models.rule import Rule

__all__ = ["CheckResult", "GroupMembership", "KeyPart", "KeyPartCheck", "PlanTask", "Position", "Protection",
           "ResponsibilityLetter", "Rule", "WorkPlan"]
