from .departure import Departure, DepartureKind, DepartureStatus
from .grant import GrantStatus, RoleGrant
from .membership import Membership
from .person import Person
from .training import TrainingRecord
from .unit import Unit

__all__ = ["Departure", "DepartureKind", "DepartureStatus", "GrantStatus", "Membership", "Person", "RoleGrant", "TrainingRecord", "Unit"]
