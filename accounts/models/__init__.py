from .token import ApiToken
from .token_use import TokenUse

__all__ = ["ApiToken", "TokenUse"]
