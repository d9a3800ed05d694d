from .departure import Departure, DepartureKind, DepartureStatus
from .membership import Membership
from .person import Person
from .training import TrainingRecord
from .unit import Unit

__all__ = ["Departure", "DepartureKind", "DepartureStatus", "Membership", "Person", "TrainingRecord", "Unit"]
