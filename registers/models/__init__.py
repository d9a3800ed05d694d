from registers.models.education import Attendance, EducationEvent, EventKind
from registers.models.key_part import CheckResult, KeyPart, KeyPartCheck, Protection
from registers.models.rule import Rule

__all__ = ["Attendance", "CheckResult", "EducationEvent", "EventKind", "KeyPart", "KeyPartCheck", "Protection", "Rule"]
