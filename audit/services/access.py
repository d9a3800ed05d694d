"""Writing the access log. Other apps call `record_access` for prints and exports."""

from audit.models import AccessEvent, AccessKind

USER_AGENT_MAX = AccessEvent._meta.get_field("user_agent").max_length
PATH_MAX = AccessEvent._meta.get_field("path").max_length
DESCRIPTION_MAX = AccessEvent._meta.get_field("object_description").max_length
FROM_REQUEST = object()


def record_access(request, kind, obj_description="", *, user=FROM_REQUEST, username=None) -> AccessEvent:
    """Record one access event from a request (which may be None, e.g. authenticate() in a script).

    `kind` is an AccessKind; `obj_description` says what was printed, exported
    or refused, in words an inspector understands, e.g. "Registration ledger
    (PDF, 120 rows)". Never put a document's title in it: the log is read by
    inspectors of every unit.
    """
    kind = AccessKind(kind)
    if user is FROM_REQUEST:
        candidate = getattr(request, "user", None)
        user = candidate if getattr(candidate, "is_authenticated", False) else None
    if username is None:
        username = user.get_username() if user is not None else ""
    meta = getattr(request, "META", {}) if request is not None else {}
    return AccessEvent.objects.create(
        user=user,
        username=(username or "")[:150],
        kind=kind,
        path=(getattr(request, "path", "") or "")[:PATH_MAX] if request is not None else "",
        object_description=(obj_description or "")[:DESCRIPTION_MAX],
        # The direct peer only: X-Forwarded-For is whatever the client says
        # unless a trusted proxy rewrites it (see docs/audit.md).
        ip=meta.get("REMOTE_ADDR") or None,
        user_agent=(meta.get("HTTP_USER_AGENT") or "")[:USER_AGENT_MAX],
    )
