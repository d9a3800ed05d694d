from registers.models.rule import Rule

__all__ = ["Rule"]
