from .consultation import Consultation, ConsultationKind, ConsultationStatus, ConsultationVolume
from .reading_room import ReadingRoomSession, SessionVolume
from .volume import FiledCopy, RetentionPeriod, Volume

__all__ = [
    "Consultation",
    "ConsultationKind",
    "ConsultationStatus",
    "ConsultationVolume",
    "FiledCopy",
    "ReadingRoomSession",
    "RetentionPeriod",
    "SessionVolume",
    "Volume",
]
