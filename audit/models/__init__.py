from .access import AccessEvent, AccessKind
from .chain import ChainCheckpoint, ChainLink, CheckpointSource, PendingLink, RowShape

__all__ = ["AccessEvent", "AccessKind", "ChainCheckpoint", "ChainLink", "CheckpointSource", "PendingLink", "RowShape"]
