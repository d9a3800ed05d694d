from registers.models.disclosure import APPROVING, Channel, Decision, Provision, Publication
from registers.models.key_part import CheckResult, KeyPart, KeyPartCheck, Protection
from registers.models.rule import Rule

__all__ = ["APPROVING", "Channel", "CheckResult", "Decision", "KeyPart", "KeyPartCheck", "Protection", "Provision",
           "Publication", "Rule"]
