from .enrolment import EnrolmentCode
from .system_account import SystemAccount
from .token import ApiToken
from .token_use import TokenUse

__all__ = ["ApiToken", "EnrolmentCode", "SystemAccount", "TokenUse"]
