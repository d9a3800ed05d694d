"""A person's memberships read once per request.

A document page asks "is this person a clerk (a leader) of this unit?" from
every procedure panel; each asking the database made the page a dozen
identical queries. Within a request the answer comes from one read of the
person's memberships. Outside a request (services called by commands, tests,
background print jobs) nothing is remembered, and a change of membership
forgets what the request had read.
"""

from contextlib import contextmanager
from contextvars import ContextVar

_memberships = ContextVar("memberships_this_request", default=None)


class RememberRolesPerRequest:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with remembering_roles():
            return self.get_response(request)


@contextmanager
def remembering_roles():
    """Remember memberships inside this block as a request does (the middleware; the benchmark's code path)."""
    token = _memberships.set({})
    try:
        yield
    finally:
        _memberships.reset(token)


def remembered_memberships(user, load):
    """The set of (role, unit id) of `user`, from this request's memory or `load()`."""
    memory = _memberships.get()
    if memory is None:
        return load()
    if user.pk not in memory:
        memory[user.pk] = load()
    return memory[user.pk]


def memberships_remembered(user) -> bool:
    """Whether this request has read `user`'s memberships already (asking them again costs nothing)."""
    memory = _memberships.get()
    return memory is not None and user.pk in memory


def forget_memberships():
    memory = _memberships.get()
    if memory is not None:
        memory.clear()
