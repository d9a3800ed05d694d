"""Reads that may lag go to the read replica; everything else to the primary (docs/deployment.md, "Read replica").

A view opts in with `@reads_may_lag` (the ledger, searches, inspector pages,
the annual summary, prints); nothing else ever reads from the replica. Even
inside such a view the primary answers:

- every write (the router's `db_for_write` never names the replica, and the
  replica's connection is read-only besides), so the access log and a print's
  record are written where every other server reads them;
- every lock (`select_for_update` is routed as a write) and every read inside
  a transaction on the primary, so a step always checks what it changes
  against the truth;
- every read of a person who wrote in the last REPLICA_PIN_SECONDS
  (`PinAfterWrite`): a clerk sees their own registration on the next page
  although the replica may not have replayed it yet.

A replica that cannot be reached is not waited for: the opted-in reads go to
the primary, and the replica is tried again REPLICA_RETRY_SECONDS later
(`replica_reachable`). /healthz says how far it lags (secrecy_registry/health.py).

Without REPLICA_DATABASE_URL there is no `replica` alias and the router
answers nothing, which leaves Django's own routing as it was.
"""

import contextvars
import functools
import logging
import time
from contextlib import contextmanager

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

logger = logging.getLogger(__name__)

REPLICA = "replica"
PIN_COOKIE = "registry_primary"
_PIN_SALT = "secrecy_registry.replica.pin"

_may_lag = contextvars.ContextVar("registry_reads_may_lag", default=False)
_pinned = contextvars.ContextVar("registry_pinned_to_primary", default=False)
# Set by the router whenever Django asks where to write during a request.
_wrote = contextvars.ContextVar("registry_request_wrote", default=None)


def replica_configured() -> bool:
    return REPLICA in connections.settings


# When this process last failed to connect to the replica (time.monotonic()); process-wide on purpose:
# every request of a server that just found the replica down would otherwise wait for the connection again.
_down = {"since": None}


def replica_reachable() -> bool:
    """Whether the replica answers a connection; after a failure, False for REPLICA_RETRY_SECONDS without trying."""
    since = _down["since"]
    if since is not None and time.monotonic() - since < settings.REPLICA_RETRY_SECONDS:
        return False
    try:
        connections[REPLICA].ensure_connection()
    except DatabaseError:
        if since is None:
            logger.warning("the read replica cannot be reached: reads that may lag go to the primary")
        _down["since"] = time.monotonic()
        return False
    _down["since"] = None
    return True


def forget_replica_down():
    """For tests: the next read tries the replica again."""
    _down["since"] = None


def reads_may_lag(view=None):
    """Let this view (or `with` block) read from the replica; see the module's docstring for what still does not."""
    if view is None:
        return _lagging()

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        with _lagging():
            return view(*args, **kwargs)

    wrapper.reads_may_lag = True
    return wrapper


@contextmanager
def _lagging():
    token = _may_lag.set(True)
    try:
        yield
    finally:
        _may_lag.reset(token)


def _read_alias():
    """Where a read goes now: the replica, or None for the primary (Django's default)."""
    if not (_may_lag.get() and not _pinned.get() and replica_configured()):
        return None
    if connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return None
    if not replica_reachable():
        return None
    return REPLICA


class ReplicaRouter:
    """Database router: see the module's docstring."""

    def db_for_read(self, model, **hints):
        alias = _read_alias()
        if alias is not None:
            return alias
        instance = hints.get("instance")
        if instance is not None and instance._state.db == REPLICA:
            # A related object of a row read on the replica, fetched outside
            # a lagging read (in a step): from the primary, not from where
            # its parent happened to come.
            return DEFAULT_DB_ALIAS
        return None

    def db_for_write(self, model, **hints):
        wrote = _wrote.get()
        if wrote is not None:
            wrote.append(True)
        instance = hints.get("instance")
        if instance is not None and instance._state.db == REPLICA:
            # Django would write an object back where it was read from.
            return DEFAULT_DB_ALIAS
        return None

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the primary's rows: a person read there is the
        # same person an access event on the primary points at.
        databases = {obj1._state.db or DEFAULT_DB_ALIAS, obj2._state.db or DEFAULT_DB_ALIAS}
        if REPLICA in databases and databases <= {DEFAULT_DB_ALIAS, REPLICA}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        if db == REPLICA:
            return False
        return None


class PinAfterWrite:
    """A person who has just written reads from the primary for REPLICA_PIN_SECONDS.

    A request that changed something (a POST, PUT, PATCH or DELETE during
    which Django wrote to the database) gets a signed, timestamped cookie;
    while it is younger than REPLICA_PIN_SECONDS, `reads_may_lag` views read
    from the primary for that browser. Signed so that it cannot be forged to
    last longer; it carries nothing but its own age. Without a replica this
    does nothing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_configured():
            return self.get_response(request)
        wrote = []
        tokens = (_pinned.set(self._pinned(request)), _wrote.set(wrote))
        try:
            response = self.get_response(request)
        finally:
            _wrote.reset(tokens[1])
            _pinned.reset(tokens[0])
        if wrote and request.method not in ("GET", "HEAD", "OPTIONS", "TRACE"):
            response.set_signed_cookie(
                PIN_COOKIE,
                "1",
                salt=_PIN_SALT,
                max_age=settings.REPLICA_PIN_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    @staticmethod
    def _pinned(request):
        value = request.get_signed_cookie(PIN_COOKIE, default=None, salt=_PIN_SALT, max_age=settings.REPLICA_PIN_SECONDS)
        return value is not None


@contextmanager
def reads_may_lag_once_caught_up():
    """For work outside a request (a print job): read from the replica once it has replayed what the primary holds now.

    The job was queued by a request that committed before it started; waiting
    for the replica to pass the primary's current WAL position means the print
    shows everything its requester saw. A replica further behind than
    REPLICA_CATCH_UP_SECONDS is not waited for: the primary answers.
    """
    if replica_configured() and replica_caught_up(settings.REPLICA_CATCH_UP_SECONDS):
        with _lagging():
            yield
    else:
        yield


def replica_caught_up(within_seconds) -> bool:
    try:
        return _wait_for_replay(within_seconds)
    except DatabaseError:
        # A replica that cannot be reached is no reason to fail a print.
        return False


def _wait_for_replay(within_seconds) -> bool:
    # The insert position, not the write position: with asynchronous commit a transaction that has committed
    # can still be in the WAL buffers, past pg_current_wal_lsn(), and the replica would be "caught up" without it.
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_insert_lsn()")
        target = cursor.fetchone()[0]
    deadline = time.monotonic() + within_seconds
    with connections[REPLICA].cursor() as cursor:
        while True:
            cursor.execute("SELECT coalesce(pg_last_wal_replay_lsn() >= %s::pg_lsn, false)", [target])
            if cursor.fetchone()[0]:
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)
