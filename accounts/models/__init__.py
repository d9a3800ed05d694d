from .enrolment import EnrolmentCode
from .token import ApiToken
from .token_use import TokenUse

__all__ = ["ApiToken", "EnrolmentCode", "TokenUse"]
