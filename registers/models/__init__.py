from registers.models.disclosure import APPROVING, Channel, Decision, Provision, Publication
from registers.models.key_part import CheckResult, KeyPart, KeyPartCheck, Protection
from registers.models.meeting import Meeting, MeetingAttendee, MeetingCopy, MeetingKind
from registers.models.rule import Rule

__all__ = ["APPROVING", "Channel", "CheckResult", "Decision", "KeyPart", "KeyPartCheck", "Meeting", "MeetingAttendee",
           "MeetingCopy", "MeetingKind", "Protection", "Provision", "Publication", "Rule"]
