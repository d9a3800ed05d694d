from .membership import Membership
from .person import Person
from .unit import Unit

__all__ = ["Membership", "Person", "Unit"]
