"""How a service writes a change into history: with its actor and its reason."""

from documents.services.errors import MissingReason


def require_reason(reason) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise MissingReason()
    return reason


def stamp(obj, *, by, reason):
    """Mark `obj` so the history row its next save or delete writes names the actor and the reason."""
    obj._history_user = by
    obj._change_reason = reason
    return obj
