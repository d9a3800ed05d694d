from registers.models.key_part import CheckResult, KeyPart, KeyPartCheck, Protection
from registers.models.rule import Rule

__all__ = ["CheckResult", "KeyPart", "KeyPartCheck", "Protection", "Rule"]
