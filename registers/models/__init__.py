from registers.models.disclosure import APPROVING, Channel, Decision, Provision, Publication
from registers.models.education import Attendance, EducationEvent, EventKind
from registers.models.key_part import CheckResult, KeyPart, KeyPartCheck, Protection
from registers.models.meeting import Meeting, MeetingAttendee, MeetingCopy, MeetingKind
from registers.models.organisation import GroupMembership, PlanTask, Position, ResponsibilityLetter, WorkPlan
from registers.models.rule import Rule

__all__ = ["APPROVING", "Attendance", "Channel", "CheckResult", "Decision", "EducationEvent", "EventKind",
           "GroupMembership", "KeyPart", "KeyPartCheck", "Meeting", "MeetingAttendee", "MeetingCopy", "MeetingKind",
           "PlanTask", "Position", "Protection", "Provision", "Publication", "ResponsibilityLetter", "Rule", "WorkPlan"]
